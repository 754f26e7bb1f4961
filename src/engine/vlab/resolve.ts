/**
 * A virtual-lab design with its references checked, its addresses parsed and its defaults filled in
 * (the vNIC mimics the production gateway; the appliance's gateway is the production network's). What
 * cannot be resolved is an issue with the design field's JSON path; what was filled in is a proposal.
 */
import {
  canonical,
  formatCidr,
  formatIpv4,
  inPrefix,
  parseCidr,
  parseIpv4,
  type Cidr,
  type Ipv4,
} from '../addr/ipv4.ts';
import type { LabDocument, SegmentDoc } from '../lab/format.ts';
import type { Issues } from '../lab/issues.ts';
import type { IsolatedNetworkDesign, StaticMappingDesign, VirtualLabDesign } from './design.ts';

/** A value the compiler chose for a field the design leaves empty. */
export interface DesignProposal {
  /** JSON path of the field: `virtualLabs[0].isolatedNetworks[0].masquerade`. */
  readonly path: string;
  /** The value as it would be written in the field: `"192.168.150.0/24"`. */
  readonly value: string;
  /** Why this value: one sentence for the UI. */
  readonly why: string;
}

export interface ResolvedIsolated {
  readonly index: number;
  readonly path: string;
  readonly design: IsolatedNetworkDesign;
  /** The appliance's interface on it: eth1, eth2, … in design order. */
  readonly ifname: string;
  /** The vNIC address with its prefix length (`192.168.149.2/24`). */
  readonly vnic: Cidr;
  /** The isolated network (= the production network it mirrors), canonical. */
  readonly prefix: Cidr;
  /** Filled in by the masquerade step. */
  masquerade?: Cidr;
}

export interface ResolvedMapping {
  readonly index: number;
  readonly path: string;
  readonly design: StaticMappingDesign;
  readonly isolatedIp: Ipv4;
  readonly accessIp: Ipv4;
  /** The isolated network the VM is in. */
  readonly network: ResolvedIsolated;
}

export interface ResolvedLab {
  readonly index: number;
  readonly path: string;
  readonly design: VirtualLabDesign;
  /** The appliance's production address with its prefix length (`192.168.149.50/24`). */
  readonly applianceIp: Cidr;
  /** The appliance's default gateway, when one is known. */
  readonly gateway?: Ipv4;
  readonly isolated: ResolvedIsolated[];
  readonly mappings: ResolvedMapping[];
}

/** What the resolver needs to know about the drawn lab. */
export interface DrawnLab {
  readonly doc: LabDocument;
  readonly segment: (id: string) => { seg: SegmentDoc; index: number } | undefined;
  readonly deviceIndex: (id: string) => number;
}

export function drawnLab(doc: LabDocument): DrawnLab {
  const segs = new Map<string, { seg: SegmentDoc; index: number }>();
  doc.segments.forEach((seg, index) => segs.has(seg.id) || segs.set(seg.id, { seg, index }));
  const devs = new Map<string, number>();
  doc.devices.forEach((d, i) => devs.has(d.id) || devs.set(d.id, i));
  return { doc, segment: (id) => segs.get(id), deviceIndex: (id) => devs.get(id) ?? -1 };
}

const addressOf = (a: string | { address: string }) => (typeof a === 'string' ? a : a.address);

/** Every address drawn on a segment, with its prefix length. */
function addressesOn(lab: DrawnLab, segId: string): { device: string; cidr: Cidr }[] {
  const out: { device: string; cidr: Cidr }[] = [];
  for (const d of lab.doc.devices)
    for (const i of d.interfaces)
      if (i.segment === segId)
        for (const a of i.addresses ?? []) {
          const c = parseCidr(addressOf(a));
          if (c.ok) out.push({ device: d.id, cidr: c.value });
        }
  return out;
}

/**
 * The production network's default gateway: the segment's `gateway`, else the gateway most drawn
 * hosts on it use for their default route. `why` says which.
 */
