/**
 * `ip route show table all` output (iproute2 `print_route()`) → the device's `routes`. A line is
 * `[TYPE ]DST[ via GW][ dev D][ table T][ proto P][ scope S][ src A][ metric N][ FLAGS]`. The kernel's own
 * routes (`proto kernel`) come from the interfaces' addresses and are skipped; IPv6 routes are skipped.
 *
 * The lab adds routes in order and checks each gateway when it is added, and `ip route show` lists the
 * tables in the kernel's hash order (newest table first within a bucket): so routes without a gateway
 * come first, then those with one, and tables are created in the order that lists them as dumped.
 */
import { parseCidr, parseIpv4 } from '../../addr/ipv4.ts';
import type { RouteDoc } from '../../lab/format.ts';
import { defaultScope } from '../../lab/fib-builder.ts';
import { ROUTE_TYPES, TABLE_LOCAL, TABLE_MAIN, type RouteType, type Scope } from '../../model/route.ts';
import { dumpLines, type DumpIssue } from './issues.ts';

const SCOPES: readonly Scope[] = ['global', 'site', 'link', 'host', 'nowhere'];
const NAMED_TABLES: Record<string, number> = { local: 255, main: 254, default: 253 };
/** Flags iproute2 prints that are state, not configuration. */
const STATE_FLAGS = new Set([
  'linkdown',
  'dead',
  'pervasive',
  'offload',
  'trap',
  'rt_offload_failed',
  'notify',
]);

class LineError extends Error {}

interface Parsed {
  readonly doc: RouteDoc;
  readonly table: number;
  readonly gateway: boolean;
  readonly n: number;
}

function parseLine(line: string, warn: (m: string) => void): Parsed | 'kernel' | 'ipv6' {
  const fail = (m: string): never => {
    throw new LineError(m);
  };
  const words = line.trim().split(/\s+/);
  let k = 0;
  let type: RouteType = 'unicast';
  const typed = /^[a-z]+$/.test(words[0]!) && words[0] !== 'default';
  if ((typed ? (words[1] ?? '') : words[0]!).includes(':')) return 'ipv6';
  if ((ROUTE_TYPES as readonly string[]).includes(words[0]!)) type = words[k++] as RouteType;
  else if (typed) fail(`${words[0]} routes are not modelled`);
  const dst = words[k++] ?? fail('no destination');
  if (dst !== 'default') {
    const c = parseCidr(dst, true);
    if (!c.ok) fail(`${dst}: ${c.error}`);
  }
  const doc: { -readonly [K in keyof RouteDoc]: RouteDoc[K] } = { to: dst };
  let table = TABLE_MAIN;
  let scope: Scope | undefined;
  let proto = 'boot';
  const next = (w: string) => words[k++] ?? fail(`"${w}" without a value`);
  while (k < words.length) {
    const w = words[k++]!;
    switch (w) {
      case 'via': {
        let v = next(w);
        if (v === 'inet') v = next(w);
        if (!parseIpv4(v).ok) fail(`via ${v}: not an IPv4 address`);
        doc.via = v;
        break;
      }
      case 'dev':
        doc.dev = next(w);
        break;
      case 'table': {
        const v = next(w);
        const n = NAMED_TABLES[v] ?? (/^\d+$/.test(v) ? Number(v) : NaN);
        if (!(n >= 1 && n <= 0xffffffff))
          fail(`table ${v}: natlab knows the tables main, local, default and numbers (no rt_tables names)`);
        table = n;
        break;
      }
      case 'proto':
        proto = next(w);
        break;
      case 'scope': {
        const v = next(w);
        if (!(SCOPES as readonly string[]).includes(v)) fail(`scope ${v}: natlab knows ${SCOPES.join(', ')}`);
        scope = v as Scope;
        break;
      }
      case 'src': {
        const v = next(w);
        if (!parseIpv4(v).ok) fail(`src ${v}: not an IPv4 address`);
        doc.src = v;
        break;
      }
      case 'metric': {
        const v = next(w);
        if (!/^\d+$/.test(v) || Number(v) > 0xffffffff) fail(`metric ${v}: not 0..4294967295`);
        if (Number(v)) doc.metric = Number(v);
        break;
      }
      case 'onlink':
        doc.onlink = true;
        break;
      default:
        if (STATE_FLAGS.has(w)) break;
        if (w === 'nexthop' || w === 'nhid') fail('multipath routes and nexthop objects are not modelled');
        fail(`"${w}": natlab does not model this part of a route`);
    }
  }
  if (proto === 'kernel') return 'kernel';
  if (proto !== 'boot')
    warn(`proto ${proto} is not kept: natlab adds routes as ip route add does (proto boot)`);
  if (type !== 'unicast') doc.type = type;
  const implied = type === 'local' || type === 'broadcast' ? TABLE_LOCAL : TABLE_MAIN;
  if (table !== implied)
    doc.table =
      table === TABLE_MAIN ? 'main' : table === TABLE_LOCAL ? 'local' : table === 253 ? 'default' : table;
  if (scope !== undefined && scope !== defaultScope(type, doc.via !== undefined)) doc.scope = scope;
  // `ip route show` leaves `scope global` out: the lab must say so where ip(8) would pick another scope
  if (scope === undefined && defaultScope(type, doc.via !== undefined) !== 'global') doc.scope = 'global';
  return { doc: reorder(doc), table, gateway: doc.via !== undefined, n: 0 };
}

