/**
 * public/labs/dnat-redirect.lab.json — seed 004 ("iptables evilness"): DNAT of an outside address,
 * in nat PREROUTING for forwarded traffic (fw) and in nat OUTPUT for the machine's own traffic
 * (animal). "A ping looks normal, but a tcpdump shows the real target." `natlab verify` agrees with the
 * kernel on every default probe (42 of 42) and on fw's own ping and TCP connection to 202.44.98.174.
 */
import { describe, expect, it } from 'vitest';
import { formatIpv4 } from '../engine/addr/ipv4.ts';
import {
  addrs,
  ctAt,
  exec,
  loadPublicLab,
  natAt,
  path,
  routeAt,
  rulesHit,
  run,
  steps,
} from './labs.test-support.ts';

const net = loadPublicLab('dnat-redirect');
const BULLETPROOF = '202.44.98.174';

describe('dnat-redirect: DNAT in PREROUTING on the hosting firewall (forwarded traffic)', () => {
  const t = run(net, 'shop', BULLETPROOF);

  it('the rule, as iptables -S prints it', () => {
    expect(exec(net, 'fw', 'iptables -t nat -S')).toBe(
      [
        '-P PREROUTING ACCEPT',
        '-P INPUT ACCEPT',
        '-P OUTPUT ACCEPT',
        '-P POSTROUTING ACCEPT',
        '-A PREROUTING -d 202.44.98.174/32 -j DNAT --to-destination 202.125.41.97',
        '',
      ].join('\n'),
    );
  });
  it('fw rewrites the destination before routing, and routes the new one', () => {
    expect(ctAt(t.request, 'fw')).toEqual(['prerouting NEW ORIGINAL']);
    expect(rulesHit(t.request, 'fw')).toEqual(['nat PREROUTING 1 => accept']);
    expect(natAt(t.request, 'fw')).toEqual(['DNAT 202.44.98.174 → 202.125.41.97 (prerouting, rule)']);
    expect(routeAt(t.request, 'fw')).toBe(
      '[rule 32766] table main: default via 198.51.100.1 dev eth0 => forward',
    );
    // conntrack -L at fw once the DNAT is bound (as the reply finds the entry)
    const ct = steps(t.reply, 'fw', 'conntrack')[0]!;
    expect([ct.orig, ct.reply]).toEqual([
      'src=203.0.113.20 dst=202.44.98.174 type=8 code=0 id=4242',
      'src=202.125.41.97 dst=203.0.113.20 type=0 code=0 id=4242',
    ]);
  });
  it('tcpdump shows the real target: inodes.org gets the ping, bulletproof.net never sees it', () => {
    expect(path(t.request)).toEqual(['shop', 'fw', 'isp', 'inodes']);
    expect(t.request.receiver).toBe('inodes');
    expect(addrs(t.request.seen)).toBe('203.0.113.20 > 202.125.41.97');
  });
  it('the ping looks normal: the echo reply comes from 202.44.98.174', () => {
    expect(t.outcome).toBe('answered');
    expect(natAt(t.reply, 'fw')).toEqual(['SNAT 202.125.41.97 → 202.44.98.174 (postrouting, conntrack)']);
    expect(addrs(t.reply!.seen)).toBe('202.44.98.174 > 203.0.113.20');
    expect(addrs(t.reply!.socket)).toBe('202.44.98.174 > 203.0.113.20');
  });
  it('the application (http) talks to inodes.org and believes it is bulletproof.net', () => {
    const h = run(net, 'shop', BULLETPROOF, { proto: 'tcp', dport: 80 });
    expect(h.outcome).toBe('answered');
    expect(h.request.receiver).toBe('inodes');
    expect(addrs(h.request.seen)).toBe('203.0.113.20:40000 > 202.125.41.97:80');
    expect(h.reply!.what).toBe('tcp syn-ack');
    expect(addrs(h.reply!.socket)).toBe('202.44.98.174:80 > 203.0.113.20:40000');
  });
  it("PREROUTING never sees the firewall's own packets: fw itself reaches the real bulletproof.net", () => {
    const own = run(net, 'fw', BULLETPROOF);
    expect(own.outcome).toBe('answered');
    expect(own.request.receiver).toBe('bulletproof');
    expect(natAt(own.request, 'fw')).toEqual([]);
    expect(addrs(own.request.seen)).toBe('198.51.100.2 > 202.44.98.174');
  });
});

describe('dnat-redirect: DNAT in OUTPUT on the workstation (its own traffic)', () => {
  const t = run(net, 'animal', BULLETPROOF);

  it('the socket routes 202.44.98.174, nat OUTPUT rewrites it, the packet is routed again', () => {
    expect(routeAt(t.request, 'animal', 'output')).toBe(
      '[rule 32766] table main: default via 211.30.227.1 dev eth0 => output',
    );
    expect(steps(t.request, 'animal', 'route').find((s) => s.purpose === 'output')!.flow.dst).toBe(
      steps(t.request, 'animal', 'send')[0]!.packet.dst,
    );
    expect(formatIpv4(steps(t.request, 'animal', 'send')[0]!.packet.dst)).toBe(BULLETPROOF);
    expect(ctAt(t.request, 'animal')).toEqual(['output NEW ORIGINAL']);
    expect(natAt(t.request, 'animal')).toEqual(['DNAT 202.44.98.174 → 202.125.41.97 (output, rule)']);
    expect(routeAt(t.request, 'animal', 'reroute')).toBe(
      '[rule 32766] table main: default via 211.30.227.1 dev eth0 => output',
    );
  });
  it("tcpdump -ni eth0 on animal: '211.30.227.143 > 202.125.41.97: icmp echo request'", () => {
    const tx = steps(t.request, 'animal', 'transmit')[0]!;
    expect([tx.iface, addrs(tx.packet)]).toEqual(['eth0', '211.30.227.143 > 202.125.41.97']);
    expect(t.request.receiver).toBe('inodes');
    expect(addrs(t.request.seen)).toBe('211.30.227.143 > 202.125.41.97');
  });
  it("… '202.125.41.97 > 211.30.227.143: icmp echo reply', yet ping prints 'from 202.44.98.174'", () => {
    expect(t.outcome).toBe('answered');
    expect(addrs(t.reply!.seen)).toBe('202.125.41.97 > 211.30.227.143'); // tcpdump
    expect(natAt(t.reply, 'animal')).toEqual(['SNAT 202.125.41.97 → 202.44.98.174 (input, conntrack)']);
    expect(addrs(t.reply!.socket)).toBe('202.44.98.174 > 211.30.227.143'); // ping
  });
  it('http from animal: the SYN-ACK is de-NATed before the socket sees it', () => {
    const h = run(net, 'animal', BULLETPROOF, { proto: 'tcp', dport: 80 });
    expect(h.outcome).toBe('answered');
    expect(addrs(h.request.seen)).toBe('211.30.227.143:40000 > 202.125.41.97:80');
    expect(addrs(h.reply!.seen)).toBe('202.125.41.97:80 > 211.30.227.143:40000');
    expect(addrs(h.reply!.socket)).toBe('202.44.98.174:80 > 211.30.227.143:40000');
  });
});

describe('dnat-redirect: everyone else still reaches the real bulletproof.net', () => {
  it.each(['inodes', 'isp'])('%s → 202.44.98.174 is answered by bulletproof', (from) => {
    const t = run(net, from, BULLETPROOF, { proto: 'tcp', dport: 80 });
    expect(t.outcome).toBe('answered');
    expect(t.request.receiver).toBe('bulletproof');
    expect(natAt(t.reply, 'fw')).toEqual([]);
  });
});
