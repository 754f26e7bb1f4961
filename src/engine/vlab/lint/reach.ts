/**
 * "Can this client reach the lab?": the probe addresses of a lab (each masquerade network's image of
 * the appliance's vNIC) and whether a drawn device's packets to them arrive at the appliance's
 * production NIC — asked of the engine's trace when the network compiled, else read off the drawn
 * routes.
 */
import { canonical, inPrefix, maskOf, type Cidr, type Ipv4 } from '../../addr/ipv4.ts';
import type { LintContext, ResolvedIsolated, ResolvedLab } from './context.ts';
import { ifaceOn } from './probe.ts';

/** The masquerade image of the vNIC address (NETMAP keeps the host bits of the masquerade prefix). */
export function masqueradeProbe(n: ResolvedIsolated): Ipv4 | undefined {
  const m = n.masquerade;
  if (!m) return undefined;
  const host = n.vnic ? n.vnic.addr & ~maskOf(m.len) : 1;
  return (((m.addr & maskOf(m.len)) | host) >>> 0) as Ipv4;
}

export interface Reach {
  readonly reached: boolean;
  /** The trace's one-sentence summary, when the engine was asked. */
  readonly summary?: string;
}

/** Whether `from` is on the appliance's production network (an address in its subnet on that segment). */
export function onApplianceNetwork(ctx: LintContext, lab: ResolvedLab, from: string): boolean {
  const ip = lab.applianceIp;
  if (!ip) return false;
  return ctx.addresses.some(
    (a) =>
      a.device === from &&
      a.segment === lab.design.appliance.productionNetwork &&
      inPrefix(ip.addr, canonical(a.cidr)),
  );
}

/** The drawn device holding `from`'s default gateway address, if any. */
export function gatewayDevice(ctx: LintContext, from: string): string | undefined {
  const via = ctx.routes.find((r) => r.device === from && r.to.len === 0 && r.via !== undefined)?.via;
  if (via === undefined) return undefined;
  return ctx.addresses.find((a) => a.cidr.addr === via && a.device !== from)?.device;
}

const covers = (ctx: LintContext, device: string, target: Ipv4) =>
  ctx.routes.some((r) => r.device === device && r.to.len > 0 && inPrefix(target, r.to));

/** Whether packets from `from` to `target` reach the lab's appliance on its production NIC. */
export function reachesAppliance(
  ctx: LintContext,
  lab: ResolvedLab,
  from: string,
  target: Ipv4,
): Reach | undefined {
  const appliance = lab.design.appliance.id;
  if (ctx.network && ctx.probes) {
    const iface = ifaceOn(ctx.network, appliance, lab.design.appliance.productionNetwork);
    const run = ctx.probes.reaches(from, target, appliance, iface);
    if (run) return run;
    if (ctx.network.byId.has(from)) return undefined;
  }
  if (ctx.deviceIndex(from) < 0) return undefined;
  // no compiled network: a drawn route on the client or on its gateway must cover the target
  if (covers(ctx, from, target)) return { reached: true };
  const gw = gatewayDevice(ctx, from);
  return { reached: gw !== undefined && covers(ctx, gw, target) };
}

/** The masquerade networks of a lab that `from` cannot reach, with the first trace summary. */
export function unreachedMasquerades(
  ctx: LintContext,
  lab: ResolvedLab,
  from: string,
  skip: (n: ResolvedIsolated) => boolean = () => false,
): { nets: { n: ResolvedIsolated; masq: Cidr }[]; summary?: string } {
  const nets: { n: ResolvedIsolated; masq: Cidr }[] = [];
  let summary: string | undefined;
  for (const n of lab.isolated) {
    const target = masqueradeProbe(n);
    if (target === undefined || !n.masquerade || skip(n)) continue;
    const r = reachesAppliance(ctx, lab, from, target);
    if (!r || r.reached) continue;
    nets.push({ n, masq: n.masquerade });
    summary ??= r.summary;
  }
  return summary !== undefined ? { nets, summary } : { nets };
}

/**
 * Whether a router's own packets arrive at the appliance's production NIC (asked of the engine): a
 * router that cannot reach the appliance cannot route anything to it either — for instance when its
 * address is also the appliance's vNIC (the appliance mimics that gateway) and the appliance, without
 * `accept_local`, ignores ARP from a sender address it holds itself. Undefined without a network.
 */
export function routerReach(ctx: LintContext, lab: ResolvedLab, router: string): Reach | undefined {
  if (!ctx.network || !ctx.probes || !lab.applianceIp) return undefined;
  const appliance = lab.design.appliance.id;
  const iface = ifaceOn(ctx.network, appliance, lab.design.appliance.productionNetwork);
  return ctx.probes.reaches(router, lab.applianceIp.addr, appliance, iface);
}
