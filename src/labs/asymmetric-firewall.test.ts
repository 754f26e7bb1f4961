/**
 * public/labs/asymmetric-firewall.lab.json — seed 001 (vSphere Metro Storage Cluster, part 3): a VM
 * network stretched over two sites, a stateful perimeter firewall per site, ingress through DC1 and —
 * after vMotion with local egress — egress through DC2. Each firewall sees only one direction of the
 * flow and drops the other as INVALID. `natlab verify` agrees with the kernel on every default probe
 * (28 of 28) and on the extra probes named below.
 */
import { describe, expect, it } from 'vitest';
import {
  addrs,
  ctAt,
  exec,
  loadDoc,
  loadPublicLab,
  path,
  readLabDoc,
  routeAt,
  rulesHit,
  run,
} from './labs.test-support.ts';

const net = loadPublicLab('asymmetric-firewall');
const FORWARD = [
  '-m conntrack --ctstate INVALID -j DROP',
  '-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
  '-i eth0 -o eth1 -p tcp -m tcp --dport 443 -m conntrack --ctstate NEW -j ACCEPT',
  '-i eth0 -o eth1 -p icmp -m icmp --icmp-type 8 -m conntrack --ctstate NEW -j ACCEPT',
  '-i eth1 -o eth0 -m conntrack --ctstate NEW -j ACCEPT',
];

describe('asymmetric-firewall: the routing that makes the flow asymmetric', () => {
  it('ingress for the stretched subnet is DC1, vm1 leaves through DC2, vm2 through DC1', () => {
    expect(exec(net, 'wan-rtr', 'ip route get 172.16.10.50')).toBe(
      '172.16.10.50 via 10.255.0.11 dev eth1 src 10.255.0.1 uid 0 \n    cache \n',
    );
    expect(exec(net, 'vm1', 'ip route get 10.1.0.10')).toBe(
      '10.1.0.10 via 172.16.10.3 dev eth0 src 172.16.10.50 uid 0 \n    cache \n',
    );
    expect(exec(net, 'vm2', 'ip route get 10.1.0.10')).toBe(
      '10.1.0.10 via 172.16.10.2 dev eth0 src 172.16.10.60 uid 0 \n    cache \n',
    );
  });
  it('both firewalls hold the same stateful rule set', () => {
    const rules = exec(net, 'fw-dc1', 'iptables -S FORWARD');
    expect(rules).toBe(['-P FORWARD DROP', ...FORWARD.map((r) => `-A FORWARD ${r}`), ''].join('\n'));
    expect(exec(net, 'fw-dc2', 'iptables -S FORWARD')).toBe(rules);
  });
});

describe('asymmetric-firewall: a user connects to vm1 (moved to DC2)', () => {
  const t = run(net, 'user1', '172.16.10.50', { proto: 'tcp', dport: 443 });

  it('the SYN comes in through DC1: NEW, allowed; vm1 receives it unchanged', () => {
    expect(path(t.request)).toEqual(['user1', 'wan-rtr', 'fw-dc1', 'vm1']);
    expect(ctAt(t.request, 'fw-dc1')).toEqual(['prerouting NEW ORIGINAL']);
    expect(rulesHit(t.request, 'fw-dc1')).toEqual(['filter FORWARD 3 => accept']);
    expect(t.request.receiver).toBe('vm1');
    expect(addrs(t.request.seen)).toBe('10.1.0.10:40000 > 172.16.10.50:443');
  });
  it("vm1's own stateful filter (the distributed firewall at the vNIC) sees both directions", () => {
    expect(ctAt(t.request, 'vm1')).toEqual(['prerouting NEW ORIGINAL']);
    expect(rulesHit(t.request, 'vm1')).toEqual(['filter INPUT 3 => accept']);
    expect(ctAt(t.reply, 'vm1')).toEqual(['output ESTABLISHED REPLY']);
  });
  it('the SYN-ACK leaves through DC2, whose firewall never saw the SYN: INVALID → dropped', () => {
    expect(t.reply!.what).toBe('tcp syn-ack');
    expect(path(t.reply)).toEqual(['vm1', 'fw-dc2']);
    expect(routeAt(t.reply, 'fw-dc2')).toBe(
      '[rule 32766] table main: default via 10.255.0.1 dev eth0 => forward',
    );
    expect(ctAt(t.reply, 'fw-dc2')).toEqual(['prerouting INVALID']);
    expect(rulesHit(t.reply, 'fw-dc2')).toEqual(['filter FORWARD 1 => drop']);
    expect(t.reply!.drop).toEqual({
      device: 'fw-dc2',
      reason: 'invalid_state',
      detail: '-t filter -A FORWARD -m conntrack --ctstate INVALID -j DROP (conntrack: INVALID)',
    });
    expect(t.outcome).toBe('reply-dropped');
  });
  it('ping: the echo reply meets the same fate', () => {
    const p = run(net, 'user1', '172.16.10.50');
    expect(p.request.receiver).toBe('vm1');
    expect(p.outcome).toBe('reply-dropped');
    expect(p.reply!.drop).toMatchObject({ device: 'fw-dc2', reason: 'invalid_state' });
  });
  it('without the INVALID rule the policy drops it: a SYN-ACK nobody saw is neither ESTABLISHED nor NEW', () => {
    // natlab verify agrees on this variant (user1 → 172.16.10.50 tcp/443)
    const doc = readLabDoc('asymmetric-firewall');
    const variant = loadDoc({
      ...doc,
      devices: doc.devices.map((d) =>
        d.id === 'fw-dc2'
          ? { ...d, iptables: { filter: { FORWARD: { policy: 'DROP' as const, rules: FORWARD.slice(1) } } } }
          : d,
      ),
    });
    const p = run(variant, 'user1', '172.16.10.50', { proto: 'tcp', dport: 443 });
    expect(ctAt(p.reply, 'fw-dc2')).toEqual(['prerouting INVALID']);
    expect(p.reply!.drop).toEqual({
      device: 'fw-dc2',
      reason: 'filter_drop',
      detail: 'policy DROP of filter FORWARD',
    });
  });
});

