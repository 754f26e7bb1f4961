/**
 * `fib_check_nh` against a namespace as it is at this point of the script: the lab compiler's own
 * {@link FibBuilder} is filled with the routes the kernel holds right now (its own routes for the
 * addresses and links that exist and are up, the user's routes, the RPDB) and asked to add the route.
 * The importer's quick search for the gateway's link covers the usual cases; this answers the rest
 * exactly (a gateway that is one of our own addresses, one reachable only through another table, or
 * one that nothing reaches yet — which the kernel refuses even if a later address would reach it).
 */
import type { Ipv4 } from '../addr/ipv4.ts';
import { FibBuilder, type RouteSpec } from '../lab/fib-builder.ts';
import type { Iface } from '../model/device.ts';
import type { Mac } from '../addr/mac.ts';
import type { RouteType, Scope } from '../model/route.ts';
import { kernelRoutes } from './kernel-routes.ts';
import type { Link, Ns, UserRoute } from './model.ts';

/** ip(8)'s default scope of a route (what `fib_create_info` stored). */
export function defaultRouteScope(type: RouteType, hasGateway: boolean): Scope {
  if (type === 'local') return 'host';
  if (type === 'broadcast' || (type === 'unicast' && !hasGateway)) return 'link';
  return 'global';
}

const scopeOf = (u: UserRoute): Scope => u.scope ?? defaultRouteScope(u.type, u.gateway !== undefined);

/** The namespace's FIB and RPDB as the kernel holds them now. */
function currentFib(ns: Ns): FibBuilder {
  const ifaces = ns.links.map(
    (l, k) =>
      ({
        index: k + 1,
        name: l.name,
        mac: '00:00:00:00:00:00' as Mac,
        segment: null,
        addrs: [],
        loopback: l.kind === 'lo',
        conf: {},
        rawConf: {},
      }) as unknown as Iface,
  );
  const fib = new FibBuilder(ifaces);
  for (const k of kernelRoutes(ns))
    fib.insert({
      table: k.table,
      type: k.type,
      dst: k.dst,
      len: k.len,
      metric: 0,
      scope: k.scope,
      proto: 'kernel',
      onlink: false,
      dev: k.dev.name,
      prefsrc: k.src,
    });
  for (const u of ns.routes) {
    const dev = u.dev ?? u.nh;
    fib.insert({
      table: u.table,
      type: u.type,
      dst: u.dst,
      len: u.len,
      metric: u.metric,
      scope: scopeOf(u),
      proto: 'boot',
      onlink: u.onlink,
      ...(dev ? { dev: dev.name } : {}),
      ...(u.gateway !== undefined ? { gateway: u.gateway, nhScope: 'link' as const } : {}),
      ...(u.src !== undefined ? { prefsrc: u.src } : {}),
    });
  }
  fib.rules = ns.rules.map((e) => ({ ...e.spec }));
  return fib;
}

/**
 * Whether the kernel accepts a route with a gateway now: the link its nexthop resolves to, or the
 * kernel's refusal (`Nexthop has invalid gateway`).
 */
export function checkGatewayNow(
  ns: Ns,
  spec: Omit<RouteSpec, 'gateway'> & { readonly gateway: Ipv4 },
): { ok: true; link: Link | null } | { ok: false; error: string } {
  const res = currentFib(ns).addRoute(spec);
  if (!res.ok) return res;
  const dev = res.route.dev;
  return { ok: true, link: ns.links.find((l) => l.name === dev) ?? null };
}
