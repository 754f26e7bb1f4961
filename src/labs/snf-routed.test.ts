/**
 * public/labs/snf-routed.lab.json — seed 003 (snf-network's routed setup): proxy ARP on the taps and on
 * the VLAN interface, `ip rule iif … lookup 222`, table 222, a router that MASQUERADEs the VMs.
 * The expected traces are the seed's "Routed Traffic" walk-through; `natlab verify` agrees with the
 * kernel on every default probe of this lab (52 of 52).
 */
import { describe, expect, it } from 'vitest';
import {
  addrs,
  arpAt,
  ctAt,
  exec,
  loadDoc,
  loadPublicLab,
  natAt,
  path,
  readLabDoc,
  routeAt,
  rulesTried,
  run,
} from './labs.test-support.ts';

const net = loadPublicLab('snf-routed');

describe('snf-routed: the node configuration of the seed', () => {
  it('ip rule: everything that comes in on the VLAN or a tap is looked up in table 222', () => {
    expect(exec(net, 'node1', 'ip rule')).toBe(
      [
        '0:\tfrom all lookup local',
        '32763:\tfrom all iif tap1 lookup 222',
        '32764:\tfrom all iif tap0 lookup 222',
        '32765:\tfrom all iif eth0.222 lookup 222',
        '32766:\tfrom all lookup main',
        '32767:\tfrom all lookup default',
        '',
      ].join('\n'),
    );
  });

  it('table 222: the VLAN, a /32 per local VM on its tap, default via the router', () => {
    expect(exec(net, 'node1', 'ip route show table 222')).toBe(
      [
        'default via 192.0.2.1 dev eth0.222 ',
        '192.0.2.0/24 dev eth0.222 scope link ',
        '192.0.2.10 dev tap0 scope link ',
        '192.0.2.12 dev tap1 scope link ',
        '',
      ].join('\n'),
    );
    // main has only the "host can reach VMs in other hosts" route for the subnet
    expect(exec(net, 'node1', 'ip route show')).toBe(
      [
        'default via 203.0.113.1 dev eth0 ',
        '192.0.2.0/24 dev eth0.222 scope link ',
        '203.0.113.0/24 dev eth0 proto kernel scope link src 203.0.113.11 ',
        '',
      ].join('\n'),
    );
  });

  it('ip route get: a VM packet uses table 222, the node itself uses main', () => {
    expect(exec(net, 'node1', 'ip route get 192.0.2.11 from 192.0.2.10 iif tap0')).toBe(
      '192.0.2.11 from 192.0.2.10 dev eth0.222 table 222 \n    cache iif tap0 \n',
    );
    expect(exec(net, 'node1', 'ip route get 192.0.2.10 from 192.0.2.1 iif eth0.222')).toBe(
      '192.0.2.10 from 192.0.2.1 dev tap0 table 222 \n    cache iif eth0.222 \n',
    );
    expect(exec(net, 'node1', 'ip route get 203.0.113.80 from 192.0.2.10 iif tap0')).toBe(
      '203.0.113.80 from 192.0.2.10 via 192.0.2.1 dev eth0.222 table 222 \n    cache iif tap0 \n',
    );
    // no address on eth0.222: the node's own packets take the source of eth0
    expect(exec(net, 'node1', 'ip route get 192.0.2.10')).toBe(
      '192.0.2.10 dev eth0.222 src 203.0.113.11 uid 0 \n    cache \n',
    );
  });
});

