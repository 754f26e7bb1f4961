/**
 * `ip route add|replace|append|prepend|change|delete|flush` (iproute2's iproute.c `iproute_modify`)
 * applied to the namespace's ordered routes as the kernel applies them (`fib_table_insert` /
 * `fib_table_delete`): `add` refuses a duplicate, `replace` takes the place of the route with the same
 * table, prefix and metric, `delete` removes the first route matching what is given. Deleting or
 * replacing the kernel's own prefix route of an address becomes `noprefixroute` on that address.
 * The kernel's checks that depend on the order of the script (the device is up, the gateway is already
 * reachable, the source address already exists) are made here; the others by the lab compiler.
 */
import { formatIpv4, inPrefix, maskOf, networkOf, type Ipv4 } from '../addr/ipv4.ts';
import { ROUTE_TYPES, TABLE_LOCAL, TABLE_MAIN, type RouteType, type Scope } from '../model/route.ts';
import { parseTableId } from '../tools/ip-names.ts';
import { matches, ROUTE_CMDS } from '../tools/ip-keywords.ts';
import { subcommand, type IpOptions } from './cmd-ip.ts';
import { nextArg, targetNs, type Ctx } from './context.ts';
import { ipAddrArg, isIpv6, parsePrefixArg, u32Arg, type Prefix } from './ip-args.ts';
import { kernelRefuses, unsupported } from './issues.ts';
import { checkGatewayNow } from './gateway-check.ts';
import { isLocalAddress, kernelRoutes } from './kernel-routes.ts';
import { linkByName, type Link, type Ns, type UserRoute } from './model.ts';

interface RouteArgs {
  type?: RouteType;
  dst?: Prefix;
  table?: number;
  metric?: number;
  via?: Ipv4;
  dev?: string;
  src?: Ipv4;
  scope?: Scope;
  proto?: string;
  onlink: boolean;
  ipv6: boolean;
}

const RTN_TYPES = [
  'local',
  'nat',
  'broadcast',
  'brd',
  'anycast',
  'multicast',
  'prohibit',
  'unreachable',
  'blackhole',
  'xresolve',
  'unicast',
  'throw',
];
const SCOPES: Record<string, Scope> = {
  global: 'global',
  universe: 'global',
  '0': 'global',
  site: 'site',
  '200': 'site',
  link: 'link',
  '253': 'link',
  host: 'host',
  '254': 'host',
  nowhere: 'nowhere',
  '255': 'nowhere',
};
const METRICS = [
  'mtu',
  'hoplimit',
  'advmss',
  'reordering',
  'rtt',
  'rttvar',
  'window',
  'cwnd',
  'initcwnd',
  'initrwnd',
  'ssthresh',
  'realms',
  'features',
  'quickack',
  'congctl',
  'rto_min',
  'fastopen_no_cookie',
  'ttl-propagate',
  'encap',
  'nexthop',
  'nhid',
  'pref',
  'expires',
  'as',
  'from',
  'tos',
  'vrf',
];

