/**
 * Reverse-path validation (`fib_validate_source` / `__fib_validate_source`, net/ipv4/fib_frontend.c).
 * Looks up the packet's *source* as a destination, with iif = the forward route's output interface.
 * rp_filter 1 (strict) wants that route to leave through the input interface; 2 (loose) only wants a
 * route; 0 skips the device check. Independently of rp_filter, a source that is one of our own
 * addresses is a martian (EINVAL) unless accept_local.
 */
import type { Ipv4 } from '../addr/ipv4.ts';
import type { Device, Iface } from '../model/device.ts';
import { deviceFib, isLocalAddress } from './device-fib.ts';
import { LOOPBACK_IFINDEX, type Flow } from './flow.ts';
import { fibLookup, type FibLookup } from './rpdb.ts';

/** One reverse lookup: what was asked and what the RPDB answered. */
export interface ReverseLookup {
  readonly flow: Flow;
  readonly result: FibLookup;
}

export type ValidateResult =
  | {
      readonly ok: true;
      readonly directSrc: boolean;
      readonly mode: number;
      readonly lookups: readonly ReverseLookup[];
      readonly note: string;
    }
  | {
      readonly ok: false;
      readonly errno: 'EINVAL' | 'EXDEV';
      readonly mode: number;
      readonly lookups: readonly ReverseLookup[];
      readonly note: string;
    };

export interface ValidateQuery {
  readonly src: Ipv4;
  readonly dst: Ipv4;
  readonly tos: number;
  /** Output ifindex of the forward route, 0 for local delivery. */
  readonly oif: number;
  readonly in: Iface;
  readonly mark: number;
}

const customLocal = new WeakMap<Device, boolean>();
/** `net->ipv4.fib_has_custom_local_routes`: someone added a route to the local table. */
function hasCustomLocalRoutes(device: Device): boolean {
  let v = customLocal.get(device);
  if (v === undefined)
    customLocal.set(device, (v = (device.tables.get(255) ?? []).some((r) => r.proto !== 'kernel')));
  return v;
}

/** `last_resort`: no usable route back; strict or loose rp_filter rejects, rp_filter 0 accepts. */
function lastResort(r: number, lookups: readonly ReverseLookup[], why: string): ValidateResult {
  return r
    ? { ok: false, errno: 'EXDEV', mode: r, lookups, note: why }
    : { ok: true, directSrc: false, mode: r, lookups, note: why };
}

export function validateSource(device: Device, q: ValidateQuery): ValidateResult {
  const conf = q.in.conf;
  const r = conf.rp_filter;
  if (!r && (q.in.index !== q.oif || !conf.send_redirects)) {
    if (conf.accept_local) return { ok: true, directSrc: false, mode: r, lookups: [], note: 'accept_local' };
    if (!hasCustomLocalRoutes(device) && !device.customRules) {
      if (isLocalAddress(device, q.src))
        return {
          ok: false,
          errno: 'EINVAL',
          mode: r,
          lookups: [],
          note: 'the source is one of our own addresses',
        };
      return { ok: true, directSrc: false, mode: r, lookups: [], note: 'rp_filter off' };
    }
  }
  const fib = deviceFib(device);
  const fl: Flow = {
    dst: q.src,
    src: q.dst,
    iif: q.oif || LOOPBACK_IFINDEX,
    oif: 0,
    mark: conf.src_valid_mark ? q.mark : 0,
    tos: q.tos,
    proto: 0,
    sport: 0,
    dport: 0,
    scope: 0,
  };
  const first = fibLookup(fib, fl);
  const lookups: ReverseLookup[] = [{ flow: fl, result: first }];
  if (!first.ok) return lastResort(r, lookups, 'no route back to the source');
  const t = first.route.type;
  if (t !== 'unicast' && (t !== 'local' || !conf.accept_local))
    return { ok: false, errno: 'EINVAL', mode: r, lookups, note: `the route back to the source is ${t}` };
  const dev = first.route.dev;
  if (dev === q.in.name || (t === 'local' && q.in.loopback))
    return {
      ok: true,
      directSrc: first.route.gateway === undefined,
      mode: r,
      lookups,
      note: `the route back leaves through ${q.in.name}`,
    };
  if (q.in.addrs.length === 0) return lastResort(r, lookups, `${q.in.name} has no address`);
  if (r === 1)
    return {
      ok: false,
      errno: 'EXDEV',
      mode: r,
      lookups,
      note: `strict: the route back to the source leaves through ${dev ?? '?'}, not ${q.in.name}`,
    };
  const fl2: Flow = {
    dst: fl.dst,
    src: fl.src,
    iif: fl.iif,
    oif: q.in.index,
    mark: fl.mark,
    tos: fl.tos,
    proto: 0,
    sport: 0,
    dport: 0,
    scope: 0,
  };
  const second = fibLookup(fib, fl2);
  lookups.push({ flow: fl2, result: second });
  const direct = second.ok && second.route.type === 'unicast' && second.route.gateway === undefined;
  return {
    ok: true,
    directSrc: direct,
    mode: r,
    lookups,
    note: r === 2 ? `loose: a route back to the source exists (via ${dev ?? '?'})` : 'rp_filter off',
  };
}
