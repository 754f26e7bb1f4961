/**
 * Building a device's routing tables the way the kernel fills them: the routes `fib_add_ifaddr`
 * creates for each address, then `ip route add` with the checks of `fib_create_info` /
 * `fib_check_nh` (net/ipv4/fib_semantics.c), then `ip rule add` (`fib_nl_newrule`).
 */
import { broadcastOf, formatIpv4, isZeronet, maskOf, networkOf, type Ipv4 } from '../addr/ipv4.ts';
import type { IfAddr, Iface } from '../model/device.ts';
import { TABLE_LOCAL, TABLE_MAIN, type Route, type RouteType, type Scope } from '../model/route.ts';
import { sameRuleForAdd, type RpdbRule } from '../model/rpdb.ts';
import { tableLookup, type FibTable } from '../routing/fib.ts';
import { flow, LOOPBACK_IFINDEX, type Flow } from '../routing/flow.ts';
import { fibLookup } from '../routing/rpdb.ts';
import { SCOPE_VALUE } from '../model/route.ts';
import { err, ok, type Result } from '../util/result.ts';

export class FibBuilder {
  readonly tables = new Map<number, Route[]>();
  rules: RpdbRule[] = [
    { pref: 0, not: false, action: 'lookup', table: TABLE_LOCAL },
    { pref: 32766, not: false, action: 'lookup', table: TABLE_MAIN },
    { pref: 32767, not: false, action: 'lookup', table: 253 },
  ];
  private seq = 0;
  /**
   * The tables indexed for lookup, kept up to date on every insert (what `buildFibTable` would build:
   * aliases by metric then insertion order, lengths longest first). Rebuilding them for each route's
   * gateway check made a device with thousands of routes take seconds.
   */
  private readonly indexed = new Map<number, { lens: Map<number, Map<number, Route[]>>; table: FibTable }>();
  private readonly fibTables = new Map<number, FibTable>();

  constructor(private readonly ifaces: readonly Iface[]) {}

  ifIndexOf = (dev: string): number => this.ifaces.find((i) => i.name === dev)?.index ?? -1;

  insert(r: Omit<Route, 'seq'>): Route {
    const route: Route = { ...r, seq: this.seq++ };
    let t = this.tables.get(route.table);
    if (!t) this.tables.set(route.table, (t = []));
    t.push(route);
    let ix = this.indexed.get(route.table);
    if (!ix) {
      ix = { lens: new Map(), table: { id: route.table, routes: t, byLen: [] } };
      this.indexed.set(route.table, ix);
    }
    let byDst = ix.lens.get(route.len);
    if (!byDst) {
      ix.lens.set(route.len, (byDst = new Map()));
      ix.table = { ...ix.table, byLen: [...ix.lens.entries()].sort((a, b) => b[0] - a[0]) };
    }
    const aliases = byDst.get(route.dst);
    if (!aliases) byDst.set(route.dst, [route]);
    else {
      // fib_insert_alias: after every alias of lower or equal metric (this one is the newest)
      const at = aliases.findIndex((x) => x.metric > route.metric);
      aliases.splice(at < 0 ? aliases.length : at, 0, route);
    }
    this.fibTables.set(route.table, ix.table);
    return route;
  }

  fib(): Map<number, FibTable> {
    return this.fibTables;
  }

  /** The route to exactly dst/len with this metric in a table, if any. */
  private findRoute(table: number, dst: number, len: number, metric: number): Route | undefined {
    return this.indexed
      .get(table)
      ?.lens.get(len)
      ?.get(dst)
      ?.find((r) => r.metric === metric);
  }

