/**
 * public/labs/policy-routing-vrf.lab.json — seed 002 (GRE, BGP and VRFs on a home switch): two routing
 * tables on one box instead of two VRFs, chosen by `ip rule` on the input interface, the source and the
 * fwmark; the switch's own packets do not follow the iif rule. `natlab verify` agrees with the kernel on
 * every default probe (31 of 31) and on the switch's own packets (`--probe "sw 203.0.113.7"`,
 * `"sw 203.0.113.53 udp 53"`, `"sw 203.0.113.7 tcp 22"`); the bound-source pings were checked with
 * `natlab up` and `ping -I` (the same outcomes, answers and `ip route get` lines).
 */
import { describe, expect, it } from 'vitest';
import {
  addrs,
  exec,
  loadPublicLab,
  natAt,
  path,
  routeAt,
  rulesHit,
  rulesTried,
  run,
  steps,
} from './labs.test-support.ts';

const net = loadPublicLab('policy-routing-vrf');
const PEER = '203.0.113.7';

describe('policy-routing-vrf: the two tables and the rules that pick one', () => {
  it('ip rule', () => {
    expect(exec(net, 'sw', 'ip rule')).toBe(
      [
        '0:\tfrom all lookup local',
        '100:\tfrom all iif vlan10 lookup 100',
        '200:\tfrom 192.168.1.2 lookup 100',
        '300:\tfrom all fwmark 0x1 lookup 100',
        '32766:\tfrom all lookup main',
        '32767:\tfrom all lookup default',
        '',
      ].join('\n'),
    );
  });
  it('main is the outside (default via the provider), table 100 the inside (default via the NAT router)', () => {
    expect(exec(net, 'sw', 'ip route show')).toBe(
      [
        'default via 198.51.100.1 dev vlan3 ',
        '192.168.1.0/24 dev vlan2 proto kernel scope link src 192.168.1.2 ',
        '192.168.10.0/24 dev vlan10 proto kernel scope link src 192.168.10.1 ',
        '198.51.100.0/24 dev vlan3 proto kernel scope link src 198.51.100.3 ',
        '',
      ].join('\n'),
    );
    expect(exec(net, 'sw', 'ip route show table 100')).toBe(
      [
        'default via 192.168.1.1 dev vlan2 ',
        '192.168.1.0/24 dev vlan2 scope link ',
        '192.168.10.0/24 dev vlan10 scope link ',
        '',
      ].join('\n'),
    );
  });
  it('ip route get: one destination, four answers (the same as the kernel gives)', () => {
    expect(exec(net, 'sw', `ip route get ${PEER} from 192.168.10.10 iif vlan10`)).toBe(
      `${PEER} from 192.168.10.10 via 192.168.1.1 dev vlan2 table 100 \n    cache iif vlan10 \n`,
    );
    expect(exec(net, 'sw', `ip route get ${PEER}`)).toBe(
      `${PEER} via 198.51.100.1 dev vlan3 src 198.51.100.3 uid 0 \n    cache \n`,
    );
    expect(exec(net, 'sw', `ip route get ${PEER} from 192.168.1.2`)).toBe(
      `${PEER} from 192.168.1.2 via 192.168.1.1 dev vlan2 table 100 uid 0 \n    cache \n`,
    );
    expect(exec(net, 'sw', `ip route get ${PEER} mark 1`)).toBe(
      `${PEER} via 192.168.1.1 dev vlan2 table 100 src 192.168.1.2 mark 1 uid 0 \n    cache \n`,
    );
  });
});

describe('policy-routing-vrf: clients are policy-routed through the NAT router (iif vlan10)', () => {
  const t = run(net, 'pc', PEER);
  it('rule 100 (iif vlan10) picks table 100: default via the home router', () => {
    expect(rulesTried(t.request, 'sw')).toEqual(['0:miss', '100:hit']);
    expect(routeAt(t.request, 'sw')).toBe(
      '[rule 100] table 100: default via 192.168.1.1 dev vlan2 => forward',
    );
  });
  it('the home router MASQUERADEs: the peer sees its public address 198.51.100.2', () => {
    expect(path(t.request)).toEqual(['pc', 'sw', 'homegw', 'isp', 'peer']);
    expect(natAt(t.request, 'homegw')).toEqual(['SNAT 192.168.10.10 → 198.51.100.2 (postrouting, rule)']);
    expect(addrs(t.request.seen)).toBe('198.51.100.2 > 203.0.113.7');
  });
  it('the answer comes back the same way; at sw (iif vlan2) no rule matches, main delivers it', () => {
    expect(t.outcome).toBe('answered');
    expect(path(t.reply)).toEqual(['peer', 'isp', 'homegw', 'sw', 'pc']);
    expect(rulesTried(t.reply, 'sw')).toEqual([
      '0:miss',
      '100:no-match',
      '200:no-match',
      '300:no-match',
      '32766:hit',
    ]);
    expect(addrs(t.reply!.seen)).toBe('203.0.113.7 > 192.168.10.10');
  });
  it('even the provider subnet, connected on sw, is reached through the NAT router', () => {
    const p = run(net, 'pc', '198.51.100.1');
    expect(p.outcome).toBe('answered');
    expect(routeAt(p.request, 'sw')).toBe(
      '[rule 100] table 100: default via 192.168.1.1 dev vlan2 => forward',
    );
    expect(addrs(p.request.seen)).toBe('198.51.100.2 > 198.51.100.1');
  });
  it('DNS and ssh from the client too', () => {
    const dns = run(net, 'pc', '203.0.113.53', { proto: 'udp', dport: 53 });
    expect(dns.outcome).toBe('answered');
    expect(addrs(dns.request.seen)).toBe('198.51.100.2:40000 > 203.0.113.53:53');
    const ssh = run(net, 'pc', PEER, { proto: 'tcp', dport: 22 });
    expect(ssh.outcome).toBe('answered');
    expect(addrs(ssh.reply!.socket)).toBe('203.0.113.7:22 > 192.168.10.10:40000');
  });
  it('private addresses are not routed on the Internet: the peer cannot reach the client', () => {
    const p = run(net, 'peer', '192.168.10.10');
    expect(p.outcome).toBe('error');
    expect(p.request.drop).toMatchObject({ device: 'isp', reason: 'no_route' });
    expect(p.reply!.what).toBe('icmp Destination Net Unreachable');
  });
});

