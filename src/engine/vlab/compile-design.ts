/**
 * `compileDesign(doc)`: each virtual-lab design of a lab document expanded into the drawn lab — the
 * appliance device (appended after the drawn devices), the isolated segments the lab does not draw
 * (appended after the drawn segments), the backup server's routes and, if the design says so, the
 * clients' — so that `compileLab` compiles the result like any drawn lab. Drawn devices and segments
 * keep their index, so every path of the document stays valid in the expansion; every generated
 * element is listed in `provenance` with the design field that produced it. docs/vlab-compiler.md.
 */
import { canonical, formatCidr, parseCidr, sameCidr } from '../addr/ipv4.ts';
import type { DeviceDoc, LabDocument, LabIssue, RouteDoc, SegmentDoc } from '../lab/format.ts';
import { Issues } from '../lab/issues.ts';
import { applianceDevice, Trail } from './appliance.ts';
import { neededRoutes, type NeededRoute } from './client-routes.ts';
import { proposeMasquerade, usedPrefixes } from './masquerade.ts';
import { drawnLab, resolveLab, type DesignProposal, type ResolvedLab } from './resolve.ts';

export type { DesignProposal } from './resolve.ts';
export type { NeededRoute } from './client-routes.ts';

/**
 * Where each generated element of the expanded document came from: its JSON path there
 * (`devices[5].iptables.nat.PREROUTING[0]`, `devices[5].sysctls["net.ipv4.ip_forward"]`,
 * `devices[1].routes[2]`, `segments[3]`) → the design field (`virtualLabs[0].isolatedNetworks[0].masquerade`).
 */
export type DesignProvenance = ReadonlyMap<string, string>;

export interface DesignResult {
  /** The expanded document: drawn devices and segments, then the generated ones; no `virtualLabs`. */
  readonly doc: LabDocument;
  readonly provenance: DesignProvenance;
  /** Values filled in for fields the design leaves empty (masquerade networks, vNIC addresses, …). */
  readonly proposals: readonly DesignProposal[];
  /** Routes production machines need to reach the lab; `kind: 'backup-server'` ones are always added. */
  readonly neededRoutes: readonly NeededRoute[];
  /** Problems of the design, with paths into the document; with an error, `doc` is incomplete. */
  readonly issues: readonly LabIssue[];
}

export function compileDesign(doc: LabDocument): DesignResult {
  const { virtualLabs = [], ...rest } = doc;
  const issues = new Issues();
  const trail = new Trail();
  const proposals: DesignProposal[] = [];
  const drawn = drawnLab(doc);
  const resolved: ResolvedLab[] = [];
  virtualLabs.forEach((design, i) => {
    const r = resolveLab(drawn, design, i, issues, proposals);
    if (r) resolved.push(r);
  });
  checkIds(doc, issues);
  proposeMasquerades(doc, resolved, proposals, issues);
  if (issues.hasErrors)
    return { doc: rest, provenance: new Map(), proposals, neededRoutes: [], issues: issues.list };

  const segments: SegmentDoc[] = [...doc.segments];
  for (const lab of resolved)
    for (const n of lab.isolated) {
      if (drawn.segment(n.design.segment)) continue;
      trail.set(`segments[${segments.length}]`, `${n.path}.segment`);
      segments.push({
        id: n.design.segment,
        name: n.design.name,
        kind: 'isolated',
        ...(n.design.vlan !== undefined ? { vlan: n.design.vlan } : {}),
        description: `Isolated copy of "${n.design.productionNetwork}" (generated from ${n.path}).`,
      });
    }

  const needed = resolved.map((lab) => neededRoutes(drawn, lab, issues));
  if (issues.hasErrors)
    return { doc: rest, provenance: new Map(), proposals, neededRoutes: [], issues: issues.list };

  const devices: DeviceDoc[] = [...doc.devices];
  const extraRoutes = new Map<number, RouteDoc[]>();
  resolved.forEach((lab, i) => {
    for (const r of needed[i]!) {
      if (r.kind !== 'backup-server' && lab.design.clientRoutes !== 'add') continue;
      const di = drawn.deviceIndex(r.device);
      const list = extraRoutes.get(di) ?? [];
      trail.set(`devices[${di}].routes[${(doc.devices[di]!.routes ?? []).length + list.length}]`, r.path);
      list.push(r.route);
      extraRoutes.set(di, list);
    }
  });
  for (const [di, list] of extraRoutes) {
    const d = devices[di]!;
    devices[di] = { ...d, routes: [...(d.routes ?? []), ...list] };
  }
  for (const lab of resolved) devices.push(applianceDevice(lab, devices.length, trail));
  return {
    doc: { ...rest, segments, devices },
    provenance: trail.map,
    proposals,
    neededRoutes: needed.flat(),
    issues: issues.list,
  };
}

