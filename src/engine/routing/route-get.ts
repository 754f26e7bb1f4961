/**
 * `ip route get` (`inet_rtm_getroute`, net/ipv4/route.c): with `iif` an input lookup as for a packet
 * received there (`ip_route_input_rcu`, including rp_filter); otherwise an output lookup as a socket
 * would do it (source selection included).
 */
import type { Ipv4 } from '../addr/ipv4.ts';
import type { Device } from '../model/device.ts';
import type { Route } from '../model/route.ts';
import type { RouteGetPrintable, RouteGetRequest } from '../tools/ip-route-get.ts';
import { routeInput } from './route-input.ts';
import { routeOutput } from './route-output.ts';

/**
 * `RTA_GATEWAY` is printed when the cached route uses its gateway (`rt_uses_gateway`, set by
 * `rt_set_nexthop()` for a link-scope nexthop with a gateway) — also when the gateway is the destination.
 */
function usesGateway(r: Route): r is Route & { gateway: Ipv4 } {
  return r.gateway !== undefined && r.nhScope !== 'host';
}

export function routeGet(device: Device, q: RouteGetRequest): RouteGetPrintable {
  const mark = (q.mark ?? 0) >>> 0;
  if (q.iif !== undefined) {
    const inIf = device.ifByName.get(q.iif);
    if (!inIf) return { kind: 'error', errno: 'ENODEV' };
    const d = routeInput(device, {
      src: (q.from ?? 0) as Ipv4,
      dst: q.dst,
      tos: 0,
      mark,
      proto: 0,
      sport: 0,
      dport: 0,
      in: inIf,
    });
    switch (d.kind) {
      case 'local':
        return { kind: 'ok', type: 'local', dev: 'lo', table: d.lookup.ok ? d.lookup.table : 255 };
      case 'forward':
        return {
          kind: 'ok',
          type: 'unicast',
          dev: d.out.name,
          table: d.table,
          ...(usesGateway(d.route) ? { gateway: d.route.gateway } : {}),
          ...(d.redirect ? { redirect: true } : {}),
        };
      case 'broadcast':
        return {
          kind: 'ok',
          type: 'broadcast',
          dev: 'lo',
          ...(d.lookup?.ok ? { table: d.lookup.table } : {}),
        };
      case 'unreachable':
        return { kind: 'error', errno: d.errno };
      case 'martian':
        // Since Linux 6.13 the input path returns drop reasons, and inet_rtm_getroute() answers every
        // one with -EINVAL: a failed reverse-path check is no longer EXDEV (verified on 6.18,
        // tests/kernel-regressions/README.md finding 1).
        return { kind: 'error', errno: 'EINVAL' };
    }
  }
  const oif = q.oif !== undefined ? device.ifByName.get(q.oif)?.index : 0;
  if (oif === undefined) return { kind: 'error', errno: 'ENODEV' };
  const d = routeOutput(device, {
    dst: q.dst,
    src: (q.from ?? 0) as Ipv4,
    oif,
    mark,
    tos: 0,
    proto: 0,
    sport: 0,
    dport: 0,
  });
  if (d.kind === 'error') return { kind: 'error', errno: d.errno };
  return {
    kind: 'ok',
    type: d.type,
    dev: d.type === 'local' ? 'lo' : d.out.name,
    ...(d.table !== null ? { table: d.table } : {}),
    ...(d.type === 'unicast' && d.route && usesGateway(d.route) ? { gateway: d.route.gateway } : {}),
    src: d.src,
  };
}
