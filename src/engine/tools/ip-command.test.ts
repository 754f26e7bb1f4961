import { describe, expect, it } from 'vitest';
import { ipv4 } from '../addr/ipv4.ts';
import type { Network } from '../model/network.ts';
import { execCommand } from './exec.ts';
import type { RouteGetPrintable, RouteGetRequest } from './ip-route-get.ts';
import { addr, device, route } from './testing.ts';

const dut = device({
  ifaces: [{ name: 'eth0', addrs: [addr('192.168.149.50/24')] }],
  routes: [
    route('default', { gateway: '192.168.149.2', dev: 'eth0' }),
    route('10.0.0.0/8', { type: 'blackhole', table: 2 }),
  ],
});
const network: Network = { name: 'lab', devices: [dut], byId: new Map([['dut', dut]]), segments: new Map() };
const asked: RouteGetRequest[] = [];
const deps = {
  routeGet: (_d: unknown, q: RouteGetRequest): RouteGetPrintable => {
    asked.push(q);
    return {
      kind: 'ok',
      type: 'unicast',
      dev: 'eth0',
      gateway: ipv4('192.168.149.2'),
      src: ipv4('192.168.149.50'),
    };
  },
};
const run = (cmd: string) => execCommand(network, 'dut', cmd.split(' '), deps);

