import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli, SEED, seedDoc } from './cli.test-support.ts';

describe('natlab trace', () => {
  it('shows the SureBackup exchange hop by hop and exits 0', () => {
    const r = cli(['trace', SEED, '--from', 'vbs', '--to', '192.168.150.36']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('chain       prerouting mangle PREROUTING');
    expect(r.stdout).toContain(
      'rule 1    -d 192.168.150.0/24 -i eth0 -j MARK --set-xmark 0x6/0xffffffff  => continue  mark 0x0 → 0x6',
    );
    expect(r.stdout).toContain('nat         prerouting DNAT 192.168.150.36 → 192.168.149.36  [rule]');
    expect(r.stdout).toContain('=> delivered to sf0006-copy, seen as 192.168.149.2 > 192.168.149.36');
    expect(r.stdout).toContain('=> delivered to vbs, seen as 192.168.150.36 > 192.168.149.22');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^answered: /);
  });

  it('--json prints the documented shape (docs/cli.md)', () => {
    const r = cli(['trace', SEED, '--from', 'vbs', '--to', '192.168.150.36', '--json']);
    expect(r.code).toBe(0);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- walking parsed JSON
    const j = JSON.parse(r.stdout) as Record<string, any>;
    expect(Object.keys(j)).toEqual(['outcome', 'summary', 'request', 'reply']);
    expect(j.request).toMatchObject({
      delivered: true,
      receiver: 'sf0006-copy',
      seen: { src: '192.168.149.2', dst: '192.168.149.36', proto: 'icmp' },
      drop: null,
    });
    expect(j.reply).toMatchObject({
      delivered: true,
      receiver: 'vbs',
      seen: { src: '192.168.150.36', dst: '192.168.149.22' },
    });
    const hop = j.request.hops[1];
    expect([hop.device, hop.in, hop.out]).toEqual(['vlab', 'eth0', 'eth1']);
    expect(hop.steps.map((s: { kind: string }) => s.kind)).toContain('nat');
  });

  it('reports a reply dropped by rp_filter (exit 0: the packet was traced)', () => {
    const doc = seedDoc();
    doc.devices.find((d) => d.id === 'vlab')!.sysctls!['net.ipv4.conf.all.rp_filter'] = 1;
    const r = cli(['trace', 'strict.lab.json', '--from', 'vbs', '--to', '192.168.150.36', '--json'], {
      'strict.lab.json': JSON.stringify(doc),
    });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.outcome).toBe('reply-dropped');
    expect(j.reply.drop).toMatchObject({ device: 'vlab', reason: 'rp_filter' });
  });

  it.each([
    [['trace'], 'exactly one LAB'],
    [['trace', SEED, '--to', '1.2.3.4'], '--from DEVICE is required'],
    [['trace', SEED, '--from', 'vbs'], '--to IP is required'],
    [['trace', SEED, '--from', 'vbs', '--to', '1.2.3.400'], '"1.2.3.400" is not an IPv4 address'],
    [['trace', SEED, '--from', 'vbs', '--to', '1.2.3.4', '--proto', 'sctp'], 'expected icmp, tcp or udp'],
    [['trace', SEED, '--from', 'vbs', '--to', '1.2.3.4', '--proto', 'tcp'], 'needs a destination port'],
    [['trace', SEED, '--from', 'nobody', '--to', '1.2.3.4'], 'no device "nobody"'],
    [
      ['trace', SEED, '--from', 'vbs', '--to', '1.2.3.4', '--src', '10.9.9.9'],
      'Cannot assign requested address',
    ],
    [['trace', SEED, '--from', 'vbs', '--to', '1.2.3.4', '--bogus'], "Unknown option '--bogus'"],
    [['frobnicate'], 'unknown command "frobnicate"'],
  ])('usage error %j → exit 2', (argv, msg) => {
    const r = cli(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(msg);
    expect(r.stdout).toBe('');
  });

  it('an invalid lab exits 1 and points at the problem', () => {
    const bad = readFileSync(new URL(`../../${SEED}`, import.meta.url), 'utf8').replace(
      '"192.168.149.22/24"',
      '"192.168.149.300/24"',
    );
    const r = cli(['trace', 'bad.lab.json', '--from', 'vbs', '--to', '1.2.3.4'], { 'bad.lab.json': bad });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'bad.lab.json: devices[1].interfaces[0].addresses[0]: "192.168.149.300/24" is not an IPv4 address',
    );
  });

  it('a missing file exits 1', () => {
    const r = cli(['check', 'no/such.lab.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no/such.lab.json: no such file');
  });
});

describe('natlab exec', () => {
  it('ip route get answers like the kernel did in the worked example', () => {
    const r = cli([
      'exec',
      SEED,
      'vlab',
      '--',
      'ip',
      'route',
      'get',
      '192.168.149.36',
      'from',
      '192.168.149.22',
      'iif',
      'eth0',
      'mark',
      '6',
    ]);
    expect(r).toEqual({
      code: 0,
      stdout: '192.168.149.36 from 192.168.149.22 dev eth1 table 2 mark 6 \n    cache iif eth0 \n',
      stderr: '',
    });
  });
  it('ip rule, iptables -t nat -S, iptables-save with the date', () => {
    expect(cli(['exec', SEED, 'vlab', '--', 'ip', 'rule']).stdout).toBe(
      '0:\tfrom all lookup local\n32765:\tfrom all fwmark 0x2/0x2 lookup 2\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n',
    );
    expect(cli(['exec', SEED, 'vlab', '--', 'iptables', '-t', 'nat', '-S']).stdout).toContain(
      '-A PREROUTING -d 192.168.150.0/24 -i eth0 -j NETMAP --to 192.168.149.0/24\n',
    );
    expect(cli(['exec', SEED, 'vlab', '--', 'iptables-save']).stdout).toMatch(
      /^# Generated by iptables-save v1\.8\.9 \(nf_tables\) on Sat Nov 21 11:19:36 2026\n\*mangle\n/,
    );
  });
  it('refuses commands that would change the device', () => {
    const r = cli(['exec', SEED, 'vlab', '--', 'ip', 'route', 'add', '1.2.3.4', 'dev', 'eth0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('read-only');
  });
  it('unknown device', () => {
    const r = cli(['exec', SEED, 'nope', '--', 'ip', 'rule']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no device "nope"');
  });
});

describe('natlab check / help / version', () => {
  it('check', () =>
    expect(cli(['check', SEED])).toMatchObject({ code: 0, stdout: `${SEED}: ok (5 devices, 2 segments)\n` }));
  it('help', () => {
    expect(cli(['--help']).code).toBe(0);
    expect(cli(['help', 'trace']).stdout).toContain('usage: natlab trace');
    expect(cli([]).code).toBe(2);
  });
  it('version', () => expect(cli(['--version']).stdout).toMatch(/^natlab \d+\.\d+\.\d+\n$/));
});