export function productionGateway(lab: DrawnLab, segId: string): { addr: Ipv4; why: string } | undefined {
  const ref = lab.segment(segId);
  if (ref?.seg.gateway !== undefined) {
    const g = parseIpv4(ref.seg.gateway);
    if (g.ok)
      return {
        addr: g.value,
        why: `the gateway of production network "${segId}" (segments[${ref.index}].gateway)`,
      };
  }
  const onSeg = new Set(addressesOn(lab, segId).map((a) => a.device));
  const counts = new Map<number, number>();
  for (const d of lab.doc.devices) {
    if (!onSeg.has(d.id)) continue;
    for (const r of d.routes ?? []) {
      if (r.to !== 'default' || r.via === undefined || (r.table ?? 'main') !== 'main') continue;
      const v = parseIpv4(r.via);
      if (v.ok) counts.set(v.value, (counts.get(v.value) ?? 0) + 1);
    }
  }
  let best: [number, number] | undefined;
  for (const e of counts) if (!best || e[1] > best[1]) best = e;
  return best
    ? {
        addr: best[0] as Ipv4,
        why: `the default gateway of the hosts drawn on "${segId}" (the segment has no "gateway")`,
      }
    : undefined;
}

/**
 * The production network's prefix length for an address in it: the segment's `subnet`, else the
 * prefix of a drawn address on the segment that contains it.
 */
function prefixLenFor(lab: DrawnLab, segId: string, a: Ipv4): number | undefined {
  const ref = lab.segment(segId);
  if (ref?.seg.subnet !== undefined) {
    const s = parseCidr(ref.seg.subnet);
    if (s.ok && inPrefix(a, s.value)) return s.value.len;
  }
  const drawn = addressesOn(lab, segId).find((x) => x.cidr.len < 32 && inPrefix(a, x.cidr));
  return drawn?.cidr.len;
}

function productionSegment(lab: DrawnLab, id: string, path: string, issues: Issues): SegmentDoc | undefined {
  const ref = lab.segment(id);
  if (!ref) {
    const prod = lab.doc.segments.filter((s) => s.kind === 'production').map((s) => s.id);
    issues.error(path, `no segment "${id}" (production segments: ${prod.join(', ') || 'none'})`);
    return undefined;
  }
  if (ref.seg.kind !== 'production') {
    issues.error(path, `segment "${id}" is ${ref.seg.kind}, not a production network`);
    return undefined;
  }
  return ref.seg;
}

function cidrOrIssue(text: string, path: string, issues: Issues): Cidr | undefined {
  const c = parseCidr(text);
  if (!c.ok) issues.error(path, c.error);
  return c.ok ? c.value : undefined;
}
function ipOrIssue(text: string, path: string, issues: Issues): Ipv4 | undefined {
  const a = parseIpv4(text);
  if (!a.ok) issues.error(path, a.error);
  return a.ok ? a.value : undefined;
}

export function resolveLab(
  lab: DrawnLab,
  design: VirtualLabDesign,
  index: number,
  issues: Issues,
  proposals: DesignProposal[],
): ResolvedLab | undefined {
  const lp = `virtualLabs[${index}]`;
  const start = issues.list.length;
  const app = design.appliance;
  productionSegment(lab, app.productionNetwork, `${lp}.appliance.productionNetwork`, issues);
  const applianceIp = cidrOrIssue(app.ip, `${lp}.appliance.ip`, issues);
  let gateway: Ipv4 | undefined;
  const gatewayPath = `${lp}.appliance.gateway`;
  if (app.gateway !== undefined) gateway = ipOrIssue(app.gateway, gatewayPath, issues);
  else {
    const g = productionGateway(lab, app.productionNetwork);
    if (g) {
      gateway = g.addr;
      proposals.push({ path: gatewayPath, value: formatIpv4(g.addr), why: g.why });
    }
  }
  notModelled(design, lp, issues);
  const isolated: ResolvedIsolated[] = [];
  design.isolatedNetworks.forEach((n, j) => {
    const r = resolveIsolated(lab, n, `${lp}.isolatedNetworks[${j}]`, j, issues, proposals);
    if (r) isolated.push(r);
  });
  checkDisjoint(isolated, issues);
  const mappings: ResolvedMapping[] = [];
  (design.staticMappings ?? []).forEach((m, k) => {
    const p = `${lp}.staticMappings[${k}]`;
    const isolatedIp = ipOrIssue(m.isolatedIp, `${p}.isolatedIp`, issues);
    const accessIp = ipOrIssue(m.accessIp, `${p}.accessIp`, issues);
    const network = isolated.find((x) => x.design.productionNetwork === m.productionNetwork);
    if (!network) {
      // an isolated network that mirrors it but has problems of its own was reported already
      if (design.isolatedNetworks.some((x) => x.productionNetwork === m.productionNetwork)) return;
      const mirrored = design.isolatedNetworks.map((x) => x.productionNetwork);
      issues.error(
        `${p}.productionNetwork`,
        `no isolated network of this virtual lab mirrors "${m.productionNetwork}" (it mirrors: ${mirrored.join(', ') || 'nothing'})`,
      );
      return;
    }
    if (isolatedIp === undefined || accessIp === undefined) return;
    if (!inPrefix(isolatedIp, network.prefix)) {
      issues.error(
        `${p}.isolatedIp`,
        `${m.isolatedIp} is not in isolated network "${network.design.name}" (${formatCidr(network.prefix)})`,
      );
      return;
    }
    mappings.push({ index: k, path: p, design: m, isolatedIp, accessIp, network });
  });
  if (applianceIp === undefined || issues.list.slice(start).some((i) => i.severity === 'error'))
    return undefined;
  return {
    index,
    path: lp,
    design,
    applianceIp,
    ...(gateway !== undefined ? { gateway } : {}),
    isolated,
    mappings,
  };
}

