/**
 * Lab document → {@link Network}: every device becomes a namespace as the kernel would hold it after
 * the lab's `ip` / `sysctl` / `iptables` commands ran in document order (links, addresses, sysctls,
 * rules, routes, proxy neighbours, iptables). Problems come back as issues with JSON paths; the
 * network is returned only when there is no error.
 */
import { formatIpv4, ipv4, parseCidr, parseIpv4, type Ipv4 } from '../addr/ipv4.ts';
import { generatedMac, parseMac, type Mac } from '../addr/mac.ts';
import type { Device, IfAddr, Iface, ProxyNeighbour, Service } from '../model/device.ts';
import type { Rule } from '../model/netfilter.ts';
import type { Network, Segment, SegmentPort } from '../model/network.ts';
import { ROUTE_TYPES, TABLE_DEFAULT, TABLE_LOCAL, TABLE_MAIN, type Route } from '../model/route.ts';
import type { RpdbRule } from '../model/rpdb.ts';
import { insertAddress, parseAddresses } from './compile-addresses.ts';
import { compileIptables } from './compile-iptables.ts';
import { parseRuleDoc, parseTableId } from './compile-rules.ts';
import type { DeviceDoc, LabDocument, LabIssue } from './format.ts';
import { FibBuilder } from './fib-builder.ts';
import { Issues, keyPath } from './issues.ts';
import { checkSysctlValue, parseSysctlName, SysctlState } from './sysctl.ts';
import { compileDesign, type DesignProvenance, type DesignResult } from '../vlab/compile-design.ts';
import { DesignPathMap, designPaths } from './design-paths.ts';

/**
 * Where compiled objects came from in the document (for "which setting made this line?"): a JSON path
 * into the document (`devices[3].routes[1]`), or — for what a virtual-lab design generated — the design
 * field that produced it (`virtualLabs[0].isolatedNetworks[0].masquerade`).
 */
export interface Provenance {
  readonly routes: ReadonlyMap<Route, string>;
  readonly rules: ReadonlyMap<RpdbRule, string>;
  readonly iptables: ReadonlyMap<Rule, string>;
  /** Interface addresses (`devices[i].interfaces[j].addresses[k]`); lo's implicit 127.0.0.1 has none. */
  readonly addresses: ReadonlyMap<IfAddr, string>;
  /**
   * For a lab with virtual-lab designs: each generated element of the expanded document, by its path
   * there (sysctls included: `devices[5].sysctls["net.ipv4.ip_forward"]`) → the design field that
   * produced it (`compileDesign`'s provenance). Empty for a drawn lab.
   */
  readonly design: DesignProvenance;
}

export interface CompileResult {
  readonly network?: Network;
  readonly issues: readonly LabIssue[];
  readonly provenance: Provenance;
  /** What `compileDesign` made of the document's virtual-lab designs (absent without `virtualLabs`). */
  readonly design?: DesignResult;
}

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
export const IFNAME_PATTERN = /^[A-Za-z0-9_.-]{1,15}$/;

export function ifnameProblem(name: string): string | null {
  if (!IFNAME_PATTERN.test(name) || name === '.' || name === '..')
    return `interface name "${name}" must be 1..15 characters of A-Z a-z 0-9 _ . - (the kernel's IFNAMSIZ, and safe in shell scripts)`;
  return null;
}

/**
 * Compiles a lab. Virtual-lab designs are expanded first (`compileDesign`): the expanded lab is
 * compiled, and the paths of issues and provenance that point at generated elements are replaced by the
 * design fields that produced them, so every path names something the user wrote.
 */
export function compileLab(doc: LabDocument): CompileResult {
  if (doc.virtualLabs === undefined) return compileDrawnLab(doc);
  const design = compileDesign(doc);
  if (design.issues.some((i) => i.severity === 'error'))
    return { issues: design.issues, provenance: emptyProvenance(design.provenance), design };
  const c = compileDrawnLab(design.doc);
  const at = designPaths(design.provenance);
  const remap = <K>(m: ReadonlyMap<K, string>) => new DesignPathMap(m, at);
  const provenance: Provenance = {
    routes: remap(c.provenance.routes),
    rules: remap(c.provenance.rules),
    iptables: remap(c.provenance.iptables),
    addresses: remap(c.provenance.addresses),
    design: design.provenance,
  };
  const issues = [...design.issues, ...c.issues.map((i) => ({ ...i, path: at(i.path) }))];
  return { ...(c.network ? { network: c.network } : {}), issues, provenance, design };
}

