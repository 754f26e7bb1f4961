/**
 * Asking the engine instead of re-deriving packet behaviour: a probe from a drawn device, traced
 * through the compiled network (src/engine/sim/trace.ts), and where it went.
 */
import type { Ipv4 } from '../../addr/ipv4.ts';
import type { Network } from '../../model/network.ts';
import type { TraceResult } from '../../sim/steps.ts';
import { trace, type Probe } from '../../sim/trace.ts';
import {
  NetworkSymmetry,
  swapAddr,
  swapDevice,
  swapText,
  traceIsPortable,
  type SymmetryClass,
} from '../../whatif/symmetry.ts';

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

/** What the reach rules keep of a probe: whether it arrived, and the trace's one-sentence summary. */
export interface ProbeAnswer {
  readonly reached: boolean;
  readonly summary: string;
}

interface Kept extends ProbeAnswer {
  /** Whether the trace may stand for a swapped probe (`traceIsPortable`). */
  readonly portable: boolean;
}

/**
 * {@link probeReaches} for many senders: probes from devices the network cannot tell apart share one
 * trace, as the reachability matrix's cells do (src/engine/whatif/symmetry.ts: the swapped probe's
 * trace is the swapped trace). A design with 100 alike clients and 100 masquerade networks asks
 * 10 000 "does client c reach network n?" questions, and needs one trace per network.
 */
export class SharedProbes {
  private classes: Map<string, SymmetryClass> | undefined;
  private readonly kept = new Map<string, Kept | null>();

  /** `senders`: the devices to group (asked for on first use); any other sender is traced alone. */
  constructor(
    private readonly net: Network,
    private readonly senders: () => readonly string[],
  ) {}

  private classOf(id: string): SymmetryClass {
    if (!this.classes) {
      const ids = [...new Set(this.senders())].filter((d) => this.net.byId.has(d));
      this.classes = ids.length > 1 ? new NetworkSymmetry(this.net).classes(ids) : new Map();
    }
    return this.classes.get(id) ?? { rep: id, swap: null };
  }

  private run(from: string, to: Ipv4, device: string, iface: string | undefined): Kept | null {
    const key = `${from}\u0000${to}\u0000${device}\u0000${iface ?? ''}`;
    let k = this.kept.get(key);
    if (k === undefined) {
      const r = probeReaches(this.net, from, to, device, iface);
      k = r ? { reached: r.reached, summary: r.result.summary, portable: traceIsPortable(r.result) } : null;
      this.kept.set(key, k);
    }
    return k;
  }

  /** Whether `from → to` (ICMP echo) enters `device` (on `iface`); undefined if it cannot run. */
  reaches(from: string, to: Ipv4, device: string, iface?: string): ProbeAnswer | undefined {
    if (!this.net.byId.has(from)) return undefined;
    const c = this.classOf(from);
    if (c.swap && swapDevice([c.swap], device) === device) {
      const s = [c.swap];
      const rep = this.run(c.rep, swapAddr(s, to), device, iface);
      if (rep?.portable) return { reached: rep.reached, summary: swapText(s, rep.summary) };
    }
    const own = this.run(from, to, device, iface);
    return own ? { reached: own.reached, summary: own.summary } : undefined;
  }
}