  /** `fib_add_ifaddr`: local (+ broadcast) routes in `local`, the prefix route in `main`. */
  addIfaddr(iface: Iface, a: IfAddr): void {
    const prim = a.secondary
      ? iface.addrs.find(
          (x) =>
            !x.secondary &&
            x.len === a.len &&
            networkOf({ addr: x.local, len: x.len }) === networkOf({ addr: a.local, len: a.len }),
        )
      : a;
    const prefsrc = (prim ?? a).local;
    const base = { metric: 0, proto: 'kernel' as const, onlink: false, dev: iface.name, prefsrc };
    this.magic({ ...base, table: TABLE_LOCAL, type: 'local', dst: a.local, len: 32, scope: 'host' });
    if (a.broadcast !== undefined && a.broadcast >>> 0 !== 0xffffffff)
      this.magic({
        ...base,
        table: TABLE_LOCAL,
        type: 'broadcast',
        dst: a.broadcast,
        len: 32,
        scope: 'link',
      });
    const prefix = networkOf({ addr: a.local, len: a.len });
    if (!isZeronet(prefix) && !a.secondary && (prefix !== a.local || a.len < 32)) {
      if (!a.noprefixroute) {
        const loop = iface.loopback;
        this.magic({
          ...base,
          table: loop ? TABLE_LOCAL : TABLE_MAIN,
          type: loop ? 'local' : 'unicast',
          dst: prefix,
          len: a.len,
          scope: loop ? 'host' : 'link',
        });
      }
      if (a.len < 31)
        this.magic({
          ...base,
          table: TABLE_LOCAL,
          type: 'broadcast',
          dst: broadcastOf({ addr: a.local, len: a.len }),
          len: 32,
          scope: 'link',
        });
    }
  }

  /**
   * `fib_magic`: a kernel route, unless the very same route is there already (same type, prefix,
   * metric, scope, device and source; the kernel's EEXIST, which `fib_add_ifaddr` ignores). E.g. an
   * explicit `broadcast` equal to the computed one, or one address with two prefix lengths.
   */
  private magic(r: Omit<Route, 'seq'>): void {
    const same = this.indexed
      .get(r.table)
      ?.lens.get(r.len)
      ?.get(r.dst)
      ?.some(
        (x) =>
          x.proto === r.proto &&
          x.type === r.type &&
          x.metric === r.metric &&
          x.scope === r.scope &&
          x.dev === r.dev &&
          x.prefsrc === r.prefsrc &&
          x.gateway === undefined,
      );
    if (!same) this.insert(r);
  }

  /** `inet_addr_type_table(addr, local)`: local / broadcast / unicast. */
  addrType(a: Ipv4): RouteType {
    const local = this.fib().get(TABLE_LOCAL);
    if (!local) return 'unicast';
    const r = tableLookup(local, flow({ dst: a }), this.ifIndexOf);
    return r.kind === 'route' ? r.route.type : 'unicast';
  }

  private lookup(fl: Flow, table: number): ReturnType<typeof fibLookup> | null {
    const fib = this.fib();
    if (table !== TABLE_MAIN && table !== 0) {
      const t = fib.get(table);
      if (t) {
        const r = tableLookup(t, fl, this.ifIndexOf);
        if (r.kind === 'route') return { ok: true, route: r.route, table, rule: this.rules[0]!, visits: [] };
      }
    }
    return fibLookup({ rules: this.rules, fib, ifIndexOf: this.ifIndexOf }, fl);
  }