/** Provenance as {@link compileDrawnLab} fills it. */
interface ProvenanceBuilder extends Provenance {
  readonly routes: Map<Route, string>;
  readonly rules: Map<RpdbRule, string>;
  readonly iptables: Map<Rule, string>;
  readonly addresses: Map<IfAddr, string>;
}

function emptyProvenance(design: DesignProvenance = new Map()): ProvenanceBuilder {
  return { routes: new Map(), rules: new Map(), iptables: new Map(), addresses: new Map(), design };
}

/** A lab without designs (or the expansion of one): devices and segments as drawn. */
function compileDrawnLab(doc: LabDocument): CompileResult {
  const issues = new Issues();
  const provenance = emptyProvenance();
  const ids = new Map<string, string>();
  const segments = new Map<
    string,
    { id: string; name: string; kind: Segment['kind']; vlan: number | null; ports: SegmentPort[] }
  >();
  doc.segments.forEach((s, i) => {
    const p = `segments[${i}]`;
    if (!ID_PATTERN.test(s.id))
      issues.error(
        `${p}.id`,
        `segment id "${s.id}" must be 1..32 characters of A-Z a-z 0-9 _ . - and start with a letter or digit`,
      );
    else if (ids.has(s.id)) issues.error(`${p}.id`, `id "${s.id}" is already used by ${ids.get(s.id)}`);
    ids.set(s.id, p);
    if (s.vlan !== undefined && (!Number.isInteger(s.vlan) || s.vlan < 0 || s.vlan > 4094))
      issues.error(`${p}.vlan`, `VLAN id ${s.vlan} is not 0..4094`);
    segments.set(s.id, { id: s.id, name: s.name ?? s.id, kind: s.kind, vlan: s.vlan ?? null, ports: [] });
  });
  const devices: Device[] = [];
  doc.devices.forEach((d, i) => {
    const p = `devices[${i}]`;
    if (!ID_PATTERN.test(d.id))
      issues.error(
        `${p}.id`,
        `device id "${d.id}" must be 1..32 characters of A-Z a-z 0-9 _ . - and start with a letter or digit`,
      );
    else if (ids.has(d.id)) issues.error(`${p}.id`, `id "${d.id}" is already used by ${ids.get(d.id)}`);
    ids.set(d.id, p);
    const dev = compileDevice(d, i, p, issues, provenance);
    if (!dev) return;
    devices.push(dev);
    d.interfaces.forEach((ifd, j) => {
      if (ifd.segment === undefined || ifd.segment === null) return;
      const seg = segments.get(ifd.segment);
      if (!seg)
        issues.error(
          `${p}.interfaces[${j}].segment`,
          `no segment "${ifd.segment}" (segments: ${[...segments.keys()].join(', ') || 'none'})`,
        );
      else seg.ports.push({ device: d.id, iface: ifd.name });
    });
  });
  checkL2(devices, segments, doc, issues);
  if (doc.layout) {
    for (const id of Object.keys(doc.layout))
      if (!ids.has(id))
        issues.warning(`layout${keyPath(id)}`, `no device or segment "${id}"; the position is ignored`);
  }
  if (issues.hasErrors) return { issues: issues.list, provenance };
  const network: Network = {
    name: doc.name,
    devices,
    byId: new Map(devices.map((d) => [d.id, d])),
    segments: new Map([...segments].map(([k, v]) => [k, v as Segment])),
  };
  return { network, issues: issues.list, provenance };
}