describe('snf-routed: outgoing VM traffic (proxy ARP for the gateway, table 222, MASQUERADE)', () => {
  const t = run(net, 'vm1', '203.0.113.80', { proto: 'tcp', dport: 80 });

  it('the VM asks for its gateway 192.0.2.1 and the tap answers by proxy (TAP_MAC)', () => {
    expect(arpAt(t.request, 'vm1')).toEqual(['eth0 192.0.2.1 → node1 tap0 (proxy_arp)']);
  });
  it('node1: rule iif tap0 → table 222 → default via 192.0.2.1 dev eth0.222 (VLAN 222)', () => {
    expect(rulesTried(t.request, 'node1')).toEqual(['0:miss', '32763:no-match', '32764:hit']);
    expect(routeAt(t.request, 'node1')).toBe(
      '[rule 32764] table 222: default via 192.0.2.1 dev eth0.222 => forward',
    );
    expect(arpAt(t.request, 'node1')).toEqual(['eth0.222 192.0.2.1 → router eth0.222 (local)']);
  });
  it('the router MASQUERADEs 192.0.2.0/24 out of eth0: the web server sees 203.0.113.1', () => {
    expect(path(t.request)).toEqual(['vm1', 'node1', 'router', 'www']);
    expect(natAt(t.request, 'router')).toEqual(['SNAT 192.0.2.10 → 203.0.113.1 (postrouting, rule)']);
    expect(t.request.receiver).toBe('www');
    expect(addrs(t.request.seen)).toBe('203.0.113.1:40000 > 203.0.113.80:80');
  });
  it('the SYN-ACK: de-NATed, the router finds 192.0.2.10 behind node1 (DEV_MAC) by proxy ARP', () => {
    expect(t.outcome).toBe('answered');
    expect(t.reply!.what).toBe('tcp syn-ack');
    expect(path(t.reply)).toEqual(['www', 'router', 'node1', 'vm1']);
    expect(natAt(t.reply, 'router')).toEqual(['DNAT 203.0.113.1 → 192.0.2.10 (prerouting, conntrack)']);
    expect(arpAt(t.reply, 'router')).toEqual(['eth0.222 192.0.2.10 → node1 eth0.222 (proxy_arp)']);
    expect(routeAt(t.reply, 'node1')).toBe('[rule 32765] table 222: 192.0.2.10 dev tap0 => forward');
    expect(addrs(t.reply!.seen)).toBe('203.0.113.80:80 > 192.0.2.10:40000');
  });
});

describe('snf-routed: incoming traffic (routed, not NATed)', () => {
  it('www → vm1 ssh: the router forwards without NAT, node1 routes by iif eth0.222 → table 222 → tap0', () => {
    const t = run(net, 'www', '192.0.2.10', { proto: 'tcp', dport: 22 });
    expect(t.outcome).toBe('answered');
    expect(path(t.request)).toEqual(['www', 'router', 'node1', 'vm1']);
    expect(natAt(t.request, 'router')).toEqual([]);
    expect(arpAt(t.request, 'router')).toEqual(['eth0.222 192.0.2.10 → node1 eth0.222 (proxy_arp)']);
    expect(rulesTried(t.request, 'node1')).toEqual([
      '0:miss',
      '32763:no-match',
      '32764:no-match',
      '32765:hit',
    ]);
    expect(routeAt(t.request, 'node1')).toBe('[rule 32765] table 222: 192.0.2.10 dev tap0 => forward');
    expect(addrs(t.request.seen)).toBe('203.0.113.80:40000 > 192.0.2.10:22');
    // the answer belongs to the connection: MASQUERADE (a NEW-only decision) never touches it
    expect(ctAt(t.reply, 'router')).toEqual(['prerouting ESTABLISHED REPLY']);
    expect(natAt(t.reply, 'router')).toEqual([]);
    expect(addrs(t.reply!.seen)).toBe('192.0.2.10:22 > 203.0.113.80:40000');
  });
});

describe('snf-routed: VM-to-VM traffic goes direct through the VLAN', () => {
  it('vm1 (node1) → vm2 (node2): proxied by both nodes, never through the router', () => {
    const t = run(net, 'vm1', '192.0.2.11');
    expect(t.outcome).toBe('answered');
    // vm1 believes 192.0.2.11 is on its link; node1's tap answers for it
    expect(arpAt(t.request, 'vm1')).toEqual(['eth0 192.0.2.11 → node1 tap0 (proxy_arp)']);
    expect(routeAt(t.request, 'node1')).toBe('[rule 32764] table 222: 192.0.2.0/24 dev eth0.222 => forward');
    // node2's eth0.222 answers for its VM (proxy_arp on the VLAN interface)
    expect(arpAt(t.request, 'node1')).toEqual(['eth0.222 192.0.2.11 → node2 eth0.222 (proxy_arp)']);
    expect(routeAt(t.request, 'node2')).toBe('[rule 32765] table 222: 192.0.2.11 dev tap0 => forward');
    expect(path(t.request)).toEqual(['vm1', 'node1', 'node2', 'vm2']);
    expect(addrs(t.request.seen)).toBe('192.0.2.10 > 192.0.2.11');
    expect(t.request.seen!.ttl).toBe(62);
    expect(path(t.reply)).toEqual(['vm2', 'node2', 'node1', 'vm1']);
  });
  it('vm3 → vm1 on the same node: iif tap1 → table 222 → 192.0.2.10 dev tap0', () => {
    const t = run(net, 'vm3', '192.0.2.10');
    expect(t.outcome).toBe('answered');
    expect(arpAt(t.request, 'vm3')).toEqual(['eth0 192.0.2.10 → node1 tap1 (proxy_arp)']);
    expect(routeAt(t.request, 'node1')).toBe('[rule 32763] table 222: 192.0.2.10 dev tap0 => forward');
    expect(path(t.request)).toEqual(['vm3', 'node1', 'vm1']);
  });
});

