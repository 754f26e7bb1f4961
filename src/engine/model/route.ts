/** Routes and routing tables in ip-route(8)'s terms. */
import type { Ipv4 } from '../addr/ipv4.ts';

/** `RTN_*` route types natlab models. */
export type RouteType =
  'unicast' | 'local' | 'broadcast' | 'blackhole' | 'unreachable' | 'prohibit' | 'throw';
export const ROUTE_TYPES: readonly RouteType[] = [
  'unicast',
  'local',
  'broadcast',
  'blackhole',
  'unreachable',
  'prohibit',
  'throw',
];

/** `RT_SCOPE_*`: a smaller number is a wider scope. */
export type Scope = 'global' | 'site' | 'link' | 'host' | 'nowhere';
export const SCOPE_VALUE: Record<Scope, number> = {
  global: 0,
  site: 200,
  link: 253,
  host: 254,
  nowhere: 255,
};

/** Reserved table ids (`rt_tables`). */
export const TABLE_LOCAL = 255;
export const TABLE_MAIN = 254;
export const TABLE_DEFAULT = 253;
export const TABLE_UNSPEC = 0;

export const TABLE_NAMES: ReadonlyMap<number, string> = new Map([
  [TABLE_LOCAL, 'local'],
  [TABLE_MAIN, 'main'],
  [TABLE_DEFAULT, 'default'],
]);

/** `RTPROT_*`. */
export type RouteProto = 'kernel' | 'boot' | 'static' | 'dhcp';

export interface Route {
  readonly table: number;
  readonly type: RouteType;
  /** Destination prefix, host bits cleared. `default` = 0.0.0.0/0. */
  readonly dst: Ipv4;
  readonly len: number;
  readonly metric: number;
  readonly gateway?: Ipv4;
  /**
   * Scope of the nexthop as `fib_check_nh` resolved the gateway: `link` when it is on a connected
   * route (the gateway is used), `host` when it is one of our own addresses (then the kernel does not
   * use it: `rt_uses_gateway` is 0 and packets go straight to their destination on `dev`).
   */
  readonly nhScope?: 'link' | 'host';
  /** Output interface name (for unicast/local/broadcast routes). */
  readonly dev?: string;
  readonly prefsrc?: Ipv4;
  readonly scope: Scope;
  readonly proto: RouteProto;
  readonly onlink: boolean;
  /** Insertion order within the device: among equal prefix and metric, the first inserted wins. */
  readonly seq: number;
}

/** The nexthop address a packet to `dst` is handed to: the gateway if the route uses one (`rt_nexthop`). */
export function nexthopOf(r: Route, dst: Ipv4): Ipv4 {
  return r.gateway !== undefined && r.nhScope !== 'host' ? r.gateway : dst;
}

/** A table id as ip(8) prints it. */
export function tableName(id: number): string {
  return TABLE_NAMES.get(id) ?? String(id);
}
