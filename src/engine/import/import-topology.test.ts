/** Namespaces, veth pairs and bridges: which namespaces become devices and which segments, and the ids they get. */
import { describe, expect, it } from 'vitest';
import { importScript } from './import-script.ts';
import { ok, a } from './import.test-support.ts';

describe('namespaces, veth pairs and bridges', () => {
  it('two namespaces joined by a veth pair: two hosts on a link segment', () => {
    const { doc, warnings } = ok();
    expect(warnings).toEqual([]);
    expect(doc.segments).toEqual([{ id: 'a-b', kind: 'link' }]);
    expect(doc.devices).toEqual([
      { id: 'a', kind: 'host', interfaces: [{ name: 'v0', segment: 'a-b', addresses: ['10.0.0.1/24'] }] },
      { id: 'b', kind: 'host', interfaces: [{ name: 'v0', segment: 'a-b', addresses: ['10.0.0.2/24'] }] },
    ]);
    expect(doc.description).toContain('t-');
  });

  it('a namespace holding only a bridge is a segment; its ports tell who is on it', () => {
    const { doc } = ok(
      'ip netns add t-sw',
      'ip -n t-sw link add br0 type bridge stp_state 0 forward_delay 0',
      'ip -n t-sw link set br0 up',
      'ip -n t-sw link add p1 type veth peer name eth1 netns t-a',
      'ip -n t-sw link set p1 master br0 up',
      'ip -n t-a link set eth1 address 02:aa:00:00:00:01 up',
      'ip -n t-sw link add p2 type veth peer name eth1 netns t-b',
      'ip -n t-sw link set dev p2 up master br0',
      'ip -n t-b link set eth1 up',
    );
    expect(doc.segments.map((s) => [s.id, s.kind])).toEqual([
      ['a-b', 'link'],
      ['sw', 'production'],
    ]);
    expect(doc.devices[0]!.interfaces[1]).toEqual({ name: 'eth1', mac: '02:aa:00:00:00:01', segment: 'sw' });
    expect(doc.devices[1]!.interfaces[1]).toEqual({ name: 'eth1', segment: 'sw' });
  });

  it('several bridges in one namespace: one segment each; a bridge with an address is an interface', () => {
    const { doc } = ok(
      'ip netns add t-sw',
      'ip -n t-sw link add br0 type bridge',
      'ip -n t-sw link add br1 type bridge',
      'ip -n t-sw link set br0 up',
      'ip -n t-sw link set br1 up',
      'ip -n t-a link add br9 type bridge',
      'ip -n t-a link set br9 up',
      'ip -n t-a addr add 192.168.9.1/24 dev br9',
      'ip -n t-a link add p9 type veth peer name eth0 netns t-b',
      'ip -n t-a link set p9 master br9 up',
      'ip -n t-b link set eth0 up',
    );
    expect(doc.segments.map((s) => s.id)).toEqual(['a-b', 'sw-br0', 'sw-br1', 'a-br9']);
    expect(doc.devices[0]!.interfaces.map((i) => [i.name, i.segment])).toEqual([
      ['v0', 'a-b'],
      ['br9', 'a-br9'],
    ]);
    expect(doc.devices[1]!.interfaces.map((i) => [i.name, i.segment])).toEqual([
      ['v0', 'a-b'],
      ['eth0', 'a-br9'],
    ]);
  });

  it('bridges joined by a veth whose ends are both ports are one segment', () => {
    const { doc } = ok(
      'ip netns add t-s1',
      'ip netns add t-s2',
      'ip -n t-s1 link add br0 type bridge',
      'ip -n t-s2 link add br0 type bridge',
      'ip -n t-s1 link set br0 up',
      'ip -n t-s2 link set br0 up',
      'ip -n t-s1 link add up1 type veth peer name up2 netns t-s2',
      'ip -n t-s1 link set up1 master br0 up',
      'ip -n t-s2 link set up2 master br0 up',
      'ip -n t-s1 link add p type veth peer name e1 netns t-a',
      'ip -n t-s1 link set p master br0 up',
      'ip -n t-s2 link add p type veth peer name e1 netns t-b',
      'ip -n t-s2 link set p master br0 up',
      'ip -n t-a link set e1 up',
      'ip -n t-b link set e1 up',
    );
    expect(doc.segments.map((s) => s.id)).toEqual(['a-b', 's1']);
    expect(doc.devices.map((d) => d.interfaces[1]!.segment)).toEqual(['s1', 's1']);
  });

  it('a veth end whose peer is down has no carrier: plugged into nothing, with a warning', () => {
    const { doc, warnings } = ok(
      'ip -n t-a link add e9 type veth peer name e9 netns t-b',
      'ip -n t-a link set e9 up',
    );
    expect(doc.devices[0]!.interfaces[1]).toEqual({ name: 'e9' });
    expect(warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/e9 in t-a has no carrier/),
      expect.stringMatching(/e9 in t-b is never brought up/),
    ]);
  });

  it("natlab's unplugged interface: a veth whose other end stays down in the same namespace", () => {
    const { doc, warnings } = ok(
      'ip -n t-a link add name eth5 type veth peer name p1x5',
      'ip -n t-a link set dev eth5 up',
    );
    expect(doc.devices[0]!.interfaces.map((i) => i.name)).toEqual(['v0', 'eth5']);
    expect(warnings).toEqual([]);
  });

  it('moving a link drops its addresses and routes; renaming keeps what points at it', () => {
    const d = a(
      'ip -n t-a link add x0 type veth peer name x1',
      'ip -n t-a addr add 10.7.0.1/24 dev x0',
      'ip -n t-a link set x0 up',
      'ip -n t-a link set x1 up',
      'ip -n t-a route add 10.8.0.0/16 dev x0',
      'ip -n t-a link set x0 netns t-b',
      'ip -n t-a route add 10.9.0.0/16 dev v0',
      'ip -n t-a link set v0 name lan0',
      'ip -n t-a neigh add proxy 10.0.0.9 dev lan0',
    );
    expect(d.interfaces.map((i) => [i.name, i.addresses])).toEqual([
      ['lan0', ['10.0.0.1/24']],
      ['x1', undefined],
    ]);
    expect(d.routes).toEqual([{ to: '10.9.0.0/16', dev: 'lan0' }]);
    expect(d.proxyNeighbours).toEqual([{ address: '10.0.0.9', dev: 'lan0' }]);
  });

  it('selftest idioms: clean-up first, move-and-rename, dev before the address, -4, sysctl -wq', () => {
    const r = importScript(
      [
        'ip netns del st-r 2>/dev/null || true',
        'ip netns add st-r',
        'ip netns add st-h',
        'ip -netns st-r link add veth0 type veth peer name tmp0',
        'ip -netns st-r link set tmp0 netns st-h name eth0',
        'ip -4 -netns st-h addr add dev eth0 10.1.0.2/24',
        'ip -n st-r addr add 10.1.0.1/24 dev veth0',
        'ip -n st-r link set veth0 up; ip -n st-h link set eth0 up',
        'ip -n st-r link set lo up && ip -n st-h link set lo up',
        'ip netns exec st-r sysctl -wq net.ipv4.conf.all.forwarding=1',
        'ip -n st-h route add default via 10.1.0.1 dev eth0',
      ].join('\n'),
    );
    expect(r.ok && r.warnings).toEqual([]);
    expect(
      r.ok && r.doc.devices.map((d) => [d.id, d.kind, d.interfaces.map((i) => `${i.name}@${i.segment}`)]),
    ).toEqual([
      ['r', 'router', ['veth0@r-h']],
      ['h', 'host', ['eth0@r-h']],
    ]);
  });

  it('ids: the common prefix goes; invalid names are mended with a warning', () => {
    const r = importScript('ip netns add lab-x\nip netns add lab-y\nip netns add "lab-odd name"');
    expect(r.ok && r.doc.devices.map((d) => d.id)).toEqual(['x', 'y', 'odd_name']);
    expect(r.ok && r.warnings.map((w) => w.message)).toContainEqual(
      expect.stringMatching(/becomes the id "odd_name"/),
    );
    const one = importScript('ip netns add kt-vbs');
    expect(one.ok && one.doc.devices.map((d) => d.id)).toEqual(['kt-vbs']);
  });

  it('veths made in the host and moved into namespaces (they arrive down, as in the kernel)', () => {
    const r = importScript(
      [
        'ip netns add h-1',
        'ip netns add h-2',
        'ip link add veth0 type veth peer name veth1',
        'ip link set veth0 up',
        'ip link set veth0 netns h-1',
        'ip link set veth1 netns h-2 name eth0',
        'ip -n h-1 link set lo up',
        'ip -n h-2 link set lo up',
        'ip -n h-1 link set veth0 up',
        'ip -n h-2 link set eth0 up',
        'ip -n h-1 addr add 10.0.0.1/24 dev veth0',
        'ip -n h-2 addr add 10.0.0.2/24 dev eth0',
      ].join('\n'),
    );
    expect(r.ok && r.warnings).toEqual([]);
    expect(r.ok && r.doc.segments).toEqual([{ id: '1-2', kind: 'link' }]);
    expect(r.ok && r.doc.devices.map((d) => d.interfaces.map((i) => `${i.name}@${i.segment}`))).toEqual([
      ['veth0@1-2'],
      ['eth0@1-2'],
    ]);
    // moved while up, never brought up again: down on Linux, and it has an address
    const down = importScript(
      [
        'ip netns add h-1',
        'ip netns add h-2',
        'ip link add veth0 type veth peer name veth1 netns h-2',
        'ip link set veth0 up',
        'ip link set veth0 netns h-1',
        'ip -n h-2 link set veth1 up',
        'ip -n h-1 addr add 10.0.0.1/24 dev veth0',
      ].join('\n'),
    );
    expect(!down.ok && down.issues.map((i) => `${i.line}: ${i.message}`)).toEqual([
      expect.stringMatching(/^5: veth0 in h-1 is never brought up/),
    ]);
  });

  it("a bridge in the host's namespace is a segment; what stays in the host is not part of the lab", () => {
    const r = importScript(
      [
        'ip netns add n1',
        'ip netns add n2',
        'ip link add br0 type bridge',
        'ip link set br0 up',
        'ip link add p1 type veth peer name eth0 netns n1',
        'ip link add p2 type veth peer name eth0 netns n2',
        'ip link set p1 master br0 up',
        'ip link set p2 master br0 up',
        'ip link add spare type veth peer name eth1 netns n2',
        'ip -n n1 link set lo up',
        'ip -n n2 link set lo up',
        'ip -n n1 link set eth0 up',
        'ip -n n2 link set eth0 up',
        'ip -n n2 link set eth1 up',
        'ip -n n1 addr add 10.0.0.1/24 dev eth0',
        'ip -n n2 addr add 10.0.0.2/24 dev eth0',
      ].join('\n'),
    );
    if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('\n'));
    expect(r.doc.segments).toEqual([{ id: 'br0', kind: 'production' }]);
    expect(r.doc.devices.map((d) => d.interfaces.map((i) => `${i.name}@${i.segment}`))).toEqual([
      ['eth0@br0'],
      ['eth0@br0', 'eth1@undefined'],
    ]);
    expect(r.warnings.map((w) => `${w.line}: ${w.message}`)).toEqual([
      expect.stringMatching(/^9: eth1 in n2 has no carrier: its peer spare \(in the host namespace\)/),
      expect.stringMatching(/^9: spare stays in the host's own namespace, which is not part of the lab/),
    ]);
    // configuring the host is still refused
    expect(
      importScript('ip netns add n1\nip link add d0 type dummy\nip addr add 10.9.0.1/24 dev d0'),
    ).toMatchObject({
      ok: false,
      issues: [{ line: 3, message: expect.stringMatching(/would change the host/) }],
    });
  });
});
