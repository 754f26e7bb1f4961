/**
 * One route as the kernel reports it over netlink (`struct rtmsg` + `RTA_*`), and iproute2's
 * `print_route()` (ip/iproute.c), shared by `ip route show` and `ip route get`.
 */
import { formatIpv4, type Ipv4 } from '../addr/ipv4.ts';
import { SCOPE_VALUE, TABLE_MAIN, tableName, type RouteProto, type Scope } from '../model/route.ts';
import type { IpPrinter } from './ip-print.ts';

/** `RTN_*` as `rtnl_rtntype_n2a()` names them. */
export type RtnType =
  'unicast' | 'local' | 'broadcast' | 'multicast' | 'blackhole' | 'unreachable' | 'prohibit' | 'throw';

/** `print_rt_flags()` names, in the order it prints them. */
export const RT_FLAG_ORDER = [
  'dead',
  'onlink',
  'pervasive',
  'offload',
  'notify',
  'linkdown',
  'rt_offload_failed',
];

/** `print_cache_flags()` names (`RTCF_*`), in the order it prints them. */
export const CACHE_FLAG_ORDER = ['local', 'reject', 'mc', 'brd', 'redirect'];

export interface RtMsg {
  readonly type: RtnType;
  /** `RTA_DST` and `rtm_dst_len`; the kernel sends no `RTA_DST` for length 0, printed `default`. */
  readonly dst: Ipv4;
  readonly dstLen: number;
  /** `RTA_SRC` (a /32): `ip route get … from A`. */
  readonly from?: Ipv4;
  readonly gateway?: Ipv4;
  /** `RTA_OIF` by name. */
  readonly oif?: string;
  /** `RTA_TABLE`; 0 when the answer came from no table. */
  readonly table: number;
  readonly protocol: RouteProto;
  readonly scope: Scope;
  readonly prefsrc?: Ipv4;
  /** `RTA_PRIORITY`: the kernel leaves it out for metric 0. */
  readonly priority?: number;
  /** `rtm_flags` by name. */
  readonly flags: readonly string[];
  readonly mark?: number;
  readonly uid?: number;
  /** `RTM_F_CLONED` (an `ip route get` answer): the `RTCF_*` flags of the cache line. */
  readonly cache?: readonly string[];
  readonly iif?: string;
}

/** The dump filter's effect on printing (`struct rtfilter`). */
export interface RtFilter {
  /** `filter.tb`: the table asked for, 0 for all (then `table T` is printed for non-main routes). */
  readonly tb: number;
  /** `dev D` given (`filter.oifmask = -1`): `dev` is not printed. */
  readonly oif: boolean;
}

function byOrder(order: readonly string[]) {
  return (a: string, b: string) => order.indexOf(a) - order.indexOf(b);
}

/** `print_route()`; a text line ends with iproute2's trailing space before the newline. */
export function printRoute(p: IpPrinter, m: RtMsg, filter: RtFilter): void {
  p.openObject();
  if (m.type !== 'unicast') p.str('any', 'type', '%s ', m.type);
  const dst =
    m.dstLen === 0 ? 'default' : m.dstLen === 32 ? formatIpv4(m.dst) : `${formatIpv4(m.dst)}/${m.dstLen}`;
  p.str('any', 'dst', '%s ', dst);
  if (m.from !== undefined) p.str('any', 'from', 'from %s ', formatIpv4(m.from));
  if (m.gateway !== undefined) p.str('any', 'gateway', 'via %s ', formatIpv4(m.gateway));
  if (m.oif !== undefined && !filter.oif) p.str('any', 'dev', 'dev %s ', m.oif);
  if (m.table !== 0 && m.table !== TABLE_MAIN && filter.tb === 0)
    p.str('any', 'table', 'table %s ', tableName(m.table));
  if (m.cache === undefined) {
    if (m.protocol !== 'boot') p.str('any', 'protocol', 'proto %s ', m.protocol);
    if (SCOPE_VALUE[m.scope] !== 0) p.str('any', 'scope', 'scope %s ', m.scope);
  }
  if (m.prefsrc !== undefined) p.str('any', 'prefsrc', 'src %s ', formatIpv4(m.prefsrc));
  if (m.priority !== undefined) p.num('any', 'metric', 'metric %s ', m.priority);
  p.openArray('json', 'flags');
  for (const f of [...m.flags].sort(byOrder(RT_FLAG_ORDER))) p.str('any', null, '%s ', f);
  p.closeArray('json');
  if (m.mark !== undefined && m.mark !== 0) {
    if (p.isJson) p.num('json', 'mark', '', m.mark);
    else p.fp(m.mark >= 16 ? `mark 0x${m.mark.toString(16)} ` : `mark ${m.mark} `);
  }
  if (m.uid !== undefined) p.num('any', 'uid', 'uid %s ', m.uid);
  if (m.cache !== undefined) printCacheFlags(p, m.cache);
  if (m.iif !== undefined) p.str('any', 'iif', 'iif %s ', m.iif);
  p.fp('\n');
  p.closeObject();
}

/** `print_cache_flags()`: `\n    cache <local,brd> ` / `"cache":["local","brd"]`. */
function printCacheFlags(p: IpPrinter, flags: readonly string[]): void {
  const sorted = [...flags].sort(byOrder(CACHE_FLAG_ORDER));
  p.openArray('json', 'cache');
  p.fp('\n    cache ');
  if (sorted.length > 0) {
    p.fp('<');
    sorted.forEach((f, i) => {
      p.str('any', null, '%s', f);
      if (i < sorted.length - 1) p.fp(',');
    });
    p.fp('> ');
  }
  p.closeArray('json');
}