function resolveIsolated(
  lab: DrawnLab,
  n: IsolatedNetworkDesign,
  path: string,
  j: number,
  issues: Issues,
  proposals: DesignProposal[],
): ResolvedIsolated | undefined {
  const prod = productionSegment(lab, n.productionNetwork, `${path}.productionNetwork`, issues);
  const drawnIso = lab.segment(n.segment);
  if (drawnIso && drawnIso.seg.kind !== 'isolated')
    issues.error(
      `${path}.segment`,
      `segment "${n.segment}" is ${drawnIso.seg.kind}; an isolated network needs an isolated segment (or an id that is not drawn, and natlab creates it)`,
    );
  let vnic: Cidr | undefined;
  if (n.vnicIp !== undefined) vnic = cidrOrIssue(n.vnicIp, `${path}.vnicIp`, issues);
  else if (prod) {
    const g = productionGateway(lab, n.productionNetwork);
    const len = g && prefixLenFor(lab, n.productionNetwork, g.addr);
    if (!g)
      issues.error(
        `${path}.vnicIp`,
        `missing: production network "${n.productionNetwork}" has no gateway for the vNIC to mimic (give the segment a "gateway", or the vNIC address, e.g. "192.168.1.1/24")`,
      );
    else if (len === undefined)
      issues.error(
        `${path}.vnicIp`,
        `missing: the prefix length of production network "${n.productionNetwork}" is not known (give the segment a "subnet", or the vNIC address with its length)`,
      );
    else {
      vnic = { addr: g.addr, len };
      proposals.push({
        path: `${path}.vnicIp`,
        value: formatCidr(vnic),
        why: `the vNIC mimics the production gateway: ${g.why}`,
      });
    }
  }
  if (vnic === undefined || !prod) return undefined;
  return { index: j, path, design: n, ifname: `eth${j + 1}`, vnic, prefix: canonical(vnic) };
}

/**
 * The appliance routes packets from production into the lab by their destination after NETMAP/DNAT
 * (one table, one route per isolated network): two isolated networks that overlap could not be told
 * apart — and Veeam requires the vNICs to be in different networks [V11].
 */
function checkDisjoint(isolated: readonly ResolvedIsolated[], issues: Issues): void {
  for (let a = 0; a < isolated.length; a++)
    for (let b = 0; b < a; b++) {
      const x = isolated[a]!;
      const y = isolated[b]!;
      const len = Math.min(x.prefix.len, y.prefix.len);
      if (inPrefix(x.prefix.addr, { addr: y.prefix.addr, len }))
        issues.error(
          `${x.path}.vnicIp`,
          `isolated network "${x.design.name}" (${formatCidr(x.prefix)}) overlaps "${y.design.name}" (${formatCidr(y.prefix)}): the appliance routes into the lab by destination and could not tell them apart (Veeam requires the vNICs to be in different networks)`,
        );
    }
}

/** Options natlab does not generate yet: said once, so a design never silently means less than it says. */
function notModelled(design: VirtualLabDesign, lp: string, issues: Issues): void {
  if (design.appliance.internetProxy !== undefined)
    issues.warning(
      `${lp}.appliance.internetProxy`,
      "the appliance's HTTP(S) proxy is not modelled: lab VMs cannot use it in natlab, and the appliance drops everything lab VMs send it",
    );
  design.isolatedNetworks.forEach((n, j) => {
    if (n.dhcp === true)
      issues.warning(
        `${lp}.isolatedNetworks[${j}].dhcp`,
        "the appliance's DHCP service is not modelled: lab VMs keep the addresses drawn for them",
      );
  });
}
