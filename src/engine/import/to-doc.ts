/**
 * The importer's model → a lab document, with the script line behind each part of it (by JSON path, as
 * the lab compiler names places), so that what the compiler finds wrong can be reported on its line.
 */
import { formatIpv4 } from '../addr/ipv4.ts';
import type {
  AddressDocEntry,
  ChainDoc,
  DeviceDoc,
  InterfaceDoc,
  LabDocument,
  RouteDoc,
  SegmentDoc,
} from '../lab/format.ts';
import { keyPath } from '../lab/issues.ts';
import type { DeviceKind } from '../model/device.ts';
import type { TableName } from '../model/netfilter.ts';
import { TABLE_MAIN } from '../model/route.ts';
import { formatRule } from '../netfilter/print-rule.ts';
import { IdAllocator, namespacePrefix } from './ids.ts';
import type { ScriptIssue } from './issues.ts';
import type { Addr, Link, Ns, UserRoute, World } from './model.ts';
import type { Preamble } from './natlab-preamble.ts';
import { addressOrderProblems } from './address-order.ts';
import { emitSysctls } from './sysctl-tracker.ts';
import { topology, type SegmentInfo } from './topology.ts';

export interface Built {
  readonly doc: LabDocument | null;
  /** Script line of each document part, by JSON path. */
  readonly lines: ReadonlyMap<string, number>;
  /** What to add to the compiler's refusal of a route's gateway, by JSON path. */
  readonly gatewayNotes: ReadonlyMap<string, string>;
  readonly errors: ScriptIssue[];
  readonly warnings: ScriptIssue[];
}

const TABLE_NAMES: Record<number, string> = { 253: 'default', 254: 'main', 255: 'local' };

function addrDoc(a: Addr): AddressDocEntry {
  const text = `${formatIpv4(a.cidr.addr)}/${a.cidr.len}`;
  const nopr = a.noprefixroute || a.prefixRouteGone;
  if (!nopr && a.broadcast === undefined) return text;
  return {
    address: text,
    ...(nopr ? { noprefixroute: true } : {}),
    ...(a.broadcast !== undefined ? { broadcast: formatIpv4(a.broadcast) } : {}),
  };
}

function routeDoc(r: UserRoute): RouteDoc {
  return {
    to: r.len === 0 ? 'default' : `${formatIpv4(r.dst)}/${r.len}`,
    ...(r.type !== 'unicast' ? { type: r.type } : {}),
    ...(r.gateway !== undefined ? { via: formatIpv4(r.gateway) } : {}),
    ...(r.dev ? { dev: r.dev.name } : {}),
    ...(r.src !== undefined ? { src: formatIpv4(r.src) } : {}),
    ...(r.metric ? { metric: r.metric } : {}),
    // a local route always names its table: without one it would go to table local (in ip(8) and in
    // the lab format alike), also when the script put it in main
    ...(r.table !== TABLE_MAIN || r.type === 'local' ? { table: TABLE_NAMES[r.table] ?? r.table } : {}),
    ...(r.onlink ? { onlink: true } : {}),
    ...(r.scope !== undefined ? { scope: r.scope } : {}),
  };
}

