/**
 * `natlab verify` on the real kernel (root, Linux; skipped loudly elsewhere): agreement on the seed lab,
 * the rp_filter=1 variant predicted and confirmed (reply dropped: agreement, not a failure), the JSON
 * report, and teardown — also when the run is interrupted with Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { kernelUnavailable, namespacesWithPrefix } from '../../kernel/host.ts';
import { cli, cliAsync, SEED, seedDoc } from '../cli.test-support.ts';

const why = kernelUnavailable();
if (why) console.warn(`\n*** natlab verify NOT TESTED against the kernel (${why}) ***\n`);

const BIN = new URL('../../../bin/natlab.mjs', import.meta.url).pathname;

describe('natlab verify: usage', () => {
  it.each([
    [['verify', SEED, '--probe', 'vbs'], 'expected "FROM TO [icmp|tcp|udp] [port]"'],
    [['verify', SEED, '--probe', 'vbs 1.2.3.4 sctp'], 'protocol must be icmp, tcp or udp'],
    [['verify', SEED, '--probe', 'vbs 1.2.3.4 tcp'], 'tcp needs a port 1..65535'],
    [['verify', SEED, '--probe', 'vbs 1.2.3.4 udp 70000'], 'udp needs a port 1..65535'],
    [['verify', SEED, '--probe', 'nobody 1.2.3.4'], 'no device "nobody"'],
    [['verify', SEED, '--probe', 'vbs 1.2.3.400'], '"1.2.3.400" is not an IPv4 address'],
    [['verify'], 'exactly one LAB'],
  ])('%j → exit 2', async (argv, msg) => {
    const r = await cliAsync(argv as string[]);
    expect(r.stderr).toContain(msg);
    expect(r.code).toBe(2);
  });
  it('help', () => expect(cli(['help', 'verify']).stdout).toContain('usage: natlab verify LAB'));
});

describe.skipIf(why !== null)('natlab verify on this kernel', () => {
  it('the seed lab: vbs reaches the copy through the masquerade network, on both sides', async () => {
    const r = await cliAsync([
      'verify',
      SEED,
      '--probe',
      'vbs 192.168.150.36',
      '--probe',
      'sf0006 192.168.149.50',
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(
      '  ok    vbs → 192.168.150.36: answered by 192.168.150.36 id 4242 (delivered to sf0006-copy as 192.168.149.2 > 192.168.149.36 id 4242)\n',
    );
    expect(r.stdout).toContain(
      '  ok    sf0006 → 192.168.149.50: answered by 192.168.149.50 id 4242 (delivered to vlab as 192.168.149.36 > 192.168.149.50 id 4242)\n',
    );
    expect(r.stdout).toMatch(/\nagreement: 2 of 2 probes agree \(\d+ checks; Linux \S+; [\d.]+ s\)\n$/);
    expect(r.code).toBe(0);
  }, 60000);

  it('rp_filter=1 on the appliance: the reply is dropped, predicted and confirmed (agreement)', async () => {
    const doc = seedDoc();
    doc.devices.find((d) => d.id === 'vlab')!.sysctls!['net.ipv4.conf.all.rp_filter'] = 1;
    const r = await cliAsync(['verify', 'strict.lab.json', '--probe', 'vbs 192.168.150.36', '--json'], {
      'strict.lab.json': JSON.stringify(doc),
    });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as {
      agreed: number;
      disagreed: number;
      probes: { agree: boolean; fields: { field: string; engine: string; kernel: string }[] }[];
    };
    expect([j.agreed, j.disagreed]).toEqual([1, 0]);
    const f = Object.fromEntries(j.probes[0]!.fields.map((x) => [x.field, x]));
    // the request still reaches the copy; its answer dies at the appliance
    expect(f['receiver']).toMatchObject({ engine: 'sf0006-copy', kernel: 'sf0006-copy' });
    expect(f['outcome']).toMatchObject({ engine: 'no-reply', kernel: 'no-reply', agree: true });
    expect(f['answer at the sender']).toMatchObject({ engine: null, kernel: null });
    // the routing decisions asked on the kernel include the appliance's reverse-path check of the answer
    expect(Object.keys(f).filter((k) => k.startsWith('ip route get')).length).toBeGreaterThan(2);
  }, 60000);

  it('Ctrl-C in the middle of a run tears the lab down', async () => {
    const child = spawn('node', [BIN, 'verify', SEED], { stdio: ['ignore', 'pipe', 'pipe'] });
    const prefix = `nlv${child.pid! % 100000}`;
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    // wait until the lab is built and the first probe has been answered
    const t0 = Date.now();
    while (!/\n {2}(ok|DIFF)/.test(out) && Date.now() - t0 < 30000)
      await new Promise((r) => setTimeout(r, 100));
    expect(namespacesWithPrefix(prefix).length).toBeGreaterThan(0);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(130);
    expect(namespacesWithPrefix(prefix)).toEqual([]);
  }, 60000);
});
