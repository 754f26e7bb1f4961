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

/** `SCOPE_VALUE[s]` without a keyed lookup (this runs for every alias a lookup visits). */
function scopeValue(s: Route['scope']): number {
  switch (s) {
    case 'global':
      return 0;
    case 'link':
      return 253;
    case 'host':
      return 254;
    default:
      return SCOPE_VALUE[s];
  }
}

const MISS: TableLookup = { kind: 'miss' };

export function tableLookup(table: FibTable, fl: Flow, ifIndexOf: (dev: string) => number): TableLookup {
  const byLen = table.byLen;
  const dst = fl.dst;
  for (let k = 0; k < byLen.length; k++) {
    const entry = byLen[k]!;
    const len = entry[0];
    const aliases = entry[1].get(len === 0 ? 0 : (dst & maskOf(len)) >>> 0);
    if (aliases === undefined) continue;
    for (let j = 0; j < aliases.length; j++) {
      const r = aliases[j]!;
      if (fl.scope !== 0 && scopeValue(r.scope) < fl.scope) continue;
      const type = r.type;
      if (type !== 'unicast' && type !== 'local' && type !== 'broadcast') {
        if (type === 'throw') return { kind: 'miss', throwRoute: r };
        return { kind: 'error', route: r, errno: ROUTE_TYPE_ERRNO[type]! };
      }
      if (fl.oif !== 0 && r.dev !== undefined && ifIndexOf(r.dev) !== fl.oif) continue;
      return { kind: 'route', route: r };
    }
  }
  return MISS;
}