export function buildDoc(world: World, preamble: Preamble, name: string): Built {
  const lines = new Map<string, number>();
  const gatewayNotes = new Map<string, string>();
  const warnings: ScriptIssue[] = [];
  const alive = world.order.filter((n) => n.alive);
  if (alive.length === 0)
    return {
      doc: null,
      lines,
      gatewayNotes,
      errors: [
        {
          line: 1,
          command: '',
          message: 'the script creates no network namespace (ip netns add NAME): there is no lab to import',
        },
      ],
      warnings,
    };
  const topo = topology(world);
  warnings.push(...topo.warnings);
  const prefix = namespacePrefix(
    alive.map((n) => n.name),
    preamble,
  );
  const strip = (n: Ns) => n.name.slice(prefix.length);
  const ids = new IdAllocator();
  const nsId = new Map<Ns, string>();
  const single = (n: Ns) => n.links.filter((l) => l.kind === 'bridge').length === 1;
  for (const n of alive)
    if (!topo.switches.includes(n) || single(n)) {
      const { id, changed } = ids.take(strip(n));
      nsId.set(n, id);
      if (changed)
        warnings.push({
          line: n.line,
          command: '',
          message: `namespace "${n.name}" becomes the id "${id}" (ids are 1..32 characters of A-Z a-z 0-9 _ . -)`,
        });
    }
  const segIds = new Map<SegmentInfo, string>();
  topo.segments.forEach((s) => {
    if (s.bridge && topo.switches.includes(s.bridge.ns) && single(s.bridge.ns))
      segIds.set(s, nsId.get(s.bridge.ns)!);
  });
  topo.segments.forEach((s) => {
    if (segIds.has(s)) return;
    const want = s.bridge
      ? s.bridge.ns === world.host
        ? s.bridge.name
        : `${nsId.get(s.bridge.ns) ?? strip(s.bridge.ns)}-${s.bridge.name}`
      : `${nsId.get(s.ends![0].ns)}-${nsId.get(s.ends![1].ns)}`;
    segIds.set(s, ids.take(want).id);
  });
  const segments: SegmentDoc[] = topo.segments.map((s, i) => {
    lines.set(`segments[${i}]`, s.line);
    return { id: segIds.get(s)!, kind: s.kind === 'bridge' ? 'production' : 'link' };
  });
  for (const n of topo.switches) {
    if (n.sysctl.touched() || n.links.some((l) => l.configured))
      warnings.push({
        line: n.line,
        command: '',
        message: `${n.name} holds only bridges: its IPv4 sysctls change nothing and are left out`,
      });
  }
  const kinds = new Map(preamble.devices.map((d) => [d.id, d.kind]));
  const devices: DeviceDoc[] = topo.devices.map((n, di) =>
    deviceDoc(
      n,
      di,
      nsId.get(n)!,
      topo.interfaces.get(n)!,
      (l) => {
        const s = topo.segmentOf.get(l);
        return s ? segIds.get(s)! : null;
      },
      kinds,
      lines,
      warnings,
      gatewayNotes,
    ),
  );
  const doc: LabDocument = {
    schemaVersion: 2,
    name,
    description: `Imported from a lab script${prefix ? ` (namespaces ${prefix}…, prefix removed from the ids)` : ''}.`,
    segments,
    devices,
  };
  const order = topo.devices.flatMap((n) => addressOrderProblems(n, topo.interfaces.get(n)!));
  return { doc, lines, gatewayNotes, errors: [...topo.errors, ...order], warnings };
}