function compileDevice(
  d: DeviceDoc,
  di: number,
  p: string,
  issues: Issues,
  prov: ProvenanceBuilder,
): Device | null {
  const start = issues.list.length;
  // --- links and addresses
  const names = d.interfaces.map((x) => x.name);
  const ifaceNames = names.filter((n) => n !== 'lo');
  const loAddrs: IfAddr[] = [
    { local: ipv4('127.0.0.1'), len: 8, secondary: false, noprefixroute: false, scope: 'host', docIndex: -1 },
  ];
  const lo: Iface = {
    index: 1,
    name: 'lo',
    mac: '00:00:00:00:00:00' as Mac,
    segment: null,
    loopback: true,
    addrs: loAddrs,
    conf: {} as Iface['conf'],
    rawConf: {} as Iface['conf'],
  };
  const rawIfaces: { name: string; mac: Mac; segment: string | null; addrs: IfAddr[] }[] = [];
  d.interfaces.forEach((ifd, j) => {
    const ip = `${p}.interfaces[${j}]`;
    const bad = ifnameProblem(ifd.name);
    if (bad) issues.error(`${ip}.name`, bad);
    else if (names.indexOf(ifd.name) !== j)
      issues.error(`${ip}.name`, `interface "${ifd.name}" is defined twice on ${d.id}`);
    if (ifd.name === 'lo') {
      // extra addresses on the implicit loopback (127.0.0.1/8 stays first)
      if (ifd.segment)
        issues.error(`${ip}.segment`, 'the loopback interface cannot be plugged into a segment');
      if (ifd.mac !== undefined) issues.error(`${ip}.mac`, 'the loopback interface has no MAC to set');
      for (const a of parseAddresses(ifd.addresses ?? [], `${ip}.addresses`, issues))
        if (insertAddress(loAddrs, a) === 'exists')
          issues.error(`${ip}.addresses`, 'an address is listed twice on lo');
      return;
    }
    let mac = generatedMac(di + 1, j + 2);
    if (ifd.mac !== undefined) {
      const m = parseMac(ifd.mac);
      if (!m.ok) issues.error(`${ip}.mac`, m.error);
      else if ((parseInt(m.value.slice(0, 2), 16) & 1) === 1)
        issues.error(`${ip}.mac`, `${m.value} is a multicast MAC; an interface needs a unicast one`);
      else mac = m.value;
    }
    const addrs = parseAddresses(ifd.addresses ?? [], `${ip}.addresses`, issues);
    rawIfaces.push({ name: ifd.name, mac, segment: ifd.segment ?? null, addrs });
  });
  // --- sysctls
  const sys = new SysctlState(['lo', ...ifaceNames]);
  for (const [name, value] of Object.entries(d.sysctls ?? {})) {
    const sp = `${p}.sysctls${keyPath(name)}`;
    const t = parseSysctlName(name, ['lo', ...ifaceNames]);
    if (!t.ok) {
      issues.error(sp, t.error);
      continue;
    }
    const bad = checkSysctlValue(t.value, value);
    if (bad) issues.error(sp, bad);
    else sys.apply(t.value, value);
  }
  d.interfaces.forEach((ifd, j) => {
    const addrs = ifd.name === 'lo' ? loAddrs : rawIfaces.find((r) => r.name === ifd.name)?.addrs;
    for (const a of addrs ?? [])
      if (a.docIndex >= 0 && !prov.addresses.has(a))
        prov.addresses.set(a, `${p}.interfaces[${j}].addresses[${a.docIndex}]`);
  });
  const ifaces: Iface[] = [
    { ...lo, conf: sys.effective('lo'), rawConf: { ...sys.perIface.get('lo')! } },
    ...rawIfaces.map((r, j) => ({
      index: j + 2,
      name: r.name,
      mac: r.mac,
      segment: r.segment,
      loopback: false,
      addrs: r.addrs,
      conf: sys.effective(r.name),
      rawConf: { ...sys.perIface.get(r.name)! },
    })),
  ];
  // --- kernel routes, rules, routes
  const fib = new FibBuilder(ifaces);
  for (const iface of ifaces) {
    const order = [...iface.addrs].sort((a, b) => a.docIndex - b.docIndex);
    for (const a of order) fib.addIfaddr(iface, a);
  }
  const dr = d.defaultRules ?? {};
  if (dr.local === false) fib.removeDefaultRule(TABLE_LOCAL);
  if (dr.main === false) fib.removeDefaultRule(TABLE_MAIN);
  if (dr.default === false) fib.removeDefaultRule(TABLE_DEFAULT);
  (d.rules ?? []).forEach((rd, k) => {
    const rp = `${p}.rules[${k}]`;
    const r = parseRuleDoc(rd);
    if (!r.ok) {
      issues.error(`${rp}.${r.error.field}`, r.error.message);
      return;
    }
    let badName = false;
    for (const key of ['iif', 'oif'] as const) {
      const n = r.value[key];
      const bad = n !== undefined && n !== 'lo' ? ifnameProblem(n) : null;
      if (bad) {
        issues.error(`${rp}.${key}`, bad);
        badName = true;
      } else if (n !== undefined && n !== 'lo' && !names.includes(n))
        issues.warning(
          `${rp}.${key}`,
          `no interface "${n}" on ${d.id}: the kernel keeps the rule but it never matches ([detached])`,
        );
    }
    if (badName) return;
    const added = fib.addRule(r.value);
    if (!added.ok) issues.error(rp, `ip rule add: the kernel refuses it: "${added.error}"`);
    else prov.rules.set(added.value, rp);
  });
  (d.routes ?? []).forEach((rd, k) => {
    const rp = `${p}.routes[${k}]`;
    const spec = parseRouteDoc(rd, rp, issues);
    if (!spec) return;
    const res = fib.addRoute(spec);
    if (!res.ok) issues.error(rp, `ip route add ${routeText(rd)}: the kernel refuses it: "${res.error}"`);
    else prov.routes.set(res.route, rp);
  });
  // --- neighbours, sockets, iptables
  const proxyNeighbours: ProxyNeighbour[] = [];
  (d.proxyNeighbours ?? []).forEach((pn, k) => {
    const pp = `${p}.proxyNeighbours[${k}]`;
    const a = parseIpv4(pn.address);
    if (!a.ok) issues.error(`${pp}.address`, a.error);
    else if (!names.includes(pn.dev)) issues.error(`${pp}.dev`, `no interface "${pn.dev}" on ${d.id}`);
    else if (proxyNeighbours.some((x) => x.addr === a.value && x.dev === pn.dev))
      // pneigh_lookup(…, creat=1) finds the existing entry: `ip neigh add proxy` twice keeps one
      issues.warning(pp, `${pn.address} dev ${pn.dev} is listed twice (the kernel keeps one entry)`);
    else proxyNeighbours.push({ addr: a.value, dev: pn.dev });
  });
  const services: Service[] = [];
  (d.listen ?? []).forEach((s, k) => {
    const m = /^(tcp|udp)\/(\d{1,5})$/.exec(s);
    const port = Number(m?.[2]);
    if (!m || port < 1 || port > 65535)
      issues.error(`${p}.listen[${k}]`, `"${s}" is not a listening socket like "tcp/443" or "udp/53"`);
    else services.push({ proto: m[1] as 'tcp' | 'udp', port });
  });
  const ruleset = compileIptables(d, p, issues, prov.iptables);
  if (issues.list.slice(start).some((i) => i.severity === 'error')) return null;
  const fibTables = fib.fib();
  const tables = new Map<number, readonly Route[]>();
  for (const [id] of fibTables) tables.set(id, fib.tables.get(id)!);
  const customRules = fib.rules.length !== 3 || fib.rules.some((r, i) => r.pref !== [0, 32766, 32767][i]);
  return {
    id: d.id,
    name: d.name ?? d.id,
    kind: d.kind,
    docIndex: di,
    ifaces,
    ifByName: new Map(ifaces.map((x) => [x.name, x])),
    ifByIndex: new Map(ifaces.map((x) => [x.index, x])),
    net: { ...sys.net },
    confAll: { ...sys.all },
    confDefault: { ...sys.dflt },
    tables,
    rules: fib.rules,
    customRules,
    ruleset,
    proxyNeighbours,
    services,
  };
}