describe('snf-routed: host-to-VM traffic (the node is not in table 222: iif lo)', () => {
  it('node1 → vm2 on the other node: main 192.0.2.0/24 dev eth0.222, source 203.0.113.11; answered', () => {
    const t = run(net, 'node1', '192.0.2.11');
    expect(routeAt(t.request, 'node1', 'output')).toBe(
      '[rule 32766] table main: 192.0.2.0/24 dev eth0.222 => output',
    );
    expect(arpAt(t.request, 'node1')).toEqual(['eth0.222 192.0.2.11 → node2 eth0.222 (proxy_arp)']);
    expect(addrs(t.request.seen)).toBe('203.0.113.11 > 192.0.2.11');
    // the answer leaves by vm2's default gateway: through the router, which has no connection for it
    expect(t.outcome).toBe('answered');
    expect(path(t.reply)).toEqual(['vm2', 'node2', 'router', 'node1']);
    expect(ctAt(t.reply, 'router')).toEqual(['prerouting INVALID']);
    expect(natAt(t.reply, 'router')).toEqual([]);
  });
  it('node1 → its own vm1: "impossible if the VM resides in the host" — nobody answers ARP on eth0.222', () => {
    const t = run(net, 'node1', '192.0.2.10');
    // the iif rules do not match a locally generated packet (iif lo)
    expect(rulesTried(t.request, 'node1', 'output')).toEqual([
      '0:miss',
      '32763:no-match',
      '32764:no-match',
      '32765:no-match',
      '32766:hit',
    ]);
    expect(routeAt(t.request, 'node1', 'output')).toBe(
      '[rule 32766] table main: 192.0.2.0/24 dev eth0.222 => output',
    );
    expect(arpAt(t.request, 'node1')).toEqual(['eth0.222 192.0.2.10 failed']);
    expect(t.request.drop).toMatchObject({ device: 'node1', reason: 'neighbour_unreachable' });
    expect(t.outcome).toBe('error');
    expect(t.reply!.what).toBe('icmp Destination Host Unreachable');
    expect(addrs(t.reply!.seen)).toBe('203.0.113.11 > 203.0.113.11');
  });
  it('vm1 → its own node 203.0.113.11: delivered, but the answer takes main and dies the same way', () => {
    const t = run(net, 'vm1', '203.0.113.11');
    expect(t.request.receiver).toBe('node1');
    expect(routeAt(t.request, 'node1')).toBe('[rule 0] table local: local 203.0.113.11 dev eth0 => local');
    expect(t.outcome).toBe('reply-dropped');
    expect(routeAt(t.reply, 'node1', 'output')).toBe(
      '[rule 32766] table main: 192.0.2.0/24 dev eth0.222 => output',
    );
    expect(t.reply!.drop).toMatchObject({ device: 'node1', reason: 'neighbour_unreachable' });
    // the other node is reached through the router, MASQUERADEd
    const u = run(net, 'vm1', '203.0.113.12');
    expect(u.outcome).toBe('answered');
    expect(addrs(u.request.seen)).toBe('203.0.113.1 > 203.0.113.12');
  });
});

describe("snf-routed: the seed's per-interface forwarding on the router is not enough", () => {
  // The seed turns on forwarding for eth0.222 only (`echo 1 > …/conf/eth0.222/forwarding`). The answers
  // from the Internet come in on eth0, where forwarding stays off. natlab verify on this variant: the
  // kernel drops them too (vm1 → 203.0.113.80 and www → 192.0.2.10 agree).
  const doc = readLabDoc('snf-routed');
  const router = doc.devices.find((d) => d.id === 'router')!;
  const variant = loadDoc({
    ...doc,
    devices: doc.devices.map((d) =>
      d === router ? { ...router, sysctls: { 'net.ipv4.conf.eth0/222.forwarding': 1 } } : d,
    ),
  });
  it('VM → Internet: the request goes out, the answer dies at the router (forwarding_disabled)', () => {
    const t = run(variant, 'vm1', '203.0.113.80');
    expect(t.request.receiver).toBe('www');
    expect(t.outcome).toBe('reply-dropped');
    expect(t.reply!.drop).toMatchObject({ device: 'router', reason: 'forwarding_disabled' });
  });
  it('Internet → VM: dropped at once', () => {
    const t = run(variant, 'www', '192.0.2.10');
    expect(t.outcome).toBe('request-dropped');
    expect(t.request.drop).toMatchObject({ device: 'router', reason: 'forwarding_disabled' });
  });
});
