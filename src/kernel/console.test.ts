/**
 * The console's `ping` and `conntrack` against the real tools (iputils-ping 20221126, conntrack-tools
 * 1.4.7) on labs built in namespaces (`ncon…`, always deleted): every command runs on the kernel and in
 * natlab from the same cold start (neighbours and conntrack flushed), and stdout, stderr and the exit
 * status must be the same — after taking from the real ping what natlab documents it leaves out (the
 * times, the rtt line), and allowing a `conntrack -L` timeout to be less by the seconds since the last
 * ping began, plus one (the kernel counts down; natlab prints the value the last packet set). Real ping's echo id is random: every ping here passes `-e`. Skipped, loudly, without root.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nsName } from '../engine/export/netns-script.ts';
import type { Network } from '../engine/model/network.ts';
import { routeGet } from '../engine/routing/route-get.ts';
import { SimState } from '../engine/sim/state.ts';
import { execCommand, type CommandOutput } from '../engine/tools/exec.ts';
import { loadLab } from '../lab/load.ts';
import { coldStart, exec, probesUnavailable } from './probe.ts';
import { buildLab, teardown, uniquePrefix } from './realize.ts';

const why = probesUnavailable();
if (why)
  console.warn(
    `\n*** KERNEL TESTS SKIPPED (${why}): the console was NOT compared with ping and conntrack ***\n`,
  );

function network(text: string): Network {
  const r = loadLab(text);
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return r.network;
}
const STATIC = () =>
  network(
    readFileSync(new URL('../../public/labs/surebackup-static-mapping.lab.json', import.meta.url), 'utf8'),
  );

/** Two hosts on one segment; `a` refuses some destinations in OUTPUT and by route type. */
const LOCAL = () =>
  network(
    JSON.stringify({
      schemaVersion: 2,
      name: 'console errors',
      segments: [{ id: 'lan', name: 'LAN', kind: 'production' }],
      devices: [
        {
          id: 'a',
          name: 'a',
          kind: 'host',
          interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.9.0.1/24'] }],
          routes: [
            { to: '10.1.0.0/16', type: 'unreachable' },
            { to: '10.2.0.0/16', type: 'prohibit' },
            { to: '10.3.0.0/16', type: 'blackhole' },
          ],
          iptables: {
            filter: {
              OUTPUT: [
                '-d 10.9.0.7/32 -j DROP',
                '-d 10.9.0.8/32 -j REJECT --reject-with icmp-port-unreachable',
                '-d 10.9.0.9/32 -j REJECT --reject-with icmp-net-prohibited',
              ],
            },
          },
        },
        {
          id: 'b',
          name: 'b',
          kind: 'host',
          interfaces: [{ name: 'eth0', segment: 'lan', addresses: ['10.9.0.2/24'] }],
          iptables: { nat: { POSTROUTING: ['-o eth0 -p udp -j MASQUERADE'] } },
        },
      ],
    }),
  );

/** What natlab leaves out of ping's output: the times and the rtt statistics. */
function withoutTimes(stdout: string): string {
  return stdout
    .replace(/ time=[\d.]+ ms/g, '')
    .replace(/, time \d+ms/g, '')
    .replace(/^rtt min\/avg\/max\/mdev = [\d./]+ ms(, )?/m, '');
}

/** `conntrack -L` lines sorted (the kernel lists in hash order), each with its timeout apart. */
function ctLines(stdout: string): { line: string; timeout: number }[] {
  return stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const f = l.split(/ +/);
      return { line: [...f.slice(0, 2), 'T', ...f.slice(3)].join(' '), timeout: Number(f[2]) };
    })
    .sort((x, y) => x.line.localeCompare(y.line));
}

class Session {
  readonly state = new SimState();
  constructor(
    readonly net: Network,
    readonly prefix: string,
  ) {}

  /** When the last ping began (ms): conntrack timeouts have counted down since. */
  private pingAt = 0;

  async both(device: string, argv: readonly string[]): Promise<{ real: CommandOutput; sim: CommandOutput }> {
    if (argv[0] === 'ping') this.pingAt = Date.now();
    const r = await exec('ip', ['netns', 'exec', nsName(this.prefix, device), ...argv], undefined, 30000);
    const sim = execCommand(this.net, device, argv, { routeGet, state: this.state });
    return { real: { stdout: r.stdout, stderr: r.stderr, code: r.code ?? -1 }, sim };
  }

