/**
 * Per-hook comparison of a trace with the kernel's: for every hop of the engine's trace at a device
 * that was traced on the kernel, the kernel trace of the same packet (same hook of entry, interface,
 * addresses and protocol) must show the same chain visits, rule verdicts and policies.
 */
import { formatIpv4 } from '../engine/addr/ipv4.ts';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, type Packet } from '../engine/model/packet.ts';
import { formatHookEvent, hookEvents, type HookEvent } from '../engine/sim/hook-events.ts';
import type { Hop, TraceResult } from '../engine/sim/steps.ts';
import type { KernelTrace, TracedPacket } from './nft-trace.ts';

const ICMP_TYPE_NAMES: Record<number, string> = {
  0: 'echo-reply',
  3: 'destination-unreachable',
  5: 'redirect',
  8: 'echo-request',
  11: 'time-exceeded',
};

export interface HopComparison {
  readonly leg: 'request' | 'reply';
  readonly device: string;
  readonly agree: boolean;
  readonly engine: readonly string[];
  /** null: the kernel trace of this packet was not found. */
  readonly kernel: readonly string[] | null;
}

function entry(hop: Hop): TracedPacket | null {
  for (const s of hop.steps) {
    if (s.kind === 'receive' || s.kind === 'send') {
      const p: Packet = s.packet;
      return {
        hook: s.kind === 'receive' ? 'prerouting' : 'output',
        iif: s.kind === 'receive' ? s.iface : null,
        oif: null,
        saddr: formatIpv4(p.src),
        daddr: formatIpv4(p.dst),
        proto:
          p.proto === IPPROTO_ICMP
            ? 'icmp'
            : p.proto === IPPROTO_TCP
              ? 'tcp'
              : p.proto === IPPROTO_UDP
                ? 'udp'
                : String(p.proto),
        l4:
          p.proto === IPPROTO_ICMP
            ? (ICMP_TYPE_NAMES[p.icmpType] ?? String(p.icmpType))
            : `${p.sport}>${p.dport}`,
      };
    }
  }
  return null;
}

const same = (a: TracedPacket, b: TracedPacket, ports: boolean) =>
  a.hook === b.hook &&
  a.saddr === b.saddr &&
  a.daddr === b.daddr &&
  a.proto === b.proto &&
  (a.hook === 'output' || a.iif === b.iif) &&
  (ports || a.proto === 'icmp' ? a.l4 === b.l4 : true);

/** Compares every hop at a traced device; `ports`: compare TCP/UDP ports (false when the kernel probe used others). */
export function compareHooks(
  t: TraceResult,
  traces: ReadonlyMap<string, readonly KernelTrace[]>,
  ports = true,
): HopComparison[] {
  const out: HopComparison[] = [];
  const used = new Set<KernelTrace>();
  for (const [leg, l] of [
    ['request', t.request],
    ['reply', t.reply],
  ] as const) {
    if (!l) continue;
    for (const hop of l.hops) {
      const kt = traces.get(hop.device);
      if (!kt) continue;
      const engine = hookEvents(hop);
      const e = entry(hop);
      const match = e ? kt.find((k) => !used.has(k) && same(k.first, e, ports)) : undefined;
      let kernel: HookEvent[] | null = null;
      if (match) {
        used.add(match);
        kernel = [...match.events];
        // delivered to ourselves: the kernel traces the trip through lo as a second packet
        const lo = kt.find(
          (k) =>
            !used.has(k) &&
            k.first.hook === 'prerouting' &&
            k.first.iif === 'lo' &&
            k.first.saddr === match.first.saddr &&
            k.first.daddr === match.first.daddr,
        );
        if (lo && hop.steps.some((s) => s.kind === 'transmit' && s.iface === 'lo')) {
          used.add(lo);
          kernel.push(...lo.events);
        }
      }
      const es = engine.map(formatHookEvent);
      const ks = kernel ? kernel.map(formatHookEvent) : null;
      if (engine.length === 0 && (ks === null || ks.length === 0)) continue;
      out.push({
        leg,
        device: hop.device,
        agree: ks !== null && JSON.stringify(es) === JSON.stringify(ks),
        engine: es,
        kernel: ks,
      });
    }
  }
  return out;
}