/** Virtual-lab ids, appliance ids and created segment ids are unique among everything in the lab. */
function checkIds(doc: LabDocument, issues: Issues): void {
  const taken = new Map<string, string>();
  doc.segments.forEach((s, i) => taken.has(s.id) || taken.set(s.id, `segments[${i}]`));
  doc.devices.forEach((d, i) => taken.has(d.id) || taken.set(d.id, `devices[${i}]`));
  const labIds = new Map<string, string>();
  (doc.virtualLabs ?? []).forEach((lab, i) => {
    const lp = `virtualLabs[${i}]`;
    if (labIds.has(lab.id))
      issues.error(`${lp}.id`, `virtual lab id "${lab.id}" is already used by ${labIds.get(lab.id)}`);
    labIds.set(lab.id, lp);
    const app = lab.appliance.id;
    if (taken.has(app))
      issues.error(
        `${lp}.appliance.id`,
        `id "${app}" is already used by ${taken.get(app)} (the appliance is a device of its own)`,
      );
    else taken.set(app, `${lp}.appliance.id`);
  });
  const isoUse = new Map<string, string>();
  (doc.virtualLabs ?? []).forEach((lab, i) =>
    lab.isolatedNetworks.forEach((n, j) => {
      const p = `virtualLabs[${i}].isolatedNetworks[${j}].segment`;
      const seg = n.segment;
      if (isoUse.has(seg))
        issues.error(p, `segment "${seg}" is already the isolated network of ${isoUse.get(seg)}`);
      else if (taken.has(seg) && !doc.segments.some((s) => s.id === seg))
        issues.error(p, `id "${seg}" is already used by ${taken.get(seg)}`);
      isoUse.set(seg, p.slice(0, -'.segment'.length));
    }),
  );
}

/** Each isolated network without a masquerade network gets one: same size, unused in the lab. */
function proposeMasquerades(
  doc: LabDocument,
  labs: readonly ResolvedLab[],
  proposals: DesignProposal[],
  issues: Issues,
): void {
  const used = usedPrefixes(doc);
  for (const lab of labs)
    for (const n of lab.isolated) {
      if (n.design.masquerade === undefined) continue;
      const c = parseCidr(n.design.masquerade);
      if (!c.ok) issues.error(`${n.path}.masquerade`, c.error);
      else if (!sameCidr(c.value, canonical(c.value)))
        issues.error(
          `${n.path}.masquerade`,
          `"${n.design.masquerade}" is not a network: its host bits are set (the network is ${formatCidr(canonical(c.value))})`,
        );
      else n.masquerade = c.value;
    }
  for (const lab of labs)
    for (const n of lab.isolated) {
      if (n.masquerade) continue;
      const p = proposeMasquerade(n.prefix, used);
      if (!p) {
        issues.error(
          `${n.path}.masquerade`,
          `missing, and there is no unused /${n.prefix.len} in the private ranges to propose: give one of the same size as ${formatCidr(n.prefix)}`,
        );
        continue;
      }
      n.masquerade = p;
      used.push(p);
      proposals.push({
        path: `${n.path}.masquerade`,
        value: formatCidr(p),
        why: `the first /${p.len} after ${formatCidr(n.prefix)} that no address, route or other masquerade network in the lab uses`,
      });
    }
}