function parseRouteDoc(
  rd: DeviceDoc['routes'] extends readonly (infer R)[] | undefined ? R : never,
  rp: string,
  issues: Issues,
) {
  const type = rd.type ?? 'unicast';
  if (!ROUTE_TYPES.includes(type)) {
    issues.error(`${rp}.type`, `unknown route type "${type}" (${ROUTE_TYPES.join(', ')})`);
    return null;
  }
  const dst = rd.to === 'default' ? { addr: 0 as Ipv4, len: 0 } : parseCidrOrNull(rd.to, `${rp}.to`, issues);
  const table = parseTableId(rd.table);
  if (!table.ok) issues.error(`${rp}.table`, table.error);
  const gateway = rd.via !== undefined ? parseIpOrNull(rd.via, `${rp}.via`, issues) : undefined;
  const prefsrc = rd.src !== undefined ? parseIpOrNull(rd.src, `${rp}.src`, issues) : undefined;
  const metric = rd.metric ?? 0;
  if (!Number.isInteger(metric) || metric < 0 || metric > 0xffffffff)
    issues.error(`${rp}.metric`, `metric ${metric} is not 0..4294967295`);
  // iproute_modify(): without `table`, ip(8) puts local and broadcast routes in table local
  if (!dst || !table.ok || gateway === null || prefsrc === null) return null;
  return {
    table: rd.table === undefined && (type === 'local' || type === 'broadcast') ? TABLE_LOCAL : table.value,
    type,
    dst: dst.addr,
    len: dst.len,
    metric,
    ...(gateway !== undefined ? { gateway } : {}),
    ...(rd.dev !== undefined ? { dev: rd.dev } : {}),
    ...(prefsrc !== undefined ? { prefsrc } : {}),
    ...(rd.onlink ? { onlink: true } : {}),
    ...(rd.scope !== undefined ? { scope: rd.scope } : {}),
  };
}

