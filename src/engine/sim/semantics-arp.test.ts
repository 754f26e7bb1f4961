/** Semantics doc §7 (ARP, proxy_arp, static mapping) and §8 (redirects), §1.2 TTL, replaying e08. */
import { describe, expect, it } from 'vitest';
import { formatIpv4 } from '../addr/ipv4.ts';
import { dev, kernelLab, type LabDoc } from '../testing/kernel-lab.ts';
import { hopAt, run, seenText, stepsOf } from '../testing/probe.ts';

/** e08 A: the static mapping's DNAT + MARK for 192.168.149.136 → isolated .36. */
function staticMapping(d: LabDoc) {
  const v = dev(d, 'vlab');
  (v.iptables.mangle!.PREROUTING as string[]).push(
    '-i eth0 -d 192.168.149.136 -j MARK --set-xmark 0x6/0xffffffff',
  );
  (v.iptables.nat!.PREROUTING as string[]).push(
    '-i eth0 -d 192.168.149.136 -j DNAT --to-destination 192.168.149.36',
  );
}

describe('static mapping needs someone to answer ARP for the access IP (e08 A)', () => {
  it('DNAT + MARK alone: nobody answers ARP for .136', () => {
    const t = run(kernelLab(staticMapping), 'vbs', '192.168.149.136');
    expect(t.request.drop).toMatchObject({ device: 'vbs', reason: 'neighbour_unreachable' });
  });
  it('proxy_arp + ip neigh add proxy on eth0 still fails: the route to .136 is eth0 itself', () => {
    const t = run(
      kernelLab((d) => {
        staticMapping(d);
        const v = dev(d, 'vlab');
        v.sysctls['net.ipv4.conf.eth0.proxy_arp'] = 1;
        v.proxyNeighbours = [{ address: '192.168.149.136', dev: 'eth0' }];
      }),
      'vbs',
      '192.168.149.136',
    );
    expect(t.request.drop).toMatchObject({ device: 'vbs', reason: 'neighbour_unreachable' });
  });
  it('…plus a route 192.168.149.136/32 dev eth1: works', () => {
    const t = run(
      kernelLab((d) => {
        staticMapping(d);
        const v = dev(d, 'vlab');
        v.sysctls['net.ipv4.conf.eth0.proxy_arp'] = 1;
        v.proxyNeighbours = [{ address: '192.168.149.136', dev: 'eth0' }];
        v.routes.push({ to: '192.168.149.136/32', dev: 'eth1' });
      }),
      'vbs',
      '192.168.149.136',
    );
    expect(t.outcome).toBe('answered');
    expect(seenText(t.request)).toBe('192.168.149.2 > 192.168.149.36');
    const ct = stepsOf(hopAt(t.request, 'vlab'), 'conntrack')[0]!;
    expect(ct.orig).toBe('src=192.168.149.22 dst=192.168.149.136 type=8 code=0 id=4242');
  });
  it('an alias 192.168.149.136/32 on eth0 instead: works (ARP answered because the address is local)', () => {
    const t = run(
      kernelLab((d) => {
        staticMapping(d);
        dev(d, 'vlab').interfaces[0]!.addresses!.push('192.168.149.136/32');
      }),
      'vbs',
      '192.168.149.136',
    );
    expect(t.outcome).toBe('answered');
    expect(formatIpv4(t.reply!.seen!.src)).toBe('192.168.149.136');
  });
});

describe('isolation leaks (e08 B, C)', () => {
  it("weak host: copy reaches the appliance's production address, but the answer goes to the production twin", () => {
    const t = run(kernelLab(), 'copy', '192.168.149.50');
    const arp = stepsOf(t.request.hops[0], 'neighbour')[0]!;
    expect(arp.answeredBy).toEqual({ device: 'vlab', iface: 'eth1', why: 'local' });
    expect(t.request.receiver).toBe('vlab');
    expect(t.outcome).toBe('reply-misdelivered');
    expect(t.reply!.receiver).toBe('prod');
  });
  it('copy → vbs: no proxy_arp, no answer', () => {
    const t = run(kernelLab(), 'copy', '192.168.149.22');
    expect(t.request.drop).toMatchObject({ device: 'copy', reason: 'neighbour_unreachable' });
  });
  it('proxy_arp on eth1 leaks: the request reaches vbs, whose answer goes to the production twin', () => {
    const t = run(
      kernelLab((d) => (dev(d, 'vlab').sysctls['net.ipv4.conf.eth1.proxy_arp'] = 1)),
      'copy',
      '192.168.149.22',
    );
    expect(stepsOf(t.request.hops[0], 'neighbour')[0]!.answeredBy).toEqual({
      device: 'vlab',
      iface: 'eth1',
      why: 'proxy_arp',
    });
    expect(t.request.receiver).toBe('vbs');
    expect(seenText(t.request)).toBe('192.168.149.36 > 192.168.149.22');
    expect(t.reply!.receiver).toBe('prod');
  });
});