describe('asymmetric-firewall: vm1 starts a connection (the other way round)', () => {
  it('the request leaves through DC2 (NEW, allowed); the answer comes in through DC1: INVALID', () => {
    const t = run(net, 'vm1', '10.1.0.10');
    expect(path(t.request)).toEqual(['vm1', 'fw-dc2', 'wan-rtr', 'user1']);
    expect(ctAt(t.request, 'fw-dc2')).toEqual(['prerouting NEW ORIGINAL']);
    expect(rulesHit(t.request, 'fw-dc2')).toEqual(['filter FORWARD 5 => accept']);
    expect(t.request.receiver).toBe('user1');
    expect(path(t.reply)).toEqual(['user1', 'wan-rtr', 'fw-dc1']);
    expect(ctAt(t.reply, 'fw-dc1')).toEqual(['prerouting INVALID']);
    expect(t.outcome).toBe('reply-dropped');
    expect(t.reply!.drop).toMatchObject({ device: 'fw-dc1', reason: 'invalid_state' });
  });
  it("a refused connection: user1's TCP reset dies at DC1 too (verify: vm1 → 10.1.0.10 tcp/22)", () => {
    const t = run(net, 'vm1', '10.1.0.10', { proto: 'tcp', dport: 22 });
    expect(t.reply!.what).toBe('tcp rst');
    expect(t.reply!.drop).toMatchObject({ device: 'fw-dc1', reason: 'invalid_state' });
  });
});

describe('asymmetric-firewall: vm2 (still in DC1) works with the very same rules', () => {
  it('user1 → vm2 https: SYN NEW and SYN-ACK ESTABLISHED at fw-dc1', () => {
    const t = run(net, 'user1', '172.16.10.60', { proto: 'tcp', dport: 443 });
    expect(t.outcome).toBe('answered');
    expect(path(t.reply)).toEqual(['vm2', 'fw-dc1', 'wan-rtr', 'user1']);
    expect(ctAt(t.reply, 'fw-dc1')).toEqual(['prerouting ESTABLISHED REPLY']);
    expect(rulesHit(t.reply, 'fw-dc1')).toEqual(['filter FORWARD 2 => accept']);
    expect(addrs(t.reply!.seen)).toBe('172.16.10.60:443 > 10.1.0.10:40000');
  });
  it('vm2 → user1 ping: answered', () => {
    expect(run(net, 'vm2', '10.1.0.10').outcome).toBe('answered');
  });
  it.each(['172.16.10.60', '172.16.10.50'])(
    'the firewall still does its job: user1 → %s ssh is dropped by the policy at DC1',
    (vm) => {
      const t = run(net, 'user1', vm, { proto: 'tcp', dport: 22 });
      expect(t.outcome).toBe('request-dropped');
      expect(t.request.drop).toEqual({
        device: 'fw-dc1',
        reason: 'filter_drop',
        detail: 'policy DROP of filter FORWARD',
      });
    },
  );
  it('inside the stretched network nothing is filtered: vm1 ↔ vm2 share the L2 segment', () => {
    const t = run(net, 'vm1', '172.16.10.60', { proto: 'tcp', dport: 443 });
    expect(t.outcome).toBe('answered');
    expect(path(t.request)).toEqual(['vm1', 'vm2']);
  });
});