function deviceDoc(
  n: Ns,
  di: number,
  id: string,
  ifaces: readonly Link[],
  segmentOf: (l: Link) => string | null,
  kinds: ReadonlyMap<string, DeviceKind>,
  lines: Map<string, number>,
  warnings: ScriptIssue[],
  gatewayNotes: Map<string, string>,
): DeviceDoc {
  const p = `devices[${di}]`;
  lines.set(p, n.line);
  const lo = n.links.find((l) => l.kind === 'lo')!;
  if (!lo.up && ifaces.length)
    warnings.push({
      line: n.line,
      command: '',
      message: `lo is never brought up in ${n.name} (ip -n ${n.name} link set lo up): on Linux the device cannot reach its own addresses; natlab models lo up`,
    });
  const interfaces: InterfaceDoc[] = ifaces.map((l, j) => {
    const ip = `${p}.interfaces[${j}]`;
    lines.set(ip, l.line);
    l.addrs.forEach((a, k) => lines.set(`${ip}.addresses[${k}]`, a.line));
    const seg = segmentOf(l);
    return {
      name: l.name,
      ...(l.mac ? { mac: l.mac } : {}),
      ...(seg ? { segment: seg } : {}),
      ...(l.addrs.length ? { addresses: l.addrs.map(addrDoc) } : {}),
    };
  });
  if (lo.addrs.length || n.proxies.some((x) => x.link === lo)) {
    const j = interfaces.length;
    lines.set(`${p}.interfaces[${j}]`, lo.addrs[0]?.line ?? n.line);
    lo.addrs.forEach((a, k) => lines.set(`${p}.interfaces[${j}].addresses[${k}]`, a.line));
    interfaces.push({ name: 'lo', ...(lo.addrs.length ? { addresses: lo.addrs.map(addrDoc) } : {}) });
  }
  for (const l of n.links)
    if (l.master && l.configured)
      warnings.push({
        line: l.line,
        command: '',
        message: `${l.name} in ${n.name} is a port of ${l.master.name}: its IPv4 sysctls change nothing and are left out`,
      });
  const sysctls: Record<string, number> = {};
  for (const s of emitSysctls(n.sysctl, [lo, ...ifaces])) {
    sysctls[s.name] = s.value;
    lines.set(`${p}.sysctls${keyPath(s.name)}`, n.sysctl.lines.get(s.lineKey) ?? n.line);
  }
  const forwards =
    n.sysctl.all.forwarding === 1 || ifaces.some((l) => n.sysctl.perIface.get(l.uid)?.forwarding === 1);
  const routes = n.routes.map((r, k) => {
    lines.set(`${p}.routes[${k}]`, r.line);
    if (r.nhBy)
      gatewayNotes.set(
        `${p}.routes[${k}]`,
        `natlab cannot hold this route: Linux accepted it because its gateway was reachable through ${r.nhBy} at that point, and keeps it when that changes; but a lab document adds every address and policy rule first and checks each gateway against what the lab ends with (here a later "ip route del", or an "ip rule" added after the route, makes it unreachable). Add "onlink" (with "dev") to this route`,
      );
    return routeDoc(r);
  });
  const custom = n.rules.filter((e) => e.doc !== null);
  const rules = custom.map((e, k) => {
    lines.set(`${p}.rules[${k}]`, e.line);
    return e.doc!;
  });
  const has = (b: string) => n.rules.some((e) => e.builtin === b);
  const defaultRules = {
    ...(has('local') ? {} : { local: false }),
    ...(has('main') ? {} : { main: false }),
    ...(has('default') ? {} : { default: false }),
  };
  const iptables: Partial<Record<TableName, Record<string, ChainDoc>>> = {};
  // in the order the script created the tables (the order natlab's exporter writes them back)
  for (const [t, w] of n.tables) {
    if (!w.exists) continue;
    const tp = `${p}.iptables.${t}`;
    lines.set(tp, n.tableLines.get(t) ?? n.line);
    const chains: Record<string, ChainDoc> = {};
    for (const [cname, ch] of w.chains) {
      const builtin = w.builtins.has(cname);
      if (builtin && ch.rules.length === 0 && ch.policy !== 'DROP') continue;
      const texts = ch.rules.map(formatRule);
      const cp = `${tp}${keyPath(cname)}`;
      const rp = builtin && ch.policy === 'DROP' ? `${cp}.rules` : cp;
      ch.rules.forEach((r, k) => lines.set(`${rp}[${k}]`, n.ruleLines.get(r) ?? n.line));
      chains[cname] = builtin && ch.policy === 'DROP' ? { policy: 'DROP', rules: texts } : texts;
    }
    iptables[t] = chains;
  }
  const proxyNeighbours = n.proxies.map((x, k) => {
    lines.set(`${p}.proxyNeighbours[${k}]`, x.line);
    return { address: formatIpv4(x.addr), dev: x.link.name };
  });
  return {
    id,
    kind: kinds.get(id) ?? (forwards ? 'router' : 'host'),
    interfaces,
    ...(Object.keys(sysctls).length ? { sysctls } : {}),
    ...(routes.length ? { routes } : {}),
    ...(rules.length ? { rules } : {}),
    ...(Object.keys(defaultRules).length ? { defaultRules } : {}),
    ...(Object.keys(iptables).length ? { iptables } : {}),
    ...(proxyNeighbours.length ? { proxyNeighbours } : {}),
  };
}
