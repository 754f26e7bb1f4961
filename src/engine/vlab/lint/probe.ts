/**
 * Asking the engine instead of re-deriving packet behaviour: a probe from a drawn device, traced
 * through the compiled network (src/engine/sim/trace.ts), and where it went.
 */
import type { Ipv4 } from '../../addr/ipv4.ts';
import type { Network } from '../../model/network.ts';
import type { TraceResult } from '../../sim/steps.ts';
import { trace, type Probe } from '../../sim/trace.ts';

export interface ProbeRun {
  readonly result: TraceResult;
  /** Whether the request entered `device` (on `iface`, when given). */
  readonly reached: boolean;
}

/** Traces `from → to` and reports whether the request reached `device`; undefined if it cannot run. */
export function probeReaches(
  net: Network,
  from: string,
  to: Ipv4,
  device: string,
  iface?: string,
  extra: Omit<Probe, 'from' | 'to'> = {},
): ProbeRun | undefined {
  if (!net.byId.has(from)) return undefined;
  const r = trace(net, { from, to, ...extra });
  if (!r.ok) return undefined;
  const reached = r.value.request.hops.some(
    (h) => h.device === device && h.in !== null && (iface === undefined || h.in === iface),
  );
  return { result: r.value, reached };
}

/** The device's interface plugged into `segment`, if any. */
export function ifaceOn(net: Network, device: string, segment: string): string | undefined {
  return net.byId.get(device)?.ifaces.find((i) => i.segment === segment)?.name;
}