/** The fields in the lab format's order. */
function reorder(d: RouteDoc): RouteDoc {
  const keys: (keyof RouteDoc)[] = ['to', 'type', 'via', 'dev', 'src', 'metric', 'table', 'onlink', 'scope'];
  return Object.fromEntries(
    keys.filter((key) => d[key] !== undefined).map((key) => [key, d[key]]),
  ) as unknown as RouteDoc;
}

export function parseIpRoute(text: string, issues: DumpIssue[], warnings: DumpIssue[]): RouteDoc[] {
  const parsed: Parsed[] = [];
  let ipv6 = 0;
  for (const { n, text: line } of dumpLines(text)) {
    if (line.trim() === '') continue;
    if (/^\s/.test(line)) {
      issues.push({
        source: 'ip route',
        line: n,
        text: line,
        message: 'multipath routes (nexthop lines) are not modelled',
      });
      continue;
    }
    try {
      const p = parseLine(line, (message) =>
        warnings.push({ source: 'ip route', line: n, text: line, message }),
      );
      if (p === 'ipv6') ipv6++;
      else if (p !== 'kernel') parsed.push({ ...p, n });
    } catch (e) {
      if (!(e instanceof LineError)) throw e;
      issues.push({ source: 'ip route', line: n, text: line, message: e.message });
    }
  }
  if (ipv6)
    warnings.push({
      source: 'ip route',
      line: 0,
      text: '',
      message: `${ipv6} IPv6 route${ipv6 === 1 ? '' : 's'} skipped (natlab models IPv4)`,
    });
  return order(parsed).map((p) => p.doc);
}

/**
 * Routes without a gateway first (a gateway must be reachable when its route is added), each group in
 * dump order; but tables that share a hash bucket (`id % 256`) are listed newest first, so they must be
 * created in the reverse of their dump order — if the two groups would create them otherwise, routes go
 * table by table.
 */
function order(parsed: readonly Parsed[]): Parsed[] {
  const dumped: number[] = [];
  for (const p of parsed) if (!dumped.includes(p.table)) dumped.push(p.table);
  const rank = (t: number) =>
    t === TABLE_MAIN || t === TABLE_LOCAL
      ? -1
      : dumped
          .filter((x) => x % 256 === t % 256)
          .reverse()
          .indexOf(t);
  const byGroup = [...parsed.filter((p) => !p.gateway), ...parsed.filter((p) => p.gateway)];
  const created: number[] = [];
  for (const p of byGroup)
    if (!created.includes(p.table) && p.table !== TABLE_MAIN && p.table !== TABLE_LOCAL)
      created.push(p.table);
  const ok = created.every((t, i) =>
    created.slice(i + 1).every((u) => u % 256 !== t % 256 || rank(u) > rank(t)),
  );
  if (ok) return byGroup;
  return [...parsed].sort(
    (a, b) =>
      (a.table % 256) - (b.table % 256) ||
      rank(a.table) - rank(b.table) ||
      +a.gateway - +b.gateway ||
      a.n - b.n,
  );
}
