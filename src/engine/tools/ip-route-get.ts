/**
 * Printing `ip route get ADDR [from A] [iif D] [oif D] [mark M]`: the kernel's answer
 * (`inet_rtm_getroute()` → `rt_fill_info()`, net/ipv4/route.c) through iproute2's `print_route()`, or
 * `RTNETLINK answers: …` and exit code 2 when the lookup fails.
 */
import type { Ipv4 } from '../addr/ipv4.ts';
import type { Device } from '../model/device.ts';
import { TABLE_LOCAL, TABLE_MAIN } from '../model/route.ts';
import { IpPrinter, type OutputOptions } from './ip-print.ts';
import { printRoute, type RtnType } from './rt-msg.ts';

/** What `ip route get` asks the kernel. */
export interface RouteGetRequest {
  readonly dst: Ipv4;
  /** `from A` (RTA_SRC). */
  readonly from?: Ipv4;
  /** `iif D`: an input lookup, as for a packet received on D. Otherwise an output lookup (uid 0). */
  readonly iif?: string;
  /** `oif D` / `dev D`. */
  readonly oif?: string;
  /** `mark M`. */
  readonly mark?: number;
}

/** The errors a route lookup answers with, and their `strerror()` text. */
export const ROUTE_GET_ERRORS = {
  ENETUNREACH: 'Network is unreachable',
  EHOSTUNREACH: 'No route to host',
  EACCES: 'Permission denied',
  EINVAL: 'Invalid argument',
  EXDEV: 'Invalid cross-device link',
  ENODEV: 'No such device',
  ENETDOWN: 'Network is down',
  EPERM: 'Operation not permitted',
} as const;
export type RouteGetErrno = keyof typeof ROUTE_GET_ERRORS;

/** A successful lookup, in the terms `rt_fill_info()` reports it. */
export interface RouteGetFound {
  readonly kind: 'ok';
  /** `local` for a local destination (dev lo), `broadcast`, `multicast`, else `unicast`. */
  readonly type: Extract<RtnType, 'unicast' | 'local' | 'broadcast' | 'multicast'>;
  readonly gateway?: Ipv4;
  /** Output device: `lo` for local destinations and for input lookups of broadcasts. */
  readonly dev: string;
  /**
   * The table the route was found in; absent when no table decided (255.255.255.255, 0.0.0.0,
   * multicast). Give `local` for local routes: it is printed as main while the device has no custom
   * rules, as the kernel then looks local routes up in the merged main table.
   */
  readonly table?: number;
  /** The source address chosen (`fl4->saddr`) for an output lookup. */
  readonly src?: Ipv4;
  /** `RTCF_DOREDIRECT`: an input lookup forwarded out the interface it came in on (`<redirect>`). */
  readonly redirect?: boolean;
}

export interface RouteGetFailed {
  readonly kind: 'error';
  readonly errno: RouteGetErrno;
}

/** A route lookup's result, as much of it as `ip route get` prints. */
export type RouteGetPrintable = RouteGetFound | RouteGetFailed;

export interface CommandOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

/** `print_cache_flags()` input: the `RTCF_*` flags of the answer. */
function cacheFlags(res: RouteGetFound): string[] {
  const flags: string[] = [];
  if (res.type !== 'unicast') flags.push('local');
  if (res.type === 'broadcast') flags.push('brd');
  if (res.type === 'multicast') flags.push('mc');
  if (res.redirect === true) flags.push('redirect');
  return flags;
}

/**
 * The output of `ip [-j] route get …`. The answer echoes the request's `from` (RTA_SRC), its mark
 * (unless 0) and, for input lookups, `iif`; an output lookup adds `uid 0` and the chosen source as
 * `src` unless it is the `from` asked for.
 */
export function formatRouteGet(
  device: Device,
  req: RouteGetRequest,
  res: RouteGetPrintable,
  opts: OutputOptions = {},
): CommandOutput {
  if (res.kind === 'error')
    return { stdout: '', stderr: `RTNETLINK answers: ${ROUTE_GET_ERRORS[res.errno]}\n`, code: 2 };
  const input = req.iif !== undefined;
  // fib_lookup() without custom rules (include/net/ip_fib.h) looks up main only, which then holds
  // local's routes too (fib_new_table() aliases local to main until fib_unmerge()).
  const table = res.table === TABLE_LOCAL && !device.customRules ? TABLE_MAIN : (res.table ?? 0);
  const p = new IpPrinter(opts);
  p.open();
  printRoute(
    p,
    {
      type: res.type,
      dst: req.dst,
      dstLen: 32,
      ...(req.from !== undefined && req.from !== 0 ? { from: req.from } : {}),
      ...(res.gateway !== undefined ? { gateway: res.gateway } : {}),
      oif: res.dev,
      table,
      protocol: 'boot',
      scope: 'global',
      ...(!input && res.src !== undefined && res.src !== (req.from ?? 0) ? { prefsrc: res.src } : {}),
      flags: res.type === 'multicast' ? ['rt_offload_failed'] : [],
      ...(req.mark !== undefined ? { mark: req.mark } : {}),
      ...(input ? { iif: req.iif } : { uid: 0 }),
      cache: cacheFlags(res),
    },
    { tb: 0, oif: false },
  );
  return { stdout: p.close(), stderr: '', code: 0 };
}