function parseRouteArgs(args: readonly string[]): RouteArgs {
  const r: RouteArgs = { onlink: false, ipv6: false };
  for (let i = 0; i < args.length; i++) {
    let a = args[i]!;
    const val = () => nextArg(args, ++i);
    if (a === 'src') {
      const v = val();
      if (isIpv6(v)) r.ipv6 = true;
      else r.src = ipAddrArg(v, 'src');
    } else if (a === 'via') {
      let v = val();
      if (v === 'inet') v = val();
      else if (v === 'inet6') unsupported('IPv6 gateways are not modelled');
      if (isIpv6(v)) r.ipv6 = true;
      else r.via = ipAddrArg(v, 'gateway');
    } else if (matches(a, 'dsfield') || METRICS.includes(a))
      unsupported(
        `route attribute "${a}" is not modelled (natlab routes have type, prefix, gateway, device, source, metric, table, scope, onlink)`,
      );
    else if (matches(a, 'metric') || matches(a, 'priority') || a === 'preference')
      r.metric = u32Arg(val(), 'metric');
    else if (a === 'scope') {
      const s = val();
      const sc = SCOPES[s];
      if (sc === undefined) unsupported(`route scope "${s}" is not modelled`);
      r.scope = sc;
    } else if (a === 'onlink') r.onlink = true;
    else if (matches(a, 'protocol')) r.proto = val();
    else if (matches(a, 'table')) {
      const t = val();
      const id = parseTableId(t);
      if (id === null || id === 0)
        unsupported(
          `table "${t}": natlab knows main, local, default and numbers 1..4294967295 (not /etc/iproute2/rt_tables names)`,
        );
      r.table = id;
    } else if (a === 'dev' || a === 'oif') r.dev = val();
    else {
      if (a === 'to') a = val();
      if ((a[0]! < '0' || a[0]! > '9') && RTN_TYPES.includes(a)) {
        const t = a === 'brd' ? 'broadcast' : a;
        if (!(ROUTE_TYPES as readonly string[]).includes(t)) unsupported(`route type "${t}" is not modelled`);
        r.type = t as RouteType;
        a = val();
      }
      if (r.dst !== undefined) kernelRefuses(`Error: either "to" is duplicate, or "${a}" is a garbage.`);
      if (isIpv6(a)) r.ipv6 = true;
      else r.dst = parsePrefixArg(a, 'route');
    }
  }
  return r;
}

/** iproute_modify(): without `table`, local, broadcast, nat and anycast routes go to table local. */
const defaultTable = (r: RouteArgs) =>
  r.table ?? (r.type === 'local' || r.type === 'broadcast' ? TABLE_LOCAL : TABLE_MAIN);

export function ipRoute(c: Ctx, args: readonly string[], o: IpOptions): void {
  const sub = subcommand(args[0], ROUTE_CMDS, 'route');
  if (sub === 'list' || sub === 'get' || sub === 'help' || sub === 'showdump' || sub === 'save')
    return c.harmless(`ip route ${sub}`);
  if (sub === 'flush') return routeFlush(c, args.slice(1), o);
  if (sub === 'test' || sub === 'restore') unsupported(`"ip route ${sub}" is not supported`);
  const r = parseRouteArgs(args.slice(1));
  if (o.inet6 || r.ipv6) return c.warn('IPv6 is not modelled: this route is left out');
  const ns = targetNs(c);
  if (r.dst === undefined) kernelRefuses('need at least a destination address');
  if (sub === 'delete') return routeDel(ns, r);
  routeAdd(c, ns, r, sub);
}

