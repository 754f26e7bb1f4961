import { describe, expect, it } from 'vitest';
import { parseIpv4, type Ipv4 } from '../addr/ipv4.ts';
import { trace } from '../sim/trace.ts';
import { network, publicLab } from '../vlab/vlab.test-support.ts';
import { frameIndexOf, stepAt, timelineOf, type Frame } from './timeline.ts';

const ip = (s: string) => (parseIpv4(s) as { value: Ipv4 }).value;

function seedTimeline() {
  const net = network(publicLab('surebackup-basic'));
  const r = trace(net, { from: 'vbs', to: ip('192.168.150.36') });
  if (!r.ok) throw new Error(r.error);
  return { result: r.value, t: timelineOf(r.value) };
}

const changed = (f: Frame) => Object.fromEntries(f.changed.map((c) => [c.field, `${c.from} → ${c.to}`]));

describe('timelineOf', () => {
  it('has one frame per step, request then reply, each pointing back at its step', () => {
    const { result, t } = seedTimeline();
    const steps = (l: typeof result.request | null) => l?.hops.reduce((n, h) => n + h.steps.length, 0) ?? 0;
    expect(t.frames).toHaveLength(steps(result.request) + steps(result.reply));
    expect(t.replyStart).toBe(steps(result.request));
    for (const [i, f] of t.frames.entries()) {
      expect(stepAt(result, f.ref)).toBe(f.step);
      expect(frameIndexOf(t, f.ref)).toBe(i);
    }
  });

  it('shows NETMAP changing the destination at nat PREROUTING on the appliance', () => {
    const { t } = seedTimeline();
    const f = t.frames.find(
      (x) => x.step.kind === 'nat' && x.step.hook === 'prerouting' && x.ref.leg === 'request',
    )!;
    expect(f.device).toBe('vlab');
    expect(f.hook).toBe('prerouting');
    expect(changed(f)).toEqual({ dst: '192.168.150.36 → 192.168.149.36' });
  });

  it('tracks the mark set in mangle and the conntrack state', () => {
    const { t } = seedTimeline();
    const mark = t.frames.find((x) => x.step.kind === 'rule' && x.chain?.table === 'mangle')!;
    expect(changed(mark)).toEqual({ mark: '0x0 → 0x6' });
    expect(mark.ct).toBe('NEW original');
    expect(mark.chain).toEqual({ table: 'mangle', chain: 'PREROUTING' });
  });

  it('shows MASQUERADE changing the source and the TTL decrement', () => {
    const { t } = seedTimeline();
    const masq = t.frames.find((x) => x.step.kind === 'nat' && x.step.hook === 'postrouting')!;
    expect(changed(masq)).toEqual({ src: '192.168.149.22 → 192.168.149.2' });
    const fwd = t.frames.find((x) => x.step.kind === 'forward')!;
    expect(changed(fwd)).toEqual({ ttl: '64 → 63' });
  });

  it('lays each transmit on its segment from one interface to the next hop', () => {
    const { t } = seedTimeline();
    const wires = t.frames.filter((f) => f.wire).map((f) => f.wire);
    expect(wires).toEqual([
      { segment: 'prod', from: { device: 'vbs', iface: 'eth0' }, to: { device: 'vlab', iface: 'eth0' } },
      {
        segment: 'iso',
        from: { device: 'vlab', iface: 'eth1' },
        to: { device: 'sf0006-copy', iface: 'eth0' },
      },
      {
        segment: 'iso',
        from: { device: 'sf0006-copy', iface: 'eth0' },
        to: { device: 'vlab', iface: 'eth1' },
      },
      { segment: 'prod', from: { device: 'vlab', iface: 'eth0' }, to: { device: 'vbs', iface: 'eth0' } },
    ]);
  });

  it('ends the reply at vbs with the source de-NATed back to the masquerade address', () => {
    const { t } = seedTimeline();
    const last = t.frames.at(-1)!;
    const delivered = [...t.frames].reverse().find((f) => f.end === 'deliver')!;
    expect(delivered.device).toBe('vbs');
    expect(delivered.ref.leg).toBe('reply');
    expect(last.packet && last.packet.src).toBe(ip('192.168.150.36'));
    const deNat = t.frames.find(
      (x) => x.ref.leg === 'reply' && x.step.kind === 'nat' && x.step.hook === 'postrouting',
    )!;
    expect(changed(deNat)).toEqual({ src: '192.168.149.36 → 192.168.150.36' });
  });

  it('marks the frame where a packet dies', () => {
    const net = network(publicLab('surebackup-basic'));
    const r = trace(net, { from: 'sf0006-copy', to: ip('192.168.149.22'), proto: 'tcp', dport: 445 });
    if (!r.ok) throw new Error(r.error);
    const t = timelineOf(r.value);
    const ends = t.frames.filter((f) => f.end !== null).map((f) => `${f.ref.leg} ${f.end} ${f.device}`);
    // Nobody answers ARP for 192.168.149.22 in the isolated network: the copy's own stack reports it.
    expect(ends).toEqual(['request drop sf0006-copy', 'reply deliver sf0006-copy']);
    expect(r.value.outcome).toBe('error');
  });
});