  /** Runs the command on both and expects the same answer. */
  async same(device: string, ...argv: string[]): Promise<CommandOutput> {
    const { real, sim } = await this.both(device, argv);
    const what = `${device}# ${argv.join(' ')}`;
    if (argv[0] === 'conntrack' && ['-L', '--dump'].includes(argv[1] ?? '')) {
      const k = ctLines(real.stdout);
      const s = ctLines(sim.stdout);
      expect(
        s.map((x) => x.line),
        what,
      ).toEqual(k.map((x) => x.line));
      const elapsed = Math.ceil((Date.now() - this.pingAt) / 1000) + 1;
      k.forEach((x, i) => {
        expect(x.timeout, what).toBeLessThanOrEqual(s[i]!.timeout);
        expect(x.timeout, what).toBeGreaterThanOrEqual(s[i]!.timeout - elapsed);
      });
      expect({ stderr: sim.stderr, code: sim.code }, what).toEqual({ stderr: real.stderr, code: real.code });
    } else {
      const stdout = argv[0] === 'ping' ? withoutTimes(real.stdout) : real.stdout;
      expect(sim, what).toEqual({ ...real, stdout });
    }
    return sim;
  }

  /** A cold start on both: neighbours and conntrack flushed on the kernel, every table emptied here. */
  fresh(): void {
    coldStart(this.net, this.prefix);
    for (const d of this.net.devices)
      execCommand(this.net, d.id, ['conntrack', '-F'], { routeGet, state: this.state });
  }
}

describe.skipIf(why !== null)('the console answers as ping and conntrack do (static IP mapping lab)', () => {
  const net = STATIC();
  const prefix = uniquePrefix('ncon');
  const s = new Session(net, prefix);
  beforeAll(() => buildLab(net, prefix), 60000);
  afterAll(() => teardown(prefix));

  it('the acceptance question: ip route get with iif and mark on the appliance', async () => {
    const out = await s.same(
      'vlab',
      'ip',
      'route',
      'get',
      '192.168.149.36',
      'from',
      '192.168.149.22',
      'iif',
      'eth0',
      'mark',
      '0x6',
    );
    expect(out.stdout).toContain('dev eth1 table 2');
  });

  it('ping through the masquerade network, then the appliance’s conntrack entry', async () => {
    s.fresh();
    const p = await s.same('vbs', 'ping', '-c', '2', '-e', '4242', '192.168.150.36');
    expect(p.stdout).toContain('64 bytes from 192.168.150.36: icmp_seq=2 ttl=63\n');
    const l = await s.same('vlab', 'conntrack', '-L');
    expect(l.stdout).toMatch(
      /^icmp {5}1 30 src=192\.168\.149\.22 dst=192\.168\.150\.36 type=8 code=0 id=4242 /,
    );
    await s.same('vbs', 'conntrack', '-L');
    await s.same('vlab', 'conntrack', '-C');
    // the same id again: the entry is ESTABLISHED, there is still one
    await s.same('vbs', 'ping', '-q', '-c', '1', '-e', '4242', '192.168.150.36');
    await s.same('vlab', 'conntrack', '-L');
  }, 30000);

  it('the access IP (static mapping): DNAT and SNAT in one entry, filters, flush', async () => {
    s.fresh();
    await s.same('ws01', 'ping', '-c', '2', '-e', '77', '192.168.149.136');
    for (const f of [
      ['-p', 'icmp', '-s', '192.168.149.64'],
      ['-d', '10.0.0.0/8'],
      ['-r', '192.168.149.36'],
      ['-q', '192.168.149.2'],
      ['--proto', 'tcp'],
      ['-m', '0'],
      ['-m', '5/0xff'],
      ['-f', 'ipv6'],
    ])
      await s.same('vlab', 'conntrack', '-L', ...f);
    await s.same('vlab', 'conntrack', '-F');
    await s.same('vlab', 'conntrack', '-L');
  }, 30000);

  it('TTL exceeded on the way: the error is de-NATed; the request died before confirm, no entry', async () => {
    s.fresh();
    const p = await s.same('vbs', 'ping', '-c', '2', '-e', '5', '-t', '1', '192.168.150.36');
    expect(p.stdout).toContain('From 192.168.150.36 icmp_seq=1 Time to live exceeded\n');
    expect((await s.same('vlab', 'conntrack', '-L')).stdout).toBe('');
  }, 30000);

  it('an answer that never comes back leaves an UNREPLIED entry', async () => {
    s.fresh();
    // nobody has 192.168.149.99 in the isolated network: ARP fails on the appliance's eth1
    await s.same('vbs', 'ping', '-c', '1', '-e', '13', '192.168.150.99');
    expect((await s.same('vlab', 'conntrack', '-L')).stdout).toContain('[UNREPLIED]');
  }, 30000);

  it('a mark that selects table 2 on the appliance', async () => {
    s.fresh();
    await s.same('vlab', 'ping', '-c', '1', '-e', '10', '-m', '2', '192.168.149.36');
  }, 30000);

  it('-q, -I DEV, local destinations, broadcast, no route', async () => {
    s.fresh();
    await s.same('vbs', 'ping', '-q', '-c', '2', '-e', '6', '192.168.150.36');
    await s.same('vbs', 'ping', '-c', '1', '-e', '7', '-I', 'eth0', '192.168.150.36');
    await s.same('vbs', 'ping', '-c', '1', '-e', '8', '127.0.0.1');
    await s.same('vbs', 'ping', '-c', '1', '-e', '8', '0');
    await s.same('vbs', 'ping', '-c', '1', '-e', '8', '192.168.149.22');
    await s.same('vbs', 'ping', '-c', '1', '192.168.149.255');
    await s.same('gateway', 'ping', '-c', '1', '10.1.1.1');
    await s.same('gateway', 'ping', '-c', '1', '-W', '1', '-I', '192.168.149.2', '10.1.1.1');
  }, 30000);

  it('ARP gives up after 3 s: the errors come together (pipe 3), or after ping stopped waiting', async () => {
    s.fresh();
    await s.same('gateway', 'ping', '-c', '3', '-e', '9', '192.168.149.99');
    s.fresh();
    await s.same('gateway', 'ping', '-c', '1', '-W', '2', '-e', '9', '192.168.149.99');
  }, 30000);

  it.each([
    [[]],
    [['-c', '0', '10.0.0.1']],
    [['-c', 'abc', '10.0.0.1']],
    [['-c', '99999999999999999999', '10.0.0.1']],
    [['-t', '256', '10.0.0.1']],
    [['-t', '0', '192.168.149.2']],
    [['-m', '4294967296', '10.0.0.1']],
    [['-e', '70000', '10.0.0.1']],
    [['-W', '-1', '10.0.0.1']],
    [['-X', '10.0.0.1']],
    [['--help']],
    [['-c']],
    [['-c', '1', '-I', 'eth9', '10.0.0.1']],
    [['-c', '1', '-I', '10.0.0.9', '10.0.0.1']],
    [['-V']],
  ])('ping %j: the same error', async (args) => {
    await s.same('vbs', 'ping', ...args);
  });

  it.each([
    [[]],
    [['-h']],
    [['-V']],
    [['-L', '-p', 'foo']],
    [['-L', '-p']],
    [['-L', '-X']],
    [['-L', '--bogus']],
    [['-F', '-p', 'tcp']],
    [['-C', '-s', '1.2.3.4']],
    [['-L', '-F']],
    [['-L', 'extra']],
    [['-L', '-s', '300.1.1.1']],
    [['-L', '-s', '1.2.3.4/33']],
    [['-L', 'expect']],
    [['--dump']],
    [['-Lp', 'tcp']],
    [['-L', 'conntrack', 'extra']],
    [['-L', 'foo2', '-p', 'icmp']],
  ])('conntrack %j: the same answer', async (args) => {
    await s.same('vlab', 'conntrack', ...args);
  });
});