function routeAdd(c: Ctx, ns: Ns, r: RouteArgs, sub: string): void {
  const dst = r.dst!;
  const type = r.type ?? 'unicast';
  const table = defaultTable(r);
  const metric = r.metric ?? 0;
  if ((dst.addr & ~maskOf(dst.len)) >>> 0 !== 0)
    kernelRefuses('Error: Invalid prefix for given prefix length.');
  const errorType = type === 'blackhole' || type === 'unreachable' || type === 'prohibit' || type === 'throw';
  if (errorType && (r.via !== undefined || r.dev !== undefined))
    kernelRefuses('Error: Gateway, device and multipath can not be specified for this route type.');
  if (r.proto !== undefined && r.proto !== 'boot' && r.proto !== '3')
    c.warn(`proto ${r.proto} is only a label: natlab keeps the route as proto boot`);
  let dev: Link | null = null;
  if (r.dev !== undefined) {
    dev = linkByName(ns, r.dev) ?? null;
    if (!dev) kernelRefuses(`Cannot find device "${r.dev}"`);
    if (!dev.up && type === 'unicast')
      kernelRefuses(
        r.via !== undefined ? 'Error: Nexthop device is not up.' : 'Error: Device for nexthop is not up.',
      );
  }
  if (r.src !== undefined && !isLocalAddress(ns, r.src)) kernelRefuses('Error: Invalid prefsrc address.');
  // fib_check_nh_nongw(): onlink without a gateway (checked on 6.18)
  if (r.onlink && r.via === undefined && !errorType)
    kernelRefuses('Error: Invalid flags for nexthop - PERVASIVE and ONLINK can not be set.');
  let nh: Link | null = dev;
  let nhBy: string | undefined;
  if (r.via !== undefined && !r.onlink) {
    ({ link: nh, by: nhBy } = gatewayLink(ns, r.via, dev, table));
    if (nh === null && !errorType) {
      // nothing found quickly: ask exactly, as fib_check_nh would now (not against the lab's end state)
      const now = checkGatewayNow(ns, {
        table,
        type,
        dst: dst.addr,
        len: dst.len,
        metric,
        gateway: r.via,
        ...(r.dev !== undefined ? { dev: r.dev } : {}),
        ...(r.src !== undefined ? { prefsrc: r.src } : {}),
        ...(r.scope !== undefined ? { scope: r.scope } : {}),
      });
      if (!now.ok && /invalid gateway|invalid scope/.test(now.error)) kernelRefuses(`Error: ${now.error}.`);
      if (now.ok) {
        nh = now.link;
        nhBy = `the routes ${ns.name} had at that point`;
      }
    }
  }
  const route: UserRoute = {
    table,
    type,
    dst: dst.addr,
    len: dst.len,
    metric,
    ...(r.via !== undefined ? { gateway: r.via } : {}),
    dev,
    nh,
    ...(nhBy !== undefined ? { nhBy } : {}),
    ...(r.src !== undefined ? { src: r.src } : {}),
    ...(r.scope !== undefined ? { scope: r.scope } : {}),
    onlink: r.onlink,
    line: c.line,
  };
  const same = (x: { table: number; dst: number; len: number }, m: number) =>
    x.table === table && x.dst === dst.addr && x.len === dst.len && m === metric;
  const user = ns.routes.findIndex((x) => same(x, x.metric));
  const kernel = kernelRoutes(ns).find((x) => same(x, 0));
  const exists = user >= 0 || kernel !== undefined;
  if (sub === 'add' && exists) kernelRefuses('RTNETLINK answers: File exists');
  if ((sub === 'append' || sub === 'prepend') && exists)
    unsupported(
      `"ip route ${sub}" of a second route to the same prefix with the same metric is not modelled by natlab`,
    );
  if (sub === 'change' && !exists) kernelRefuses('RTNETLINK answers: No such file or directory');
  if ((sub === 'replace' || sub === 'change') && exists) {
    if (user >= 0) {
      ns.routes[user] = route;
      return;
    }
    if (!kernel!.prefixOf)
      unsupported("replacing the kernel's own local or broadcast route cannot be written in a lab document");
    kernel!.prefixOf.prefixRouteGone = true;
  }
  ns.routes.push(route);
}

/**
 * The link a gateway is reachable on now (`fib_check_nh`: a connected route, or a device route, in the
 * route's table or main). A gateway that only an address added later makes reachable is refused, as the
 * kernel refuses it at this point of the script; one never reachable is left to the compiler.
 */
function gatewayLink(ns: Ns, gw: Ipv4, dev: Link | null, table: number): { link: Link | null; by?: string } {
  const ok = (l: Link) => dev === null || l === dev;
  const mine = (t: number) => t === TABLE_MAIN || t === table;
  for (const k of kernelRoutes(ns))
    if (k.type === 'unicast' && ok(k.dev) && mine(k.table) && inPrefix(gw, { addr: k.dst, len: k.len }))
      return {
        link: k.dev,
        by: `the kernel's route to ${formatIpv4(k.dst)}/${k.len} on ${k.dev.name}${k.prefixOf ? ` (line ${k.prefixOf.line})` : ''}`,
      };
  for (const u of ns.routes)
    if (
      u.type === 'unicast' &&
      u.gateway === undefined &&
      u.dev &&
      ok(u.dev) &&
      mine(u.table) &&
      inPrefix(gw, { addr: u.dst, len: u.len })
    )
      return { link: u.dev, by: `the route to ${formatIpv4(u.dst)}/${u.len} (line ${u.line})` };
  const down = ns.links.find(
    (l) => ok(l) && !l.up && l.addrs.some((a) => inPrefix(gw, { addr: networkOf(a.cidr), len: a.cidr.len })),
  );
  if (down)
    kernelRefuses(
      `Error: Nexthop has invalid gateway. (${down.name} is not up yet: bring it up before this route)`,
    );
  return { link: null };
}