describe('ICMP redirects (e08 D)', () => {
  const lab = (sendRedirects: boolean) =>
    kernelLab((d) => {
      dev(d, 'prod').interfaces.push({ name: 'dummy0', addresses: ['192.168.151.1/32'] });
      dev(d, 'vlab').routes.push({ to: '192.168.151.0/24', via: '192.168.149.36', dev: 'eth0' });
      dev(d, 'vbs').routes.push({ to: '192.168.151.0/24', via: '192.168.149.50' });
      if (!sendRedirects)
        Object.assign(dev(d, 'vlab').sysctls, {
          'net.ipv4.conf.all.send_redirects': 0,
          'net.ipv4.conf.eth0.send_redirects': 0,
        });
    });
  it('in == out and the source is on-link: forwarded and redirected', () => {
    const t = run(lab(true), 'vbs', '192.168.151.1');
    expect(t.outcome).toBe('answered');
    expect(stepsOf(hopAt(t.request, 'vlab'), 'redirect').map((r) => formatIpv4(r.gateway))).toEqual([
      '192.168.149.36',
    ]);
  });
  it('send_redirects=0 on all and eth0: no redirect', () => {
    const t = run(lab(false), 'vbs', '192.168.151.1');
    expect(t.outcome).toBe('answered');
    expect(stepsOf(hopAt(t.request, 'vlab'), 'redirect')).toEqual([]);
  });
  it('the worked example (in eth0, out eth1) never redirects', () => {
    expect(stepsOf(hopAt(run(kernelLab(), 'vbs', '192.168.150.36').request, 'vlab'), 'redirect')).toEqual([]);
  });
});

describe('TTL (e08 E, semantics §1.2, §2.7)', () => {
  it('TTL 1 dies in ip_forward before FORWARD; the error carries the pre-NAT address', () => {
    const t = run(kernelLab(), 'vbs', '192.168.150.36', { ttl: 1 });
    expect(t.request.drop).toMatchObject({ device: 'vlab', reason: 'ttl_exceeded' });
    const vlab = hopAt(t.request, 'vlab')!;
    expect(stepsOf(vlab, 'chain').map((c) => `${c.table} ${c.chain}`)).toEqual([
      'mangle PREROUTING',
      'nat PREROUTING',
    ]);
    // vbs prints "From 192.168.150.36 icmp_seq=1 Time to live exceeded"
    expect(t.outcome).toBe('error');
    expect(t.reply!.what).toBe('icmp Time to live exceeded');
    expect(formatIpv4(t.reply!.seen!.src)).toBe('192.168.150.36');
    // it left OUTPUT with .50 and was rewritten in POSTROUTING
    const out = hopAt(t.reply, 'vlab')!;
    expect(formatIpv4(stepsOf(out, 'send')[0]!.packet.src)).toBe('192.168.149.50');
    expect(stepsOf(out, 'nat').map((n) => `${n.hook} ${n.cause} ${formatIpv4(n.after.src)}`)).toEqual([
      'postrouting related 192.168.150.36',
    ]);
    // and the quoted packet is the original one
    expect(formatIpv4(t.reply!.packet.inner!.dst)).toBe('192.168.149.36');
  });
  it('TTL 2 passes (decremented before FORWARD, FORWARD/POSTROUTING see TTL-1)', () => {
    const t = run(kernelLab(), 'vbs', '192.168.150.36', { ttl: 2 });
    expect(t.outcome).toBe('answered');
    expect(t.request.seen!.ttl).toBe(1);
  });
});