describe("policy-routing-vrf: the switch's own packets do not follow the iif rule", () => {
  it('sw → peer: iif lo matches no rule, main sends it straight to the provider with the public address', () => {
    const t = run(net, 'sw', PEER);
    expect(rulesTried(t.request, 'sw', 'output')).toEqual([
      '0:miss',
      '100:no-match',
      '200:no-match',
      '300:no-match',
      '32766:hit',
    ]);
    expect(routeAt(t.request, 'sw', 'output')).toBe(
      '[rule 32766] table main: default via 198.51.100.1 dev vlan3 => output',
    );
    expect(path(t.request)).toEqual(['sw', 'isp', 'peer']);
    expect(addrs(t.request.seen)).toBe('198.51.100.3 > 203.0.113.7');
    expect(t.outcome).toBe('answered');
  });
  it('from 192.168.1.2 applies only to a socket bound to it (ping -I 192.168.1.2): then via the NAT router', () => {
    const t = run(net, 'sw', PEER, { src: '192.168.1.2' });
    expect(routeAt(t.request, 'sw', 'output')).toBe(
      '[rule 200] table 100: default via 192.168.1.1 dev vlan2 => output',
    );
    expect(path(t.request)).toEqual(['sw', 'homegw', 'isp', 'peer']);
    expect(addrs(t.request.seen)).toBe('198.51.100.2 > 203.0.113.7');
    expect(t.outcome).toBe('answered');
  });
  it('a source without a rule (ping -I 192.168.10.1) leaks out unNATed: the answer dies at the provider', () => {
    const t = run(net, 'sw', PEER, { src: '192.168.10.1' });
    expect(routeAt(t.request, 'sw', 'output')).toBe(
      '[rule 32766] table main: default via 198.51.100.1 dev vlan3 => output',
    );
    expect(addrs(t.request.seen)).toBe('192.168.10.1 > 203.0.113.7');
    expect(t.outcome).toBe('reply-dropped');
    expect(t.reply!.drop).toMatchObject({ device: 'isp', reason: 'no_route' });
  });
  it('fwmark: a DNS query marked in mangle OUTPUT is re-routed into table 100 but keeps its source', () => {
    const t = run(net, 'sw', '203.0.113.53', { proto: 'udp', dport: 53 });
    // the socket's lookup (main) chose the source 198.51.100.3 ...
    expect(routeAt(t.request, 'sw', 'output')).toBe(
      '[rule 32766] table main: default via 198.51.100.1 dev vlan3 => output',
    );
    expect(steps(t.request, 'sw', 'route').find((s) => s.purpose === 'output')!.src).toBe(
      steps(t.request, 'sw', 'send')[0]!.packet.src,
    );
    // ... MARK 0x1 in mangle OUTPUT, ip_route_me_harder(): rule 300 → table 100 → vlan2
    expect(rulesHit(t.request, 'sw')).toEqual(['mangle OUTPUT 1 => continue']);
    expect(steps(t.request, 'sw', 'rule')[0]!.mark).toEqual({ from: 0, to: 1 });
    expect(routeAt(t.request, 'sw', 'reroute')).toBe(
      '[rule 300] table 100: default via 192.168.1.1 dev vlan2 => output',
    );
    const tx = steps(t.request, 'sw', 'transmit')[0]!;
    expect([tx.iface, addrs(tx.packet)]).toEqual(['vlan2', '198.51.100.3:40000 > 203.0.113.53:53']);
    expect(natAt(t.request, 'homegw')).toEqual(['SNAT 198.51.100.3 → 198.51.100.2 (postrouting, rule)']);
    expect(addrs(t.request.seen)).toBe('198.51.100.2:40000 > 203.0.113.53:53');
  });
  it('… so its answer comes back on the other interface: homegw delivers 198.51.100.3 on the provider subnet', () => {
    const t = run(net, 'sw', '203.0.113.53', { proto: 'udp', dport: 53 });
    expect(t.outcome).toBe('answered');
    expect(natAt(t.reply, 'homegw')).toEqual(['DNAT 198.51.100.2 → 198.51.100.3 (prerouting, conntrack)']);
    expect(routeAt(t.reply, 'homegw')).toBe('[rule 32766] table main: 198.51.100.0/24 dev eth1 => forward');
    expect(t.reply!.hops.at(-1)).toMatchObject({ device: 'sw', in: 'vlan3' });
    expect(addrs(t.reply!.seen)).toBe('203.0.113.53:53 > 198.51.100.3:40000');
  });
});
