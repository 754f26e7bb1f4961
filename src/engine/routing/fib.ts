/**
 * One routing table lookup (`fib_table_lookup`, net/ipv4/fib_trie.c): longest prefix first; within a
 * prefix, aliases in order (lowest metric, then first inserted). Error route types (unreachable,
 * prohibit, blackhole, throw) end the lookup at once; routes whose scope is narrower than the flow's,
 * or whose nexthop is not the requested oif, are skipped and shorter prefixes are tried.
 */
import { maskOf } from '../addr/ipv4.ts';
import { SCOPE_VALUE, type Route } from '../model/route.ts';
import type { Flow } from './flow.ts';

/** `fib_props[type].error` — the errno a route type returns instead of a nexthop. */
export type FibErrno = 'ENETUNREACH' | 'EHOSTUNREACH' | 'EACCES' | 'EINVAL';

export type TableLookup =
  | { readonly kind: 'route'; readonly route: Route }
  /** An unreachable / prohibit / blackhole route was hit. */
  | { readonly kind: 'error'; readonly route: Route; readonly errno: FibErrno }
  /** No match, or a `throw` route (-EAGAIN): the RPDB continues with the next rule. */
  | { readonly kind: 'miss'; readonly throwRoute?: Route };

export const ROUTE_TYPE_ERRNO: Partial<Record<Route['type'], FibErrno>> = {
  unreachable: 'EHOSTUNREACH',
  prohibit: 'EACCES',
  blackhole: 'EINVAL',
};

/** A table indexed for lookup: prefix length (longest first) → network → aliases in lookup order. */
export interface FibTable {
  readonly id: number;
  readonly routes: readonly Route[];
  readonly byLen: readonly (readonly [number, ReadonlyMap<number, readonly Route[]>])[];
}

/** Order of aliases of one prefix: `fib_insert_alias` keeps them by metric, new ones after equals. */
export function aliasOrder(a: Route, b: Route): number {
  return a.metric - b.metric || a.seq - b.seq;
}

export function buildFibTable(id: number, routes: readonly Route[]): FibTable {
  const lens = new Map<number, Map<number, Route[]>>();
  for (const r of routes) {
    let byDst = lens.get(r.len);
    if (!byDst) lens.set(r.len, (byDst = new Map()));
    const list = byDst.get(r.dst);
    if (list) list.push(r);
    else byDst.set(r.dst, [r]);
  }
  for (const byDst of lens.values()) for (const list of byDst.values()) list.sort(aliasOrder);
  const byLen = [...lens.entries()].sort((a, b) => b[0] - a[0]);
  return { id, routes, byLen };
}

export function tableLookup(table: FibTable, fl: Flow, ifIndexOf: (dev: string) => number): TableLookup {
  for (const [len, byDst] of table.byLen) {
    const aliases = byDst.get((fl.dst & maskOf(len)) >>> 0);
    if (!aliases) continue;
    for (const r of aliases) {
      if (SCOPE_VALUE[r.scope] < fl.scope) continue;
      if (r.type === 'throw') return { kind: 'miss', throwRoute: r };
      const errno = ROUTE_TYPE_ERRNO[r.type];
      if (errno) return { kind: 'error', route: r, errno };
      if (fl.oif !== 0 && r.dev !== undefined && ifIndexOf(r.dev) !== fl.oif) continue;
      return { kind: 'route', route: r };
    }
  }
  return { kind: 'miss' };
}
