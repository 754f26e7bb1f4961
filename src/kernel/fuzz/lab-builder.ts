/**
 * A mutable lab document under construction, with the bookkeeping the generator needs: which subnet a
 * segment carries, which host numbers are taken, which devices sit where, which routes exist (so no
 * `ip route add` is refused with "File exists").
 */
import { formatIpv4 } from '../../engine/addr/ipv4.ts';
import type { LabDocument, ProxyNeighbourDoc, RouteDoc, RuleDoc } from '../../engine/lab/format.ts';
import type { DeviceKind } from '../../engine/model/device.ts';
import type { TableName } from '../../engine/model/netfilter.ts';
import type { SegmentKind } from '../../engine/model/network.ts';
import type { Rng } from './prng.ts';

export interface Seg {
  readonly id: string;
  readonly kind: SegmentKind;
  /** Network address (u32) and prefix length. */
  readonly net: number;
  readonly len: number;
  /** Host numbers in use. */
  readonly used: Set<number>;
}

export interface Port {
  readonly name: string;
  readonly seg: Seg;
  /** The interface's first address (u32), or null. */
  readonly addr: number | null;
}

type ChainDocM = string[] | { policy: 'ACCEPT' | 'DROP'; rules: string[] };

export interface Dev {
  readonly id: string;
  readonly kind: DeviceKind;
  readonly ports: Port[];
  readonly addrs: { address: string; noprefixroute?: boolean }[][];
  readonly sysctls: Record<string, number>;
  readonly routes: RouteDoc[];
  readonly rules: RuleDoc[];
  readonly iptables: Partial<Record<TableName, Record<string, ChainDocM>>>;
  readonly proxyNeighbours: ProxyNeighbourDoc[];
  readonly listen: string[];
  /** net.ipv4.ip_forward is 1. */
  forwarding: boolean;
}

export const ip = (a: number) => formatIpv4(a >>> 0);
export const cidrText = (net: number, len: number) => `${ip(net)}/${len}`;

export class LabBuilder {
  readonly segs: Seg[] = [];
  readonly devs: Dev[] = [];
  private readonly routeKeys = new Set<string>();
  /** Addresses that lead somewhere only through NAT (NETMAP'd networks, DNAT addresses). */
  readonly mapped: string[] = [];
  /** Ports some rule matches on (DNAT, filters). */
  readonly ports = new Set<number>();

  constructor(readonly rng: Rng) {}

  segment(kind: SegmentKind, net: number, len: number): Seg {
    const s: Seg = { id: `s${this.segs.length}`, kind, net: net >>> 0, len, used: new Set() };
    this.segs.push(s);
    return s;
  }

  device(id: string, kind: DeviceKind): Dev {
    const d: Dev = {
      id,
      kind,
      ports: [],
      addrs: [],
      sysctls: {},
      routes: [],
      rules: [],
      iptables: {},
      proxyNeighbours: [],
      listen: [],
      forwarding: false,
    };
    this.devs.push(d);
    return d;
  }

  /** A free host number in the segment's subnet, from `from` upwards (null when full). */
  freeHost(seg: Seg, from: number): number | null {
    const size = 2 ** (32 - seg.len);
    for (let h = from; h < size - 1; h++) if (!seg.used.has(h)) return h;
    return null;
  }

  /** Plugs a new interface into the segment with host number `host` (taken as is: duplicates allowed). */
  plug(d: Dev, seg: Seg, host: number | null, opts: { noprefixroute?: boolean } = {}): Port {
    const name = `eth${d.ports.length}`;
    const addr = host === null ? null : (seg.net + host) >>> 0;
    if (host !== null) seg.used.add(host);
    const p: Port = { name, seg, addr };
    d.ports.push(p);
    d.addrs.push(
      addr === null
        ? []
        : [{ address: cidrText(addr, seg.len), ...(opts.noprefixroute ? { noprefixroute: true } : {}) }],
    );
    return p;
  }

  /** Adds a route unless one with the same table/prefix/metric exists (connected routes included). */
  route(d: Dev, r: RouteDoc): boolean {
    const connected =
      (r.table === undefined || r.table === 'main') &&
      (r.metric ?? 0) === 0 &&
      d.ports.some(
        (p, i) =>
          p.addr !== null && !d.addrs[i]![0]?.noprefixroute && r.to === cidrText(p.seg.net, p.seg.len),
      );
    const plainKey = `${d.id}|${r.table ?? 'main'}|${r.to}|${r.metric ?? 0}`;
    if (connected || this.routeKeys.has(plainKey)) return false;
    this.routeKeys.add(plainKey);
    d.routes.push(r);
    return true;
  }

  chain(d: Dev, table: TableName, chain: string): string[] {
    const t = (d.iptables[table] ??= {});
    const c = (t[chain] ??= []);
    return Array.isArray(c) ? c : c.rules;
  }

  policy(d: Dev, table: TableName, chain: string, policy: 'ACCEPT' | 'DROP'): void {
    const t = (d.iptables[table] ??= {});
    const c = t[chain];
    t[chain] = { policy, rules: Array.isArray(c) ? c : (c?.rules ?? []) };
  }

  /** Devices with an interface on the segment. */
  on(seg: Seg): { dev: Dev; port: Port }[] {
    return this.devs.flatMap((dev) => dev.ports.filter((p) => p.seg === seg).map((port) => ({ dev, port })));
  }

  document(name: string): LabDocument {
    return {
      schemaVersion: 2,
      name,
      segments: this.segs.map((s) => ({ id: s.id, kind: s.kind })),
      devices: this.devs.map((d) => ({
        id: d.id,
        kind: d.kind,
        interfaces: d.ports.map((p, i) => ({ name: p.name, segment: p.seg.id, addresses: d.addrs[i]! })),
        ...(Object.keys(d.sysctls).length ? { sysctls: d.sysctls } : {}),
        ...(d.routes.length ? { routes: d.routes } : {}),
        ...(d.rules.length ? { rules: d.rules } : {}),
        ...(Object.keys(d.iptables).length ? { iptables: d.iptables } : {}),
        ...(d.proxyNeighbours.length ? { proxyNeighbours: d.proxyNeighbours } : {}),
        ...(d.listen.length ? { listen: d.listen } : {}),
      })),
    };
  }
}