function routeDel(ns: Ns, r: RouteArgs): void {
  const dst = r.dst!;
  const table = defaultTable(r);
  const dev = r.dev !== undefined ? linkByName(ns, r.dev) : undefined;
  if (r.dev !== undefined && !dev) kernelRefuses(`Cannot find device "${r.dev}"`);
  const fits = (
    x: {
      table: number;
      type: RouteType;
      dst: number;
      len: number;
      metric: number;
      scope?: Scope;
      src?: number;
      gateway?: number;
      dev: Link | null;
    },
    kernel: boolean,
  ) =>
    x.table === table &&
    x.dst === dst.addr &&
    x.len === dst.len &&
    (r.type === undefined || x.type === r.type) &&
    (r.scope === undefined || x.scope === r.scope) &&
    (r.src === undefined || x.src === r.src) &&
    (!r.metric || x.metric === r.metric) &&
    (dev === undefined || x.dev === dev) &&
    (r.via === undefined || x.gateway === r.via) &&
    (r.proto === undefined || (r.proto === 'kernel' || r.proto === '2') === kernel);
  const kernel = kernelRoutes(ns).find((k) => fits({ ...k, metric: 0 }, true));
  const userCands: { u: UserRoute; i: number }[] = [];
  ns.routes.forEach((u, i) => {
    // the prefix first: a script deleting thousands of routes must not copy every route each time
    if (u.dst === dst.addr && u.len === dst.len && fits({ ...u, scope: scopeOf(u) }, false))
      userCands.push({ u, i });
  });
  userCands.sort((a, b) => a.u.metric - b.u.metric);
  const user = userCands[0];
  if (kernel && (!user || user.u.metric > 0)) {
    if (!kernel.prefixOf)
      unsupported("deleting the kernel's own local or broadcast route cannot be written in a lab document");
    kernel.prefixOf.prefixRouteGone = true;
    return;
  }
  if (!user) kernelRefuses('RTNETLINK answers: No such process');
  ns.routes.splice(user.i, 1);
}

/** The scope a user route got (ip(8)'s default when none was given). */
function scopeOf(u: UserRoute): Scope {
  if (u.scope) return u.scope;
  if (u.type === 'local') return 'host';
  if (u.type === 'broadcast' || (u.type === 'unicast' && u.gateway === undefined)) return 'link';
  return 'global';
}

function routeFlush(c: Ctx, args: readonly string[], o: IpOptions): void {
  if (args[0] === 'cache') return c.harmless('ip route flush cache');
  if (o.inet6) return c.warn('IPv6 is not modelled: this flush is left out');
  if (args.length === 0) kernelRefuses('"ip route flush" requires arguments.');
  if (args.length !== 2 || !matches(args[0]!, 'table'))
    unsupported('"ip route flush" is supported with "table TABLE" only');
  const ns = targetNs(c);
  const id = parseTableId(args[1]!);
  if (id === null || id === 0) unsupported(`table "${args[1]}" is not supported`);
  if (id === TABLE_LOCAL)
    unsupported("flushing table local (the kernel's own routes) cannot be written in a lab document");
  ns.routes = ns.routes.filter((r) => r.table !== id);
  if (id === TABLE_MAIN) for (const k of kernelRoutes(ns)) if (k.prefixOf) k.prefixOf.prefixRouteGone = true;
}
