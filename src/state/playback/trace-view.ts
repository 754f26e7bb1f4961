/**
 * The trace the playback shows, derived from the compiled lab and the trace bar's request: the
 * destination resolved (an address, or a device's primary address), the engine's trace, its timeline.
 */
import { formatIpv4, parseIpv4, type Ipv4 } from '../../engine/addr/ipv4.ts';
import type { Network } from '../../engine/model/network.ts';
import { trace, type Probe } from '../../engine/sim/trace.ts';
import type { TraceResult } from '../../engine/sim/steps.ts';
import { timelineOf, type Timeline } from '../../engine/timeline/timeline.ts';
import { err, ok, type Result } from '../../engine/util/result.ts';
import type { TraceRequest } from './playback-store.ts';

export interface TraceView {
  readonly probe: Probe;
  readonly result: TraceResult;
  readonly timeline: Timeline;
}

/** The first global address of a device (its primary address on the first addressed interface). */
export function primaryAddress(net: Network, device: string): Ipv4 | undefined {
  const d = net.byId.get(device);
  for (const i of d?.ifaces ?? []) {
    if (i.loopback) continue;
    const a = i.addrs.find((x) => !x.secondary && x.scope === 'global');
    if (a) return a.local;
  }
  return undefined;
}

/** `192.168.150.36`, or a device id standing for its primary address. */
export function resolveDestination(net: Network, to: string): Result<Ipv4> {
  const text = to.trim();
  if (text === '') return err('Enter a destination: an IPv4 address or a device');
  if (/^[\d.]+$/.test(text)) {
    const a = parseIpv4(text);
    return a.ok ? a : err(`"${text}" is not an IPv4 address: ${a.error}`);
  }
  if (!net.byId.has(text)) return err(`No device "${text}" and not an IPv4 address`);
  const a = primaryAddress(net, text);
  return a === undefined ? err(`${text} has no IPv4 address to send to`) : ok(a);
}

export function probeOf(net: Network, req: TraceRequest): Result<Probe> {
  if (!net.byId.has(req.from))
    return err(req.from ? `No device "${req.from}" to send from` : 'Pick a source');
  const to = resolveDestination(net, req.to);
  if (!to.ok) return to;
  if (req.proto !== 'icmp') {
    const p = req.dport;
    if (p === undefined || !Number.isInteger(p) || p < 1 || p > 65535)
      return err(`A ${req.proto} trace needs a destination port (1–65535)`);
    return ok({ from: req.from, to: to.value, proto: req.proto, dport: p });
  }
  return ok({ from: req.from, to: to.value, proto: 'icmp' });
}

export function traceView(net: Network, req: TraceRequest): Result<TraceView> {
  const probe = probeOf(net, req);
  if (!probe.ok) return probe;
  const r = trace(net, probe.value);
  if (!r.ok) return r;
  return ok({ probe: probe.value, result: r.value, timeline: timelineOf(r.value) });
}

/** `vbs → 192.168.150.36 icmp`, `vbs → 192.168.150.36 tcp/445`. */
export function probeLabel(p: Probe): string {
  const what = p.proto === 'icmp' || p.proto === undefined ? 'icmp' : `${p.proto}/${p.dport}`;
  return `${p.from} → ${formatIpv4(p.to)} ${what}`;
}
