/** Everything in a lab that occupies address space, for overlap checks and free-space proposals. */
import { canonical, type Cidr } from '../../addr/ipv4.ts';
import { TABLE_LOCAL } from '../../model/route.ts';
import {
  parseAddr,
  parsePrefix,
  type LintContext,
  type ResolvedIsolated,
  type ResolvedLab,
} from './context.ts';
import { devicePath, ip, net } from './rule.ts';

export interface UsedPrefix {
  readonly cidr: Cidr;
  /** `production network "prod" (192.168.149.0/24)`, `route 10.0.0.0/8 on gateway`. */
  readonly what: string;
  readonly path: string;
  /** Set for another isolated network's masquerade network. */
  readonly masquerade?: ResolvedIsolated;
  /** Set for a route: the device that has it. */
  readonly routeOf?: string;
}

const key = (c: Cidr) => `${c.addr}/${c.len}`;

/** Whether a route is a masquerade route: a lab's masquerade network via that lab's appliance. */
function masqueradeRoutes(ctx: LintContext): (to: Cidr, via: number | undefined) => boolean {
  const routes = new Set<string>();
  for (const l of ctx.labs)
    if (l.applianceIp !== undefined)
      for (const n of l.isolated) if (n.masquerade) routes.add(`${key(n.masquerade)} ${l.applianceIp.addr}`);
  return (to, via) => via !== undefined && routes.has(`${key(to)} ${via}`);
}

/** The prefixes of one lint run (a context belongs to one): several rules ask for every network. */
const usedCache = new WeakMap<LintContext, UsedPrefix[]>();

/**
 * Prefixes in use: production subnets, every drawn address's subnet, appliance and access addresses,
 * every route except default and masquerade routes, and the masquerade networks of every isolated
 * network but `except`.
 */
export function usedPrefixes(ctx: LintContext, except?: ResolvedIsolated): UsedPrefix[] {
  let all = usedCache.get(ctx);
  if (!all) usedCache.set(ctx, (all = allUsedPrefixes(ctx)));
  // (leaving out the one masquerade entry gives what adding all but it gives: its path is its own)
  return except ? all.filter((u) => u.masquerade !== except) : all;
}

function allUsedPrefixes(ctx: LintContext): UsedPrefix[] {
  const isMasqueradeRoute = masqueradeRoutes(ctx);
  const out: UsedPrefix[] = [];
  const seen = new Set<string>();
  const add = (cidr: Cidr, what: string, path: string, masquerade?: ResolvedIsolated, routeOf?: string) => {
    const c = canonical(cidr);
    const k = `${key(c)} ${path}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push({ cidr: c, what, path, ...(masquerade ? { masquerade } : {}), ...(routeOf ? { routeOf } : {}) });
  };
  ctx.doc.segments.forEach((s, i) => {
    const c = parsePrefix(s.subnet);
    if (c) add(c, `production network "${s.id}" (${net(canonical(c))})`, `segments[${i}].subnet`);
  });
  for (const l of ctx.labs) addLab(l, add);
  for (const a of ctx.addresses)
    add(a.cidr, `${a.device}'s address ${ip(a.cidr.addr)}/${a.cidr.len}`, a.path);
  for (const r of ctx.routes)
    if (r.to.len > 0 && !isMasqueradeRoute(r.to, r.via))
      add(r.to, `${r.device}'s route to ${net(r.to)}`, r.path, undefined, r.device);
  // routes the designs generate on their appliances
  if (ctx.network)
    for (const l of ctx.labs) {
      const d = ctx.network.byId.get(l.design.appliance.id);
      if (!d || ctx.deviceIndex(d.id) >= 0) continue;
      for (const [table, routes] of d.tables) {
        if (table === TABLE_LOCAL) continue;
        for (const r of routes)
          if (r.len > 0 && r.proto !== 'kernel' && !isMasqueradeRoute({ addr: r.dst, len: r.len }, r.gateway))
            add(
              { addr: r.dst, len: r.len },
              `${d.id}'s route to ${net({ addr: r.dst, len: r.len })}`,
              devicePath(ctx, d.id),
            );
      }
    }
  return out;
}

function addLab(
  l: ResolvedLab,
  add: (c: Cidr, what: string, path: string, m?: ResolvedIsolated) => void,
): void {
  if (l.applianceIp)
    add(l.applianceIp, `the appliance's network ${net(canonical(l.applianceIp))}`, `${l.path}.appliance.ip`);
  for (const n of l.isolated) {
    if (n.subnet)
      add(
        n.subnet,
        `production network "${n.design.productionNetwork}" (${net(n.subnet)})`,
        `${n.path}.productionNetwork`,
      );
    if (n.masquerade)
      add(
        n.masquerade,
        `the masquerade network ${net(n.masquerade)} of "${n.design.name}"`,
        `${n.path}.masquerade`,
        n,
      );
  }
  for (const m of l.mappings)
    if (m.accessIp !== undefined)
      add({ addr: m.accessIp, len: 32 }, `access IP ${ip(m.accessIp)}`, `${m.path}.accessIp`);
}

/** Every single address in use (drawn addresses, appliance, access IPs, gateways), for free-address picks. */
export function usedAddresses(ctx: LintContext): Set<number> {
  const s = new Set<number>();
  for (const a of ctx.addresses) s.add(a.cidr.addr);
  for (const r of ctx.routes) if (r.via !== undefined) s.add(r.via);
  for (const l of ctx.labs) {
    if (l.applianceIp) s.add(l.applianceIp.addr);
    for (const n of l.isolated) if (n.vnic) s.add(n.vnic.addr);
    for (const m of l.mappings) if (m.accessIp !== undefined) s.add(m.accessIp);
  }
  for (const seg of ctx.doc.segments) {
    for (const a of [seg.gateway, ...(seg.dns ?? [])].map(parseAddr)) if (a !== undefined) s.add(a);
  }
  if (ctx.network)
    for (const d of ctx.network.devices) for (const i of d.ifaces) for (const a of i.addrs) s.add(a.local);
  return s;
}
