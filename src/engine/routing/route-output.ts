/**
 * The routing decision for a locally generated packet (`ip_route_output_key_hash_rcu`,
 * net/ipv4/route.c). It runs before any netfilter hook and fixes the source address (from the route's
 * `src`, else `inet_select_addr` on the output device); a failure here fails the socket call.
 */
import { isLimitedBroadcast, isMulticast, isZeronet, ipv4, type Ipv4 } from '../addr/ipv4.ts';
import type { Device, Iface } from '../model/device.ts';
import { nexthopOf, SCOPE_VALUE, type Route } from '../model/route.ts';
import { deviceFib, isLocalAddress } from './device-fib.ts';
import type { FibErrno } from './fib.ts';
import { LOOPBACK_IFINDEX, type Flow } from './flow.ts';
import { fibLookup, type FibLookup } from './rpdb.ts';
import { inetSelectAddr } from './select-addr.ts';

export interface OutputQuery {
  readonly dst: Ipv4;
  /** Bound source, 0 if unbound. */
  readonly src: Ipv4;
  /** Bound device index, 0 if unbound. */
  readonly oif: number;
  readonly mark: number;
  readonly tos: number;
  readonly proto: number;
  readonly sport: number;
  readonly dport: number;
  /** `FLOWI_FLAG_ANYSRC` (re-routing an existing packet: any source is fine). */
  readonly anySrc?: boolean;
}

export type OutputDecision =
  | {
      readonly kind: 'ok';
      readonly type: 'unicast' | 'local' | 'broadcast';
      readonly route: Route | null;
      readonly table: number | null;
      readonly lookup: FibLookup | null;
      readonly out: Iface;
      readonly src: Ipv4;
      readonly nexthop: Ipv4;
    }
  | { readonly kind: 'error'; readonly errno: FibErrno | 'ENODEV'; readonly lookup: FibLookup | null };

/** `fib_result_prefsrc`: the route's `src`, else the nexthop device's address chosen for the gateway. */
export function routePrefsrc(device: Device, route: Route): Ipv4 {
  if (route.prefsrc !== undefined) return route.prefsrc;
  const dev = device.ifByName.get(route.dev!)!;
  return (inetSelectAddr(device, dev, route.gateway ?? 0, SCOPE_VALUE[route.scope]) || 0) as Ipv4;
}

export function routeOutput(device: Device, q: OutputQuery): OutputDecision {
  const lo = device.ifByIndex.get(LOOPBACK_IFINDEX)!;
  let src = q.src;
  let dst = q.dst;
  if (src !== 0) {
    if (isMulticast(src) || isLimitedBroadcast(src) || isZeronet(src))
      return { kind: 'error', errno: 'EINVAL', lookup: null };
    // ip_route_output_key_hash_rcu: "rth = ERR_PTR(-ENETUNREACH); … if (!__ip_dev_find(net, fl4->saddr,
    // false)) goto out;" — a source that is not ours is unreachable, not invalid (checked on 6.18)
    if (!q.anySrc && !isLocalAddress(device, src))
      return { kind: 'error', errno: 'ENETUNREACH', lookup: null };
  }
  let outDev: Iface | undefined;
  if (q.oif) {
    outDev = device.ifByIndex.get(q.oif);
    if (!outDev) return { kind: 'error', errno: 'ENODEV', lookup: null };
  }
  if (dst === 0) {
    dst = src || ipv4('127.0.0.1');
    if (src === 0) src = dst;
    return { kind: 'ok', type: 'local', route: null, table: null, lookup: null, out: lo, src, nexthop: dst };
  }
  if (isLimitedBroadcast(dst) || isMulticast(dst)) {
    // natlab does not model broadcast/multicast sockets beyond this point
    return { kind: 'error', errno: 'EINVAL', lookup: null };
  }
  const fib = deviceFib(device);
  const fl: Flow = {
    dst,
    src,
    iif: LOOPBACK_IFINDEX,
    oif: q.oif,
    mark: q.mark,
    tos: q.tos,
    proto: q.proto,
    sport: q.sport,
    dport: q.dport,
    scope: 0,
  };
  const lookup = fibLookup(fib, fl);
  if (!lookup.ok) {
    if (q.oif && outDev) {
      // "Apparently, routing tables are wrong. Assume, that the destination is on link."
      if (src === 0) src = (inetSelectAddr(device, outDev, 0, SCOPE_VALUE.link) || 0) as Ipv4;
      return {
        kind: 'ok',
        type: 'unicast',
        route: null,
        table: null,
        lookup,
        out: outDev,
        src,
        nexthop: dst,
      };
    }
    return { kind: 'error', errno: lookup.errno, lookup };
  }
  const route = lookup.route;
  if (route.type === 'local') {
    if (src === 0) src = route.prefsrc ?? dst;
    return { kind: 'ok', type: 'local', route, table: lookup.table, lookup, out: lo, src, nexthop: dst };
  }
  const out = device.ifByName.get(route.dev!)!;
  if (src === 0) src = routePrefsrc(device, route);
  const type = route.type === 'broadcast' ? 'broadcast' : 'unicast';
  return { kind: 'ok', type, route, table: lookup.table, lookup, out, src, nexthop: nexthopOf(route, dst) };
}
