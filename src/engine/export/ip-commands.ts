/**
 * The `ip` and `sysctl` commands that give a fresh network namespace one device's configuration, as
 * argument lists (callers quote each word with `shq`): links up, addresses in document order, the sysctl
 * writes that differ from a fresh namespace, policy rules, routes in insertion order, proxy neighbours.
 * The same commands, in the same order, as the namespace script (netns-script.ts) runs inside a device.
 */
import { formatIpv4 } from '../addr/ipv4.ts';
import { SysctlState } from '../lab/sysctl.ts';
import {
  IFCONF_DEFAULTS,
  NETCONF_DEFAULTS,
  type Device,
  type IfAddr,
  type IfConfKey,
  type Iface,
} from '../model/device.ts';
import { TABLE_DEFAULT, TABLE_LOCAL, TABLE_MAIN, type Route } from '../model/route.ts';
import type { RpdbRule } from '../model/rpdb.ts';
import { isDefaultRule, routeArgs, ruleArgs } from './netns-script.ts';

/** `ip link set dev IF up` for lo and every interface. */
export function linkUpArgs(d: Device): string[][] {
  return d.ifaces.map((i) => ['link', 'set', 'dev', i.name, 'up']);
}

/** `ip addr add A/L [broadcast B] dev IF [noprefixroute]`. */
export function addressArgs(i: Iface, a: IfAddr): string[] {
  return [
    'addr',
    'add',
    `${formatIpv4(a.local)}/${a.len}`,
    ...(a.broadcast !== undefined ? ['broadcast', formatIpv4(a.broadcast)] : []),
    'dev',
    i.name,
    ...(a.noprefixroute ? ['noprefixroute'] : []),
  ];
}

/** The lab's addresses of an interface in `ip addr add` order (lo's own 127.0.0.1/8 left out). */
export function labAddresses(i: Iface): IfAddr[] {
  return [...i.addrs].filter((a) => a.docIndex >= 0).sort((x, y) => x.docIndex - y.docIndex);
}

/** Every `ip addr add`, interface by interface. */
export function addressesArgs(d: Device): string[][] {
  return d.ifaces.flatMap((i) => labAddresses(i).map((a) => addressArgs(i, a)));
}

const DEFAULT_RULES = [
  [0, TABLE_LOCAL],
  [32766, TABLE_MAIN],
  [32767, TABLE_DEFAULT],
] as const;

/** `ip rule del` of the default rules the device lacks. */
export function ruleDelArgs(d: Device): string[][] {
  return DEFAULT_RULES.filter(([pref]) => !d.rules.some((r) => isDefaultRule(r) && r.pref === pref)).map(
    ([pref, table]) => ['rule', 'del', 'pref', String(pref), 'lookup', String(table)],
  );
}

/** The device's own rules (not the three defaults), in evaluation order. */
export function customRules(d: Device): RpdbRule[] {
  return d.rules.filter((r) => !isDefaultRule(r));
}

/** `ip rule add …` (every selector explicit, `pref` included). */
export function ruleAddArgs(r: RpdbRule): string[] {
  return ['rule', 'add', ...ruleArgs(r)];
}

/** Routes the lab added (not the kernel's own), in insertion order. */
export function userRoutes(d: Device): Route[] {
  return [...d.tables.values()]
    .flat()
    .filter((r) => r.proto !== 'kernel')
    .sort((a, b) => a.seq - b.seq);
}

/** `ip route add …` (type, table and scope explicit). */
export function routeAddArgs(r: Route): string[] {
  return ['route', 'add', ...routeArgs(r)];
}

/** `ip neigh add proxy A dev IF`. */
export function proxyArgs(d: Device): string[][] {
  return d.proxyNeighbours.map((p) => ['neigh', 'add', 'proxy', formatIpv4(p.addr), 'dev', p.dev]);
}

const IF_KEYS = Object.keys(IFCONF_DEFAULTS) as IfConfKey[];

/**
 * The sysctl writes (`name=value`) that turn a fresh namespace's values into the device's, in an order
 * that survives the kernel's propagation: `ip_forward` first (it sets every interface's `forwarding`,
 * `conf.default.forwarding` and clears `conf.all.accept_redirects`), then `conf.all`, `conf.default`, each
 * interface, the namespace-wide knobs. A `conf.default.X` write reaches an interface only while it has no
 * address (`inet_rtm_newaddr()` → `ipv4_devconf_setall()`), so once one is written every interface's X is
 * written too, whichever way the kernel went.
 */
export function sysctlWrites(d: Device): string[] {
  const names = d.ifaces.map((i) => i.name);
  const sim = new SysctlState(names);
  const out: string[] = [];
  if (sim.all.forwarding !== d.confAll.forwarding) {
    out.push(`net.ipv4.ip_forward=${d.confAll.forwarding}`);
    sim.apply({ kind: 'ip_forward' }, d.confAll.forwarding);
  }
  for (const k of IF_KEYS)
    if (k !== 'forwarding' && sim.all[k] !== d.confAll[k]) {
      out.push(`net.ipv4.conf.all.${k}=${d.confAll[k]}`);
      sim.apply({ kind: 'conf', scope: 'all', key: k }, d.confAll[k]);
    }
  const viaDefault = new Set<IfConfKey>();
  for (const k of IF_KEYS)
    if (sim.dflt[k] !== d.confDefault[k]) {
      out.push(`net.ipv4.conf.default.${k}=${d.confDefault[k]}`);
      viaDefault.add(k);
    }
  for (const i of d.ifaces) {
    const now = sim.perIface.get(i.name)!;
    for (const k of IF_KEYS) {
      const stale =
        k === 'forwarding' ? now.forwarding !== i.rawConf[k] : i.rawConf[k] !== IFCONF_DEFAULTS[k];
      if (stale || (k !== 'forwarding' && viaDefault.has(k)))
        out.push(`net.ipv4.conf.${i.name.replaceAll('.', '/')}.${k}=${i.rawConf[k]}`);
    }
  }
  for (const k of Object.keys(NETCONF_DEFAULTS) as (keyof typeof NETCONF_DEFAULTS)[])
    if (d.net[k] !== NETCONF_DEFAULTS[k]) out.push(`net.ipv4.${k}=${d.net[k]}`);
  return out;
}
