/**
 * Which source address MASQUERADE or SNAT chose, and why (semantics doc §2.4, §2.5). MASQUERADE asks
 * `inet_select_addr(out_dev, nexthop, RT_SCOPE_UNIVERSE)`: the first primary address of the output
 * interface whose subnet holds the next hop, else its first primary address (the route's `src` is
 * ignored). SNAT takes `--to-source`; inside a range the kernel hashes the two addresses (jhash2).
 */
import { canonical, formatCidr, formatIpv4, inPrefix, type Ipv4 } from '../addr/ipv4.ts';
import type { Device, IfAddr } from '../model/device.ts';
import { SCOPE_VALUE } from '../model/route.ts';
import { inetSelectAddr } from '../routing/select-addr.ts';
import type { Hop } from '../sim/steps.ts';
import { natRuleStepBefore, routeStepBefore, ruleOfStep, stepBefore, type NatStep } from './step-context.ts';

export interface SourceCandidate {
  readonly addr: Ipv4;
  readonly len: number;
  readonly secondary: boolean;
  readonly scope: IfAddr['scope'];
  /** The address's subnet holds the next hop. */
  readonly holdsNexthop: boolean;
  readonly chosen: boolean;
  readonly why: string;
}

export interface MasqueradeView {
  readonly kind: 'MASQUERADE';
  /** The interface the packet leaves by. */
  readonly iface: string;
  readonly nexthop: Ipv4;
  /** The source the step shows. */
  readonly chosen: Ipv4;
  /** The interface's addresses in the kernel's list order. */
  readonly candidates: readonly SourceCandidate[];
  readonly reason: string;
  /** `inet_select_addr` gives the step's address (false only if the lab changed since the trace). */
  readonly agrees: boolean;
}

export interface SnatView {
  readonly kind: 'SNAT';
  readonly chosen: Ipv4;
  readonly min: Ipv4 | null;
  readonly max: Ipv4 | null;
  readonly reason: string;
}

export type NatSourceView = MasqueradeView | SnatView;

function candidateWhy(a: IfAddr, holds: boolean, chosen: boolean, nh: string): string {
  const net = formatCidr(canonical({ addr: a.local, len: a.len }));
  if (a.secondary) return `secondary address (${net}): never chosen`;
  if (SCOPE_VALUE[a.scope] > SCOPE_VALUE.global) return `scope ${a.scope}: narrower than global`;
  if (chosen)
    return holds
      ? `first primary address whose subnet ${net} holds the next hop ${nh}`
      : `no primary address's subnet holds the next hop ${nh}: the first primary address is used`;
  if (holds) return `its subnet ${net} holds ${nh} too, but an earlier address came first`;
  return `its subnet ${net} does not hold ${nh}`;
}

function masquerade(step: NatStep, device: Device, hop: Hop, index: number): MasqueradeView | null {
  const oif = stepBefore(hop, index, 'chain')?.oif ?? hop.out;
  const iface = oif ? device.ifByName.get(oif) : undefined;
  if (!iface) return null;
  let nexthop: Ipv4 | undefined;
  for (let i = index + 1; i < hop.steps.length && nexthop === undefined; i++) {
    const s = hop.steps[i]!;
    if (s.kind === 'neighbour') nexthop = s.nexthop;
  }
  const route = routeStepBefore(hop, index);
  nexthop ??= route?.nexthop ?? route?.route?.gateway ?? step.before.dst;
  const chosen = step.after.src;
  const selected = inetSelectAddr(device, iface, nexthop, SCOPE_VALUE.global);
  const nh = formatIpv4(nexthop);
  const candidates = iface.addrs.map((a): SourceCandidate => {
    const holds = inPrefix(nexthop, { addr: a.local, len: a.len });
    const isChosen = a.local === chosen;
    return {
      addr: a.local,
      len: a.len,
      secondary: a.secondary,
      scope: a.scope,
      holdsNexthop: holds,
      chosen: isChosen,
      why: candidateWhy(a, holds, isChosen, nh),
    };
  });
  const own = candidates.find((c) => c.chosen);
  const lead = `MASQUERADE takes its source from ${iface.name}, the interface the packet leaves by`;
  const reason = !own
    ? `No address of ${iface.name} fits, so MASQUERADE uses ${formatIpv4(chosen)}, the first global address of ${device.id}.`
    : own.holdsNexthop
      ? `${lead}: ${formatIpv4(chosen)} is its first primary address whose subnet holds the next hop ${nh}.`
      : `${lead}: no primary address's subnet holds the next hop ${nh}, so its first primary address ${formatIpv4(chosen)} is used.`;
  return {
    kind: 'MASQUERADE',
    iface: iface.name,
    nexthop,
    chosen,
    candidates,
    reason,
    agrees: selected === chosen,
  };
}

/** The MASQUERADE or SNAT choice behind a `nat` step at `index` of `hop`; null for other translations. */
export function natSourceOfStep(
  step: NatStep,
  device: Device | undefined,
  hop: Hop,
  index: number,
): NatSourceView | null {
  if (step.cause !== 'rule' || step.manip !== 'SNAT' || !device) return null;
  const rs = natRuleStepBefore(hop, index);
  const t = rs ? ruleOfStep(rs, device)?.target : undefined;
  if (t?.kind === 'MASQUERADE') return masquerade(step, device, hop, index);
  if (t?.kind !== 'SNAT') return null;
  const min = t.range.minAddr ?? null;
  const max = t.range.maxAddr ?? min;
  const chosen = step.after.src;
  const reason =
    min === null
      ? `SNAT keeps the address and changes only the port (--to-source gives no address).`
      : max === null || max === min
        ? `SNAT --to-source gives one address: ${formatIpv4(min)}.`
        : `Inside ${formatIpv4(min)}-${formatIpv4(max)} the kernel picks ${formatIpv4(chosen)} by hashing the source and destination addresses (jhash2${t.range.persistent ? ', destination left out: --persistent' : ''}), so the same pair always gets the same address.`;
  return { kind: 'SNAT', chosen, min, max, reason };
}
