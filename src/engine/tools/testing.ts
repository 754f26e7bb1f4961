/**
 * Test helpers for the console printers: small builders of devices, routes and rules, and a parser of
 * recorded `ip route get` output back into what the printer takes.
 */
import { cidr, ipv4, networkOf, type Ipv4 } from '../addr/ipv4.ts';
import type { Mac } from '../addr/mac.ts';
import { IFCONF_DEFAULTS, NETCONF_DEFAULTS, type Device, type IfAddr, type Iface } from '../model/device.ts';
import { TABLE_LOCAL, TABLE_MAIN, type Route } from '../model/route.ts';
import type { RpdbRule } from '../model/rpdb.ts';
import { parseTableId } from './ip-names.ts';
import {
  ROUTE_GET_ERRORS,
  type RouteGetErrno,
  type RouteGetFound,
  type RouteGetPrintable,
} from './ip-route-get.ts';

let seq = 0;

/** `route('10.0.0.0/8', { gateway: '10.0.0.1', dev: 'eth0' })`: a main-table unicast route, proto boot. */
export function route(
  to: string,
  o: Partial<Omit<Route, 'dst' | 'len' | 'gateway' | 'prefsrc'>> & {
    gateway?: string;
    prefsrc?: string;
  } = {},
): Route {
  const c = to === 'default' ? { addr: 0 as Ipv4, len: 0 } : cidr(to);
  const { gateway, prefsrc, ...rest } = o;
  return {
    table: TABLE_MAIN,
    type: 'unicast',
    metric: 0,
    scope:
      o.type === 'local'
        ? 'host'
        : gateway === undefined && (o.type ?? 'unicast') === 'unicast'
          ? 'link'
          : 'global',
    proto: 'boot',
    onlink: false,
    seq: seq++,
    ...rest,
    dst: networkOf(c),
    len: c.len,
    ...(gateway !== undefined ? { gateway: ipv4(gateway) } : {}),
    ...(prefsrc !== undefined ? { prefsrc: ipv4(prefsrc) } : {}),
  };
}

/** `rule(100, { from: '10.0.0.0/8', table: 2 })`: a lookup rule unless `action` says otherwise. */
export function rule(
  pref: number,
  o: Partial<Omit<RpdbRule, 'pref' | 'from' | 'to'>> & { from?: string; to?: string } = {},
): RpdbRule {
  const { from, to, ...rest } = o;
  return {
    pref,
    not: false,
    action: 'lookup',
    ...rest,
    ...(from !== undefined ? { from: cidr(from) } : {}),
    ...(to !== undefined ? { to: cidr(to) } : {}),
  };
}

export const DEFAULT_RULES: readonly RpdbRule[] = [
  rule(0, { table: TABLE_LOCAL }),
  rule(32766, { table: TABLE_MAIN }),
  rule(32767, { table: 253 }),
];

/** `addr('10.0.0.1/24', { secondary: true })`. */
export function addr(text: string, o: Partial<Omit<IfAddr, 'local' | 'len'>> = {}): IfAddr {
  const c = cidr(text);
  return {
    local: c.addr,
    len: c.len,
    secondary: false,
    noprefixroute: false,
    scope: c.addr >>> 24 === 127 ? 'host' : 'global',
    docIndex: 0,
    ...o,
  };
}

export interface DeviceSpec {
  readonly ifaces?: readonly {
    readonly name: string;
    readonly mac?: string;
    readonly addrs?: readonly IfAddr[];
  }[];
  /** Routes by table; kernel-created routes are not added. */
  readonly routes?: readonly Route[];
  readonly rules?: readonly RpdbRule[];
}

/** A device with lo (index 1) and the given interfaces from index 2. */
export function device(spec: DeviceSpec = {}): Device {
  const mk = (
    index: number,
    name: string,
    mac: string,
    addrs: readonly IfAddr[],
    loopback: boolean,
  ): Iface => ({
    index,
    name,
    mac: mac as Mac,
    segment: null,
    addrs,
    loopback,
    conf: IFCONF_DEFAULTS,
    rawConf: IFCONF_DEFAULTS,
  });
  const ifaces = [
    mk(1, 'lo', '00:00:00:00:00:00', [addr('127.0.0.1/8')], true),
    ...(spec.ifaces ?? []).map((i, k) =>
      mk(
        k + 2,
        i.name,
        i.mac ?? `02:00:00:00:00:${(k + 2).toString(16).padStart(2, '0')}`,
        i.addrs ?? [],
        false,
      ),
    ),
  ];
  const tables = new Map<number, Route[]>();
  for (const r of spec.routes ?? []) {
    const t = tables.get(r.table) ?? [];
    t.push(r);
    tables.set(r.table, t);
  }
  const rules = spec.rules ?? DEFAULT_RULES;
  return {
    id: 'dut',
    name: 'dut',
    kind: 'router',
    docIndex: 0,
    ifaces,
    ifByName: new Map(ifaces.map((i) => [i.name, i])),
    ifByIndex: new Map(ifaces.map((i) => [i.index, i])),
    net: NETCONF_DEFAULTS,
    confAll: IFCONF_DEFAULTS,
    confDefault: IFCONF_DEFAULTS,
    tables,
    rules,
    customRules: rules !== DEFAULT_RULES,
    ruleset: new Map(),
    proxyNeighbours: [],
    services: [],
  };
}

/** Reads the kernel's answer back from `ip route get` text output (or its RTNETLINK error). */
export function parseRouteGetText(stdout: string, stderr: string): RouteGetPrintable {
  const m = /RTNETLINK answers: (.*)\n/.exec(stderr);
  if (m) {
    const errno = Object.entries(ROUTE_GET_ERRORS).find(([, text]) => text === m[1]);
    if (errno === undefined) throw new Error(`unknown error ${m[1]}`);
    return { kind: 'error', errno: errno[0] as RouteGetErrno };
  }
  const [line = '', cache = ''] = stdout.split('\n');
  const words = line.trim().split(' ');
  const type = ['local', 'broadcast', 'multicast'].includes(words[0]!)
    ? (words.shift() as RouteGetFound['type'])
    : 'unicast';
  const value = (k: string) => {
    const i = words.indexOf(k);
    return i < 0 ? undefined : words[i + 1];
  };
  const gateway = value('via');
  const table = value('table');
  const src = value('src');
  return {
    kind: 'ok',
    type,
    dev: value('dev') ?? '',
    ...(gateway !== undefined ? { gateway: ipv4(gateway) } : {}),
    ...(table !== undefined ? { table: parseTableId(table)! } : {}),
    ...(src !== undefined ? { src: ipv4(src) } : {}),
    ...(cache.includes('redirect') ? { redirect: true } : {}),
  };
}