describe('execCommand: ip', () => {
  it('accepts the abbreviations iproute2 accepts', () => {
    const main = run('ip route').stdout;
    expect(main).toBe('default via 192.168.149.2 dev eth0 \n');
    for (const c of [
      'ip r',
      'ip ro',
      'ip rou',
      'ip route show',
      'ip r s',
      'ip r l',
      'ip r sho',
      'ip route list',
      'ip -4 r',
      'ip r s ta main',
      'ip route show table 254',
      'ip -- route',
    ])
      expect(run(c).stdout, c).toBe(main);
    expect(run('ip r s t 2').stdout).toBe('blackhole 10.0.0.0/8 \n');
    expect(run('ip route show table 0').stdout).toBe(run('ip route show table all').stdout);
    expect(run('ip route show table unspec').stdout).toContain('table 2');
    const rules = run('ip rule').stdout;
    expect(rules).toContain('32766:\tfrom all lookup main');
    for (const c of ['ip ru', 'ip ru s', 'ip rule list', 'ip rule lst', 'ip -4 ru'])
      expect(run(c).stdout, c).toBe(rules);
    const addrs = run('ip addr').stdout;
    for (const c of ['ip a', 'ip ad', 'ip address', 'ip a s', 'ip addr sh', 'ip a l'])
      expect(run(c).stdout, c).toBe(addrs);
    expect(run('ip a s eth0').stdout).toBe(run('ip addr show dev eth0').stdout);
    for (const c of ['ip -j route', 'ip -json route', 'ip --json route', 'ip -js route', 'ip -j -j r'])
      expect(run(c).stdout, c).toBe(
        '[{"dst":"default","gateway":"192.168.149.2","dev":"eth0","flags":[]}]\n',
      );
    expect(run('ip -j -p route').stdout).toContain('[ {\n        "dst": "default",');
    expect(run('ip -p route').stdout).toBe(main);
    expect(run('ip -f inet a').stdout).toBe(run('ip -4 a').stdout);
  });

  it('answers iproute2 errors with its text and exit code', () => {
    const cases: [string, string, number][] = [
      ['ip foo', 'Object "foo" is unknown, try "ip help".\n', 1],
      ['ip -x route', 'Option "-x" is unknown, try "ip -help".\n', 255],
      ['ip route foo', 'Command "foo" is unknown, try "ip route help".\n', 255],
      ['ip r showx', 'Command "showx" is unknown, try "ip route help".\n', 255],
      ['ip rule foo', 'Command "foo" is unknown, try "ip rule help".\n', 255],
      ['ip addr foo', 'Command "foo" is unknown, try "ip address help".\n', 255],
      ['ip route show table', 'Command line is not complete. Try option "help"\n', 255],
      ['ip route show table foo', 'Error: argument "foo" is wrong: table id value is invalid\n\n', 255],
      [
        'ip route show table 4294967296',
        'Error: argument "4294967296" is wrong: table id value is invalid\n\n',
        255,
      ],
      ['ip route show table 99', 'Error: ipv4: FIB table does not exist.\nDump terminated\n', 2],
      ['ip route show table default', 'Error: ipv4: FIB table does not exist.\nDump terminated\n', 2],
      ['ip route show foo', 'Error: any valid prefix is expected rather than "foo".\n', 1],
      ['ip -4 route show foo', 'Error: inet prefix is expected rather than "foo".\n', 1],
      ['ip route show dev nope', 'Cannot find device "nope"\n', 1],
      ['ip addr show dev nope', 'Device "nope" does not exist.\n', 1],
      ['ip addr show dev', 'Command line is not complete. Try option "help"\n', 255],
      ['ip addr show eth0 extra', 'Error: either "dev" is duplicate, or "extra" is a garbage.\n', 255],
      ['ip route get', 'need at least a destination address\n', 1],
      ['ip route get to', 'Command line is not complete. Try option "help"\n', 255],
      ['ip route get 1.2.3.400', 'Error: any valid prefix is expected rather than "1.2.3.400".\n', 1],
      ['ip route get from foo 1.2.3.4', 'Error: any valid prefix is expected rather than "foo".\n', 1],
      ['ip route get 1.2.3.4 bogus', 'Error: inet prefix is expected rather than "bogus".\n', 1],
      ['ip route get 1.2.3.4 mark foo', 'Error: argument "foo" is wrong: invalid mark value\n', 255],
      ['ip route get 1.2.3.4 iif', 'Command line is not complete. Try option "help"\n', 255],
      ['ip route get 1.2.3.4 oif nope iif nope2', 'Cannot find device "nope2"\n', 1],
      [
        'ip route get 1.2.3.4/8 iif nope',
        'Warning: /8 as prefix is invalid, only /32 (or none) is supported.\nCannot find device "nope"\n',
        1,
      ],
    ];
    for (const [c, stderr, code] of cases) expect(run(c), c).toEqual({ stdout: '', stderr, code });
    expect(run('ip -j route show table 99').stdout).toBe('[');
    expect(run('ip').code).toBe(255);
  });

  it('passes ip route get queries to the lookup', () => {
    asked.length = 0;
    expect(run('ip route get 8.8.8.8').stdout).toBe(
      '8.8.8.8 via 192.168.149.2 dev eth0 src 192.168.149.50 uid 0 \n    cache \n',
    );
    run('ip r g to 8.8.8.8 from 192.168.149.22 iif eth0 mark 010');
    run('ip route get 8.8.8.8 dev eth0 mark 0x10');
    run('ip route get 8.8.8.8 oif eth0');
    expect(asked).toEqual([
      { dst: ipv4('8.8.8.8') },
      { dst: ipv4('8.8.8.8'), from: ipv4('192.168.149.22'), iif: 'eth0', mark: 8 },
      { dst: ipv4('8.8.8.8'), oif: 'eth0', mark: 16 },
      { dst: ipv4('8.8.8.8'), oif: 'eth0' },
    ]);
    expect(run('ip route get 8.8.8.0/24')).toEqual({
      stdout: '8.8.8.0 via 192.168.149.2 dev eth0 src 192.168.149.50 uid 0 \n    cache \n',
      stderr: 'Warning: /24 as prefix is invalid, only /32 (or none) is supported.\n',
      code: 0,
    });
  });

  it('refuses changes and explains what is supported', () => {
    for (const c of [
      'ip route add 10.0.0.0/8 dev eth0',
      'ip r a 10.0.0.0/8 dev eth0',
      'ip rule del pref 100',
      'ip addr flush dev eth0',
      'ip r f table 2',
      'ip route replace default via 1.2.3.4',
      'ip route chg default via 1.2.3.4',
    ]) {
      const out = run(c);
      expect(out.code, c).toBe(2);
      expect(out.stderr, c).toContain("natlab's console is read-only");
      expect(out.stderr, c).toContain('ip [-j [-p]] route get ADDR');
    }
    for (const c of [
      'traceroute 1.2.3.4',
      'ip link',
      'ip neigh',
      'ip -6 route',
      'ip -d route',
      'ip route show 10.0.0.0/8',
      'ip route show proto kernel',
      'ip route get 1.2.3.4 tos 0x10',
      'ip rule show table 2',
    ]) {
      const out = run(c);
      expect(out.code, c).toBe(2);
      expect(out.stderr, c).toMatch(/is not supported/);
    }
    expect(execCommand(network, 'nope', ['ip', 'route'], deps)).toEqual({
      stdout: '',
      stderr: 'natlab: no device "nope" in lab "lab" (devices: dut)\n',
      code: 1,
    });
  });
});
