/**
 * The routing decision for a received packet (`ip_route_input_slow`, net/ipv4/route.c), taken after
 * every PREROUTING hook with the post-DNAT destination and the mark set in raw/mangle PREROUTING.
 */
import { isLimitedBroadcast, isLoopback, isMulticast, isZeronet, type Ipv4 } from '../addr/ipv4.ts';
import type { Device, Iface } from '../model/device.ts';
import { nexthopOf, type Route } from '../model/route.ts';
import { deviceFib } from './device-fib.ts';
import type { FibErrno } from './fib.ts';
import type { Flow } from './flow.ts';
import { fibLookup, type FibLookup } from './rpdb.ts';
import { validateSource, type ValidateResult } from './validate-source.ts';

export interface InputQuery {
  readonly src: Ipv4;
  readonly dst: Ipv4;
  readonly tos: number;
  readonly mark: number;
  readonly proto: number;
  readonly sport: number;
  readonly dport: number;
  readonly in: Iface;
}

export type InputDecision =
  | {
      readonly kind: 'local';
      readonly lookup: FibLookup;
      readonly validate: ValidateResult;
      readonly route: Route;
    }
  | {
      readonly kind: 'forward';
      readonly lookup: FibLookup;
      readonly validate: ValidateResult;
      readonly route: Route;
      readonly table: number;
      readonly out: Iface;
      readonly nexthop: Ipv4;
      /** `IPSKB_DOREDIRECT`: in == out, send_redirects, source on-link. */
      readonly redirect: boolean;
    }
  /** ip_error: the route lookup failed (or forwarding is off). ICMP is sent only if forwarding is on. */
  | {
      readonly kind: 'unreachable';
      readonly errno: FibErrno;
      readonly lookup: FibLookup | null;
      readonly forwarding: boolean;
    }
  | {
      readonly kind: 'martian';
      readonly reason: 'martian_source' | 'martian_destination' | 'rp_filter';
      readonly lookup: FibLookup | null;
      readonly validate: ValidateResult | null;
      readonly note: string;
    }
  | { readonly kind: 'broadcast'; readonly lookup: FibLookup | null };

const early = (reason: 'martian_source' | 'martian_destination', note: string): InputDecision => ({
  kind: 'martian',
  reason,
  lookup: null,
  validate: null,
  note,
});

export function routeInput(device: Device, q: InputQuery): InputDecision {
  const { src, dst } = q;
  const inDev = q.in;
  if (isMulticast(src) || isLimitedBroadcast(src))
    return early('martian_source', 'multicast or broadcast source');
  if (isLimitedBroadcast(dst) || (src === 0 && dst === 0) || isMulticast(dst))
    return { kind: 'broadcast', lookup: null };
  if (isZeronet(src)) return early('martian_source', 'source in 0.0.0.0/8');
  if (isZeronet(dst)) return early('martian_destination', 'destination in 0.0.0.0/8');
  if (isLoopback(dst) && !inDev.conf.route_localnet)
    return early('martian_destination', 'loopback destination from the wire');
  if (isLoopback(src) && !inDev.conf.route_localnet)
    return early('martian_source', 'loopback source from the wire');
  const fib = deviceFib(device);
  const fl: Flow = {
    dst,
    src,
    iif: inDev.index,
    oif: 0,
    mark: q.mark,
    tos: q.tos,
    proto: q.proto,
    sport: q.sport,
    dport: q.dport,
    scope: 0,
  };
  const lookup = fibLookup(fib, fl);
  const forwarding = inDev.conf.forwarding !== 0;
  if (!lookup.ok) {
    return { kind: 'unreachable', errno: forwarding ? lookup.errno : 'EHOSTUNREACH', lookup, forwarding };
  }
  const route = lookup.route;
  if (route.type === 'broadcast') return { kind: 'broadcast', lookup };
  if (route.type === 'local') {
    const validate = validateSource(device, { src, dst, tos: q.tos, oif: 0, in: inDev, mark: q.mark });
    if (!validate.ok)
      return {
        kind: 'martian',
        reason: validate.errno === 'EXDEV' ? 'rp_filter' : 'martian_source',
        lookup,
        validate,
        note: validate.note,
      };
    return { kind: 'local', lookup, validate, route };
  }
  if (!forwarding) return { kind: 'unreachable', errno: 'EHOSTUNREACH', lookup, forwarding };
  if (route.type !== 'unicast')
    return {
      kind: 'martian',
      reason: 'martian_destination',
      lookup,
      validate: null,
      note: `route type ${route.type}`,
    };
  const out = device.ifByName.get(route.dev!)!;
  const validate = validateSource(device, { src, dst, tos: q.tos, oif: out.index, in: inDev, mark: q.mark });
  if (!validate.ok)
    return {
      kind: 'martian',
      reason: validate.errno === 'EXDEV' ? 'rp_filter' : 'martian_source',
      lookup,
      validate,
      note: validate.note,
    };
  const nexthop = nexthopOf(route, dst);
  let redirect = false;
  if (out === inDev && validate.directSrc && out.conf.send_redirects) {
    // __mkroute_input(): gw is the nexthop's configured gateway (nhc_gw), whatever the destination
    redirect = out.conf.shared_media !== 0 || onLink(out, src, route.gateway ?? 0);
  }
  return { kind: 'forward', lookup, validate, route, table: lookup.table, out, nexthop, redirect };
}

/** `inet_addr_onlink`: a (and b, unless 0) inside one of the interface's subnets. */
function onLink(dev: Iface, a: Ipv4, b: Ipv4 | 0): boolean {
  return dev.addrs.some((x) => {
    const m = x.len === 0 ? 0 : (0xffffffff << (32 - x.len)) >>> 0;
    const net = (x.local & m) >>> 0;
    return (a & m) >>> 0 === net && (b === 0 || (b & m) >>> 0 === net);
  });
}