function parseCidrOrNull(text: string, path: string, issues: Issues) {
  const c = parseCidr(text, true);
  if (!c.ok) issues.error(path, c.error);
  return c.ok ? c.value : null;
}
function parseIpOrNull(text: string, path: string, issues: Issues): Ipv4 | null {
  const a = parseIpv4(text);
  if (!a.ok) issues.error(path, a.error);
  return a.ok ? a.value : null;
}

function routeText(rd: NonNullable<DeviceDoc['routes']>[number]): string {
  return [
    rd.type && rd.type !== 'unicast' ? rd.type : '',
    rd.to,
    rd.via ? `via ${rd.via}` : '',
    rd.dev ? `dev ${rd.dev}` : '',
    rd.src ? `src ${rd.src}` : '',
    rd.metric ? `metric ${rd.metric}` : '',
    rd.table !== undefined ? `table ${rd.table}` : '',
    rd.onlink ? 'onlink' : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** Duplicate MACs or addresses within one broadcast domain: legal for the kernel, fatal for ARP. */
function checkL2(
  devices: readonly Device[],
  segments: Map<string, { ports: SegmentPort[] }>,
  doc: LabDocument,
  issues: Issues,
): void {
  // (the path is only needed for an issue; indexes by id instead of a search per port, which made
  // this check O(devices × ports))
  const docIndex = new Map<string, number>();
  doc.devices.forEach((d, i) => docIndex.set(d.id, i));
  const byId = new Map(devices.map((d) => [d.id, d] as const));
  const where = (dev: string, ifn: string) => {
    const di = docIndex.get(dev) ?? -1;
    const ii = doc.devices[di]?.interfaces.findIndex((x) => x.name === ifn) ?? -1;
    return `devices[${di}].interfaces[${ii}]`;
  };
  for (const [sid, seg] of segments) {
    const macs = new Map<string, string>();
    const addrs = new Map<number, string>();
    for (const port of seg.ports) {
      const dev = byId.get(port.device);
      const ifc = dev?.ifByName.get(port.iface);
      if (!ifc) continue;
      const seen = macs.get(ifc.mac);
      if (seen)
        issues.error(
          `${where(port.device, port.iface)}.mac`,
          `MAC ${ifc.mac} is also used by ${seen} on segment "${sid}"`,
        );
      else macs.set(ifc.mac, `${port.device}/${port.iface}`);
      for (const a of ifc.addrs) {
        const other = addrs.get(a.local);
        if (other && other !== port.device)
          issues.warning(
            `${where(port.device, port.iface)}.addresses`,
            `${formatIpv4(a.local)} is also configured on ${other} in segment "${sid}": both answer ARP for it (address conflict)`,
          );
        else addrs.set(a.local, port.device);
      }
    }
  }
}
