/**
 * `ip route show [table T] [dev D]` and `ip -j route show …`: the routes of a table (or of all
 * tables) in the order the kernel dumps them.
 */
import { TABLE_LOCAL, TABLE_MAIN, type Route } from '../model/route.ts';
import type { Device } from '../model/device.ts';
import { IpPrinter, type OutputOptions } from './ip-print.ts';
import { printRoute, type RtMsg } from './rt-msg.ts';

export interface RouteShowOptions extends OutputOptions {
  /** A table id, or `all` (`table all`, `table 0`, `table unspec`). Default: main. */
  readonly table?: number | 'all';
  /** `dev D`: only routes out of D, printed without `dev`. */
  readonly dev?: string;
}

/** `FIB_TABLE_HASHSZ` (include/net/ip_fib.h) with CONFIG_IP_MULTIPLE_TABLES. */
const FIB_TABLE_HASHSZ = 256;

/**
 * Whether the kernel has the table: `ip route show table T` of a table no route was ever added to
 * fails with "FIB table does not exist" (`fib_get_table()` in `inet_dump_fib()`). main and local exist
 * from the moment lo is up.
 */
export function routeTableExists(device: Device, id: number): boolean {
  return id === TABLE_MAIN || id === TABLE_LOCAL || device.tables.has(id);
}

/**
 * Tables in `inet_dump_fib()` order: hash buckets `id & 255` in ascending order, and within a bucket
 * the newest table first (`hlist_add_head_rcu()` in `fib_new_table()`). main and local are created
 * when lo comes up, before any table of the lab; the other tables are taken to have been created in
 * the order of `device.tables` (the order their first route was added).
 */
export function tablesInDumpOrder(device: Device): number[] {
  const ids = [...device.tables.keys()];
  for (const id of [TABLE_MAIN, TABLE_LOCAL]) if (!ids.includes(id)) ids.push(id);
  const created = (id: number) => (id === TABLE_MAIN ? -2 : id === TABLE_LOCAL ? -1 : ids.indexOf(id));
  return ids.sort((a, b) => (a % FIB_TABLE_HASHSZ) - (b % FIB_TABLE_HASHSZ) || created(b) - created(a));
}

/**
 * A table's routes in fib_trie dump order: leaves by key (the destination address) ascending; within
 * a leaf, longer prefixes first (`fa_slen` ascending), then metric ascending, then insertion order
 * (`fib_insert_alias()`, `fn_trie_dump_leaf()` in net/ipv4/fib_trie.c).
 */
export function routesInDumpOrder(routes: readonly Route[]): Route[] {
  return [...routes].sort((a, b) => a.dst - b.dst || b.len - a.len || a.metric - b.metric);
}

/** The netlink message the kernel sends for a FIB entry (`fib_dump_info()`). */
export function routeMessage(r: Route): RtMsg {
  return {
    type: r.type,
    dst: r.dst,
    dstLen: r.len,
    ...(r.gateway !== undefined ? { gateway: r.gateway } : {}),
    ...(r.dev !== undefined ? { oif: r.dev } : {}),
    table: r.table,
    protocol: r.proto,
    scope: r.scope,
    ...(r.prefsrc !== undefined ? { prefsrc: r.prefsrc } : {}),
    ...(r.metric !== 0 ? { priority: r.metric } : {}),
    flags: r.onlink ? ['onlink'] : [],
  };
}

/** The output of `ip [-j] route show [table T] [dev D]` for a table that exists. */
export function formatRouteShow(device: Device, opts: RouteShowOptions = {}): string {
  const table = opts.table ?? TABLE_MAIN;
  const ids = table === 'all' ? tablesInDumpOrder(device) : [table];
  const p = new IpPrinter(opts);
  p.open();
  for (const id of ids) {
    for (const r of routesInDumpOrder(device.tables.get(id) ?? [])) {
      if (opts.dev !== undefined && r.dev !== opts.dev) continue;
      printRoute(p, routeMessage(r), { tb: table === 'all' ? 0 : table, oif: opts.dev !== undefined });
    }
  }
  return p.close();
}

/** One route as `ip route show table T` prints it (no trailing space or newline). */
export function formatRouteLine(r: Route): string {
  const p = new IpPrinter({});
  p.open();
  printRoute(p, routeMessage(r), { tb: r.table, oif: false });
  return p.close().trimEnd();
}