describe.skipIf(why !== null)('ping when the sender refuses: OUTPUT DROP/REJECT and route types', () => {
  const net = LOCAL();
  const prefix = uniquePrefix('ncon');
  const s = new Session(net, prefix);
  beforeAll(() => buildLab(net, prefix), 60000);
  afterAll(() => teardown(prefix));

  it('REJECT in OUTPUT: the error and sendmsg’s EPERM; DROP: silence', async () => {
    s.fresh();
    await s.same('a', 'ping', '-c', '2', '-e', '11', '10.9.0.8');
    await s.same('a', 'ping', '-c', '1', '-e', '11', '10.9.0.9');
    await s.same('a', 'ping', '-q', '-c', '1', '-e', '11', '10.9.0.9');
    await s.same('a', 'ping', '-c', '1', '-W', '1', '-e', '11', '10.9.0.7');
  }, 30000);

  it('unreachable, prohibit and blackhole routes: connect() fails, or a bound socket stays silent', async () => {
    for (const dst of ['10.1.0.1', '10.2.0.1', '10.3.0.1']) {
      await s.same('a', 'ping', '-c', '1', dst);
      await s.same('a', 'ping', '-c', '1', '-W', '1', '-I', '10.9.0.1', dst);
    }
  }, 30000);

  it('a plain exchange, and a host without conntrack lists nothing', async () => {
    s.fresh();
    await s.same('b', 'ping', '-c', '2', '-e', '12', '10.9.0.1');
    await s.same('b', 'conntrack', '-L');
    await s.same('a', 'conntrack', '-L');
  }, 30000);
});
