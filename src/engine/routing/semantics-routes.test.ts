/** Semantics doc §5 (route lookup, route types, ICMP errors), replaying e05/e05b. */
import { describe, expect, it } from 'vitest';
import { formatIpv4 } from '../addr/ipv4.ts';
import { compileLab } from '../lab/compile.ts';
import type { LabDocument } from '../lab/format.ts';
import { dev, kernelLab, kernelLabDoc } from '../testing/kernel-lab.ts';
import { get, hopAt, run, stepsOf } from '../testing/probe.ts';

/** e05 setup: lab_topology + ip_forward + eth1's connected route removed. */
function e05(change: (v: ReturnType<typeof dev>) => void) {
  return kernelLab((d) => {
    const v = dev(d, 'vlab');
    v.sysctls['net.ipv4.ip_forward'] = 1;
    v.interfaces[1]!.addresses = [{ address: '192.168.149.2/24', noprefixroute: true }];
    change(v);
  }, false);
}

describe('longest prefix, then metric, then first inserted (e05)', () => {
  it('/32 metric 100 beats /25 metric 5; equal /25s go by metric', () => {
    const net = e05((v) =>
      v.routes.push(
        { to: '192.168.150.0/24', dev: 'eth1' },
        { to: '192.168.150.0/25', dev: 'eth0', metric: 10 },
        { to: '192.168.150.0/25', dev: 'eth1', metric: 5 },
        { to: '192.168.150.36/32', dev: 'eth0', metric: 100 },
      ),
    );
    expect(get(net, 'vlab', '192.168.150.36')).toBe('dev eth0 src 192.168.149.50');
    expect(get(net, 'vlab', '192.168.150.37')).toBe('dev eth1 src 192.168.149.2');
    expect(get(net, 'vlab', '192.168.150.200')).toBe('dev eth1 src 192.168.149.2');
  });
  it('two connected routes for one prefix: the first address added wins', () => {
    const net = kernelLab(undefined, false);
    expect(get(net, 'vlab', '192.168.149.36')).toBe('dev eth0 src 192.168.149.50');
    const flipped = kernelLab((d) => dev(d, 'vlab').interfaces.reverse(), false);
    expect(get(flipped, 'vlab', '192.168.149.36')).toBe('dev eth1 src 192.168.149.2');
  });
  it('ip route add of a duplicate prefix+metric is refused ("File exists"), even against a kernel route', () => {
    const doc = kernelLabDoc(false);
    dev(doc, 'vlab').routes.push({ to: '192.168.149.0/24', dev: 'eth1' });
    const c = compileLab(doc as unknown as LabDocument);
    expect(c.network).toBeUndefined();
    expect(c.issues[0]).toMatchObject({ path: 'devices[2].routes[0]', severity: 'error' });
    expect(c.issues[0]!.message).toContain('File exists');
  });
  it('the local table wins over main (weak host: reachable from eth0)', () => {
    const net = e05((v) => v.routes.push({ to: '192.168.149.2/32', dev: 'eth0' }));
    expect(get(net, 'vlab', '192.168.149.2')).toBe('local dev lo src 192.168.149.2');
    expect(get(net, 'vlab', '192.168.149.2', { from: '192.168.149.22', iif: 'eth0' })).toBe('local dev lo');
  });
});

describe('route types: the lookup errno and what a forwarded packet gets (e05, e05b)', () => {
  const net = e05((v) =>
    v.routes.push(
      { to: '192.168.150.201/32', type: 'unreachable' },
      { to: '192.168.150.202/32', type: 'prohibit' },
      { to: '192.168.150.203/32', type: 'blackhole' },
      { to: '192.168.150.204/32', type: 'throw' },
    ),
  );
  it.each([
    ['201', 'EHOSTUNREACH', 'unreachable', 'Destination Host Unreachable'],
    ['202', 'EACCES', 'prohibit', 'Packet filtered'],
    ['203', 'EINVAL', 'blackhole', null],
    ['204', 'ENETUNREACH', 'no_route', 'Destination Net Unreachable'],
    ['205', 'ENETUNREACH', 'no_route', 'Destination Net Unreachable'],
  ] as const)('192.168.150.%s: %s, drop %s, sender sees %s', (last, errno, reason, icmp) => {
    const dst = `192.168.150.${last}`;
    expect(get(net, 'vlab', dst)).toBe(errno);
    const t = run(net, 'vbs', dst);
    expect(t.request.drop).toMatchObject({ device: 'vlab', reason });
    // the packet never reaches INPUT or FORWARD
    expect(
      stepsOf(hopAt(t.request, 'vlab'), 'chain').some((c) => c.hook === 'forward' || c.hook === 'input'),
    ).toBe(false);
    if (icmp === null) {
      expect(t.reply).toBe(null);
      expect(t.outcome).toBe('request-dropped');
    } else {
      expect(t.outcome).toBe('error');
      expect(t.reply!.what).toBe(`icmp ${icmp}`);
      expect(formatIpv4(t.reply!.seen!.src)).toBe('192.168.149.50');
    }
  });
  it('the ICMP error is generated locally: OUTPUT/POSTROUTING, src .50, TOS 0xc0 (cs6), TTL 64', () => {
    const t = run(net, 'vbs', '192.168.150.205');
    const send = stepsOf(hopAt(t.reply, 'vlab'), 'send')[0]!;
    expect([formatIpv4(send.packet.src), send.packet.tos, send.packet.ttl]).toEqual([
      '192.168.149.50',
      0xc0,
      64,
    ]);
    expect(formatIpv4(send.packet.inner!.dst)).toBe('192.168.150.205');
  });
  it('an input lookup with forwarding off answers EHOSTUNREACH and sends no ICMP', () => {
    const off = kernelLab(undefined, false);
    expect(get(off, 'vlab', '192.168.150.9', { from: '192.168.149.22', iif: 'eth0' })).toBe('EHOSTUNREACH');
    const t = run(off, 'vbs', '192.168.150.9');
    expect(t.request.drop).toMatchObject({ device: 'vlab', reason: 'forwarding_disabled' });
    expect(t.reply).toBe(null);
  });
});
