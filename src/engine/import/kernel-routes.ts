/**
 * The routes the kernel itself holds for a namespace's addresses right now (`fib_add_ifaddr`): the
 * local /32 in table local as soon as the address exists, the broadcast routes and the prefix route in
 * main once the link is up (unless noprefixroute, deleted, or a secondary address). `ip route del` and
 * `ip route replace` may hit one of them.
 */
import { broadcastOf, inPrefix, isZeronet, networkOf, type Ipv4 } from '../addr/ipv4.ts';
import type { RouteType, Scope } from '../model/route.ts';
import { TABLE_LOCAL, TABLE_MAIN } from '../model/route.ts';
import type { Addr, Link, Ns } from './model.ts';

export interface KernelRoute {
  readonly table: number;
  readonly type: RouteType;
  readonly dst: Ipv4;
  readonly len: number;
  readonly scope: Scope;
  readonly dev: Link;
  readonly src: Ipv4;
  /** The address whose prefix route this is (main-table prefix routes only). */
  readonly prefixOf?: Addr;
}

/** Whether each address is secondary (an earlier one on the link has the same subnet and length). */
export function secondaries(addrs: readonly Addr[]): boolean[] {
  return addrs.map((a, i) =>
    addrs
      .slice(0, i)
      .some((x) => x.cidr.len === a.cidr.len && x.cidr.addr !== a.cidr.addr && inPrefix(x.cidr.addr, a.cidr)),
  );
}

export function kernelRoutes(ns: Ns): KernelRoute[] {
  const out: KernelRoute[] = [];
  for (const link of ns.links) {
    const sec = secondaries(link.addrs);
    link.addrs.forEach((a, i) => {
      const prim = sec[i]
        ? (link.addrs.find((x, j) => !sec[j] && x.cidr.len === a.cidr.len && inPrefix(x.cidr.addr, a.cidr)) ??
          a)
        : a;
      const src = prim.cidr.addr;
      const base = { dev: link, src };
      out.push({ ...base, table: TABLE_LOCAL, type: 'local', dst: a.cidr.addr, len: 32, scope: 'host' });
      if (!link.up && link.kind !== 'lo') return;
      if (a.broadcast !== undefined && a.broadcast >>> 0 !== 0xffffffff)
        out.push({
          ...base,
          table: TABLE_LOCAL,
          type: 'broadcast',
          dst: a.broadcast,
          len: 32,
          scope: 'link',
        });
      const prefix = networkOf(a.cidr);
      if (isZeronet(prefix) || sec[i] || (prefix === a.cidr.addr && a.cidr.len === 32)) return;
      if (!a.noprefixroute && !a.prefixRouteGone)
        out.push({
          ...base,
          table: link.kind === 'lo' ? TABLE_LOCAL : TABLE_MAIN,
          type: link.kind === 'lo' ? 'local' : 'unicast',
          dst: prefix,
          len: a.cidr.len,
          scope: link.kind === 'lo' ? 'host' : 'link',
          ...(link.kind === 'lo' ? {} : { prefixOf: a }),
        });
      if (a.cidr.len < 31)
        out.push({
          ...base,
          table: TABLE_LOCAL,
          type: 'broadcast',
          dst: broadcastOf(a.cidr),
          len: 32,
          scope: 'link',
        });
    });
  }
  return out;
}

/** Every address of the namespace (lo's 127.0.0.1 included), for `src` checks. */
export function isLocalAddress(ns: Ns, a: Ipv4): boolean {
  if (a >>> 24 === 127) return ns.links.some((l) => l.kind === 'lo' && l.up);
  return ns.links.some((l) => l.addrs.some((x) => x.cidr.addr === a));
}
