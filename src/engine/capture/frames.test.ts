import { describe, expect, it } from 'vitest';
import { formatIpv4 } from '../addr/ipv4.ts';
import { stepAt } from '../timeline/timeline.ts';
import { exampleLab, seedPing, traced } from './capture.test-support.ts';
import { captureFrames, wireEvents } from './frames.ts';
import { capturePoints } from './points.ts';
import { WIRE_STEP_USEC } from './wire.ts';

const addrs = (f: { packet: { src: number; dst: number } }) =>
  `${formatIpv4(f.packet.src)} > ${formatIpv4(f.packet.dst)}`;

describe('frames a capture point sees', () => {
  it('vlab eth1 sends the request after MASQUERADE and receives the reply before de-NAT', () => {
    const { net, result } = seedPing();
    const frames = captureFrames(result, net, { kind: 'iface', device: 'vlab', iface: 'eth1' });
    expect(frames.map((f) => [f.leg, f.direction, addrs(f), f.srcMac, f.dstMac])).toEqual([
      ['request', 'out', '192.168.149.2 > 192.168.149.36', '02:00:00:05:00:03', '02:00:00:00:02:24'],
      ['reply', 'in', '192.168.149.36 > 192.168.149.2', '02:00:00:00:02:24', '02:00:00:05:00:03'],
    ]);
  });

  it('vlab eth0 receives the request before NETMAP and sends the reply de-NATed', () => {
    const { net, result } = seedPing();
    const frames = captureFrames(result, net, { kind: 'iface', device: 'vlab', iface: 'eth0' });
    expect(frames.map((f) => [f.direction, addrs(f)])).toEqual([
      ['in', '192.168.149.22 > 192.168.150.36'],
      ['out', '192.168.150.36 > 192.168.149.22'],
    ]);
  });

  it('each frame points at the transmit or receive step that carries the same packet', () => {
    const { net, result } = seedPing();
    for (const p of capturePoints(result, net))
      for (const f of captureFrames(result, net, p.point)) {
        const s = stepAt(result, f.ref);
        expect(s?.kind).toBe(f.direction === 'out' ? 'transmit' : 'receive');
        expect(s && 'packet' in s ? addrs(s) : null).toBe(addrs(f));
      }
  });

  it('a segment capture holds every frame on the wire once, in order, each a wire step later', () => {
    const { net, result } = seedPing();
    const seg = captureFrames(result, net, { kind: 'segment', segment: 'iso' });
    const copy = captureFrames(result, net, { kind: 'iface', device: 'sf0006-copy', iface: 'eth0' });
    expect(seg.map((f) => Array.from(f.bytes))).toEqual(copy.map((f) => Array.from(f.bytes)));
    const times = wireEvents(result, net).map((e) => e.time);
    expect(times.slice(1).map((t, i) => t - times[i]!)).toEqual([
      WIRE_STEP_USEC,
      WIRE_STEP_USEC,
      WIRE_STEP_USEC,
    ]);
  });

  it('a reply dropped by a stateful firewall was still received on its interface', () => {
    const net = exampleLab('asymmetric-firewall');
    const result = traced(net, 'user1', '172.16.10.50', { proto: 'tcp', dport: 443 });
    expect(result.outcome).toBe('reply-dropped');
    const events = wireEvents(result, net);
    expect(events.every((e) => e.rx !== null)).toBe(true);
    const dc2 = captureFrames(result, net, { kind: 'iface', device: 'fw-dc2', iface: 'eth1' });
    expect(dc2.map((f) => [f.leg, f.direction, addrs(f)])).toEqual([
      ['reply', 'in', '172.16.10.50 > 10.1.0.10'],
    ]);
  });

  it('frames survive a network edited after the trace (an unknown interface gets the receive step MAC)', () => {
    const { net, result } = seedPing();
    const other = exampleLab('dnat-redirect');
    const frames = captureFrames(result, other, { kind: 'iface', device: 'vlab', iface: 'eth1' });
    expect(frames.map((f) => f.srcMac)).toEqual(['02:00:00:05:00:03', '02:00:00:00:02:24']);
    expect(net.byId.get('vlab')?.ifByName.get('eth1')?.mac).toBe('02:00:00:05:00:03');
  });
});