  /**
   * `ip route add`: returns the inserted route or the kernel's refusal (its extack message where
   * there is one, else the errno text iproute2 prints).
   */
  addRoute(spec: RouteSpec): { ok: true; route: Route } | { ok: false; error: string } {
    const { table, type, dst, len, metric } = spec;
    if ((dst & ~maskOf(len)) >>> 0 !== 0)
      return { ok: false, error: 'Invalid prefix for given prefix length' };
    const existing = this.findRoute(table, dst, len, metric);
    if (existing)
      return {
        ok: false,
        error: `File exists (table ${table} already has a route to ${formatIpv4(dst)}/${len}${metric ? ` metric ${metric}` : ''}${existing.proto === 'kernel' ? `: the kernel's own route for ${existing.dev}` : ''})`,
      };
    const scope: Scope = spec.scope ?? defaultScope(type, spec.gateway !== undefined);
    const errorType =
      type === 'blackhole' || type === 'unreachable' || type === 'prohibit' || type === 'throw';
    if (errorType) {
      if (spec.gateway !== undefined || spec.dev !== undefined)
        return { ok: false, error: 'Gateway, device and multipath can not be specified for this route type' };
      return {
        ok: true,
        route: this.insert({ table, type, dst, len, metric, scope, proto: 'boot', onlink: false }),
      };
    }
    if (spec.dev !== undefined && this.ifIndexOf(spec.dev) < 0)
      return { ok: false, error: `Cannot find device "${spec.dev}"` };
    if (spec.prefsrc !== undefined && this.addrType(spec.prefsrc) !== 'local')
      return { ok: false, error: 'Invalid prefsrc address' };
    let dev = spec.dev;
    let nhScope: 'link' | 'host' | undefined;
    if (spec.gateway !== undefined) {
      nhScope = 'link';
      const gw = spec.gateway;
      if (spec.onlink) {
        if (SCOPE_VALUE[scope] >= SCOPE_VALUE.link) return { ok: false, error: 'Nexthop has invalid scope' };
        if (dev === undefined) return { ok: false, error: 'Nexthop device required for onlink' };
        if (this.addrType(gw) !== 'unicast') return { ok: false, error: 'Nexthop has invalid gateway' };
      } else {
        // fib_check_nh_v4_gw: the gateway must be reachable by a link- or host-scope route (via dev if given)
        const fl = flow({
          dst: gw,
          scope: Math.max(SCOPE_VALUE[scope] + 1, SCOPE_VALUE.link),
          oif: dev !== undefined ? this.ifIndexOf(dev) : 0,
          iif: LOOPBACK_IFINDEX,
        });
        const res = this.lookup(fl, table);
        if (!res || !res.ok || (res.route.type !== 'unicast' && res.route.type !== 'local'))
          return { ok: false, error: 'Nexthop has invalid gateway' };
        dev = res.route.dev;
        nhScope = res.route.scope === 'host' ? 'host' : 'link';
      }
    } else if (dev === undefined) {
      return { ok: false, error: 'No such device (a route needs "dev" or "via")' };
    } else if (spec.onlink) {
      // fib_check_nh_nongw(): RTNH_F_ONLINK without a gateway is refused (checked on 6.18)
      return { ok: false, error: 'Invalid flags for nexthop - PERVASIVE and ONLINK can not be set' };
    }
    const route = this.insert({
      table,
      type,
      dst,
      len,
      metric,
      scope,
      proto: 'boot',
      onlink: spec.onlink === true,
      ...(dev !== undefined ? { dev } : {}),
      ...(spec.gateway !== undefined ? { gateway: spec.gateway, nhScope } : {}),
      ...(spec.prefsrc !== undefined ? { prefsrc: spec.prefsrc } : {}),
    });
    return { ok: true, route };
  }

  /** `fib_nl_newrule`: default pref = (second rule's pref) − 1; inserted after rules with pref ≤ its own. */
  /** `ip rule add`: refused with "File exists" when an equal rule is there (`rule_exists`). */
  addRule(rule: Omit<RpdbRule, 'pref'> & { pref?: number }): Result<RpdbRule> {
    let pref = rule.pref;
    if (pref === undefined) {
      const second = this.rules[1];
      pref = second && second.pref ? second.pref - 1 : 0;
    }
    const r: RpdbRule = { ...rule, pref };
    const same = this.rules.find((x) => sameRuleForAdd(x, r));
    if (same)
      return err(
        `File exists (the rule at pref ${pref} is the same${same.not !== r.not ? ': the kernel does not compare "not"' : ''})`,
      );
    let at = 0;
    while (at < this.rules.length && this.rules[at]!.pref <= pref) at++;
    this.rules.splice(at, 0, r);
    return ok(r);
  }

  removeDefaultRule(table: number): void {
    this.rules = this.rules.filter(
      (r) => !(r.action === 'lookup' && r.table === table && r.pref >= 0 && isDefaultPref(r.pref, table)),
    );
  }
}

function isDefaultPref(pref: number, table: number): boolean {
  return (
    (table === TABLE_LOCAL && pref === 0) ||
    (table === TABLE_MAIN && pref === 32766) ||
    (table === 253 && pref === 32767)
  );
}

/** iproute2's default scope: host for local, link for broadcast and gateway-less unicast, else global. */
export function defaultScope(type: RouteType, hasGateway: boolean): Scope {
  if (type === 'local') return 'host';
  if (type === 'broadcast') return 'link';
  if (type === 'unicast' && !hasGateway) return 'link';
  return 'global';
}

export interface RouteSpec {
  readonly table: number;
  readonly type: RouteType;
  readonly dst: Ipv4;
  readonly len: number;
  readonly metric: number;
  readonly gateway?: Ipv4;
  readonly dev?: string;
  readonly prefsrc?: Ipv4;
  readonly onlink?: boolean;
  readonly scope?: Scope;
}
