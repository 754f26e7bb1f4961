/**
 * What the canvas draws, derived from the document (and the expanded lab, for the addresses the
 * virtual-lab design generates): networks as bars, machines and proxy appliances as cards with one port
 * per interface, links from a port to a network labelled with the address. Pure data; the canvas maps
 * it onto React Flow (src/ui/canvas/to-flow.ts) and renders it — nodes never compute.
 */
import type { DeviceDoc, LabDocument, SegmentDoc } from '../engine/lab/format.ts';
import type { VirtualLabDesign } from '../engine/vlab/design.ts';
import type { Severity } from '../engine/vlab/lint/index.ts';
import { addressText } from './commands/addresses.ts';
import { NETWORK_WIDTH } from './commands/add.ts';
import { applianceEdgeId, interfaceEdgeId, NEW_INTERFACE } from './commands/connect.ts';
import { addressLabel, deviceLooks, type DeviceLook } from './looks.ts';

export const NETWORK_HEIGHT = 48;
export const DEVICE_WIDTH = 190;
export const DEVICE_HEIGHT = 62;
export const APPLIANCE_WIDTH = 250;
export const APPLIANCE_HEIGHT = 74;

export type Side = 'top' | 'bottom';

export interface PortVm {
  /** React Flow handle id. */
  readonly id: string;
  readonly label: string;
  readonly side: Side;
  readonly connected: boolean;
}

export type { DeviceLook } from './looks.ts';

export interface NetworkVm {
  readonly kind: SegmentDoc['kind'];
  readonly name: string;
  readonly id: string;
  readonly vlan?: number;
  readonly subnet?: string;
  readonly gateway?: string;
  readonly dns?: string;
  readonly width: number;
  readonly problems: Severity | undefined;
  /** Isolated network: the production network it copies and its masquerade network. */
  readonly copyOf?: string;
  readonly masquerade?: string;
}

export interface DeviceVm {
  readonly look: DeviceLook;
  readonly name: string;
  readonly id: string;
  readonly ports: readonly PortVm[];
  readonly problems: Severity | undefined;
}

export interface ApplianceVm {
  readonly name: string;
  readonly id: string;
  readonly labName: string;
  readonly mode: string;
  readonly ports: readonly PortVm[];
  readonly problems: Severity | undefined;
}

interface NodeOf<T extends string, D> {
  readonly type: T;
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly data: D;
}

export type NodeVm =
  NodeOf<'network', NetworkVm> | NodeOf<'device', DeviceVm> | NodeOf<'appliance', ApplianceVm>;

export interface LinkVm {
  readonly id: string;
  readonly source: string;
  readonly sourceHandle: string;
  readonly target: string;
  readonly targetHandle: Side;
  readonly label: string;
  readonly kind: 'interface' | 'production' | 'isolated';
  /** The network bar's horizontal extent, so the link drops straight onto it. */
  readonly barLeft: number;
  readonly barRight: number;
  /** Neighbouring links of one card put their labels at alternating heights (0 or 1). */
  readonly labelSlot: number;
}

export interface CanvasModel {
  readonly nodes: readonly NodeVm[];
  readonly links: readonly LinkVm[];
  /** Ids of items without a position (auto-layout places them). */
  readonly unplaced: readonly string[];
}

export interface ModelInput {
  readonly doc: LabDocument;
  /** The expanded lab (generated appliance interfaces and addresses), when it compiles. */
  readonly expanded?: LabDocument;
  /** Worst diagnostic severity per document path prefix owner (`devices[2]` → 'error'). */
  readonly problems?: ReadonlyMap<string, Severity>;
}

const centerY = (y: number, h: number) => y + h / 2;

type SegPos = { readonly x: number; readonly y: number; readonly width: number };

/** One canvas item: its node and the links from its ports, and what they were computed from. */
interface Item {
  readonly deps: readonly unknown[];
  readonly node: NodeVm;
  readonly links: readonly LinkVm[];
}

/** Same length, same elements (by identity). */
const same = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * A canvas model that keeps the objects of every item whose inputs did not change (same segment,
 * device or virtual-lab object, same layout entry, same positions of the networks it plugs into, same
 * problems): dragging one card rebuilds that card and its links, not 3 000 others, and the canvas
 * hands React Flow the very same node objects for the rest (docs/architecture.md, anti-pattern 8).
 */
export function createCanvasModel(): (input: ModelInput) => CanvasModel {
  let items = new Map<string, Item>();
  let segs = new Map<string, SegPos>();
  let prev: CanvasModel | undefined;
  // how machines look depends on the networks and virtual labs only: kept while those stay the same
  let looks = { of: new WeakMap<DeviceDoc, DeviceLook>(), key: [] as unknown[] };
  return ({ doc, expanded, problems = new Map() }) => {
    const layout = doc.layout ?? {};
    const unplaced: string[] = [];
    const pos = (id: string, k: number) => {
      const p = layout[id];
      if (p) return p;
      unplaced.push(id);
      return { x: 40 + (k % 6) * 200, y: 40 + Math.floor(k / 6) * 120 };
    };
    const next = new Map<string, Item>();
    const item = (id: string, deps: readonly unknown[], build: () => Omit<Item, 'deps'>): Item => {
      const old = items.get(id);
      const it = old && same(old.deps, deps) ? old : { deps, ...build() };
      next.set(id, it);
      return it;
    };

    // network positions, one stable object per network while it stays put (links and ports depend on them)
    const segPos = new Map<string, SegPos>();
    doc.segments.forEach((s, k) => {
      const p = pos(s.id, k);
      const width = p.width ?? NETWORK_WIDTH;
      const old = segs.get(s.id);
      segPos.set(
        s.id,
        old && old.x === p.x && old.y === p.y && old.width === width ? old : { x: p.x, y: p.y, width },
      );
    });
    segs = segPos;

    const isolatedOf = new Map(
      (doc.virtualLabs ?? []).flatMap((v) => v.isolatedNetworks.map((n) => [n.segment, n] as const)),
    );
    const segById = new Map(doc.segments.map((s) => [s.id, s]));
    const nodes: NodeVm[] = [];
    const links: LinkVm[] = [];

    doc.segments.forEach((s, k) => {
      const at = segPos.get(s.id)!;
      const iso = isolatedOf.get(s.id);
      const copy = iso ? segById.get(iso.productionNetwork) : undefined;
      const severity = problems.get(`segments[${k}]`);
      const it = item(s.id, [s, at, copy, iso?.masquerade, severity], () => ({
        node: networkNode(s, at, severity, copy, iso?.masquerade),
        links: [],
      }));
      nodes.push(it.node);
    });

    if (!same(looks.key, [doc.segments, doc.virtualLabs]))
      looks = { of: new WeakMap(), key: [doc.segments, doc.virtualLabs] };
    const looked = looks.of;
    const lookOf = deviceLooks(doc);
    doc.devices.forEach((d, k) => {
      const p = pos(d.id, doc.segments.length + k);
      const look = looked.get(d) ?? lookOf(d);
      looked.set(d, look);
      const severity = problems.get(`devices[${k}]`);
      const on = d.interfaces.map((i) => i.segment && segPos.get(i.segment));
      const it = item(d.id, [d, p.x, p.y, look, severity, ...on], () =>
        deviceItem(d, p, look, severity, segPos),
      );
      nodes.push(it.node);
      links.push(...it.links);
    });

    (doc.virtualLabs ?? []).forEach((v, k) => {
      const a = v.appliance;
      const p = pos(a.id, doc.segments.length + doc.devices.length + k);
      const severity = problems.get(`virtualLabs[${k}]`);
      const on = [a.productionNetwork, ...v.isolatedNetworks.map((n) => n.segment)].map((x) => segPos.get(x));
      const it = item(a.id, [v, p.x, p.y, expanded, severity, ...on], () =>
        applianceItem(v, p, expanded, severity, segPos),
      );
      nodes.push(it.node);
      links.push(...it.links);
    });

    items = next;
    // nothing changed (a re-render for another reason): the very same model
    if (!prev || !same(prev.nodes, nodes) || !same(prev.links, links) || !same(prev.unplaced, unplaced))
      prev = { nodes, links, unplaced };
    return prev;
  };
}

/** The canvas model of a lab, computed afresh (the canvas keeps a {@link createCanvasModel} memo). */
export function canvasModel(input: ModelInput): CanvasModel {
  return createCanvasModel()(input);
}

function networkNode(
  s: SegmentDoc,
  at: SegPos,
  severity: Severity | undefined,
  copy: SegmentDoc | undefined,
  masquerade: string | undefined,
): NodeVm {
  return {
    type: 'network',
    id: s.id,
    x: at.x,
    y: at.y,
    data: {
      kind: s.kind,
      name: s.name ?? s.id,
      id: s.id,
      ...(s.vlan !== undefined ? { vlan: s.vlan } : {}),
      ...(s.subnet ? { subnet: s.subnet } : copy?.subnet ? { subnet: copy.subnet } : {}),
      ...(s.gateway ? { gateway: s.gateway } : {}),
      ...(s.dns?.length ? { dns: s.dns.join(', ') } : {}),
      width: at.width,
      problems: severity,
      ...(copy ? { copyOf: copy.name ?? copy.id } : {}),
      ...(masquerade ? { masquerade } : {}),
    },
  };
}

function sideOf(
  segPos: ReadonlyMap<string, SegPos>,
  y: number,
  h: number,
  segment: string | null | undefined,
): Side {
  const s = segment ? segPos.get(segment) : undefined;
  if (!s) return 'bottom';
  return centerY(s.y, NETWORK_HEIGHT) < centerY(y, h) ? 'top' : 'bottom';
}

type LinkInput = Omit<LinkVm, 'barLeft' | 'barRight' | 'targetHandle' | 'labelSlot'>;

/** Adds the links of one card to `out`: neighbouring labels on one side alternate heights. */
function linkTo(segPos: ReadonlyMap<string, SegPos>, out: LinkVm[]): (l: LinkInput, side: Side) => void {
  const slots = new Map<Side, number>();
  return (l, side) => {
    const s = segPos.get(l.target);
    if (!s) return;
    const slot = (slots.get(side) ?? -1) + 1;
    slots.set(side, slot);
    out.push({
      ...l,
      targetHandle: side === 'top' ? 'bottom' : 'top',
      barLeft: s.x,
      barRight: s.x + s.width,
      labelSlot: slot % 2,
    });
  };
}

type At = { readonly x: number; readonly y: number };

function deviceItem(
  d: DeviceDoc,
  p: At,
  look: DeviceLook,
  severity: Severity | undefined,
  segPos: ReadonlyMap<string, SegPos>,
): Omit<Item, 'deps'> {
  const side = (segment?: string | null) => sideOf(segPos, p.y, DEVICE_HEIGHT, segment);
  const ports: PortVm[] = d.interfaces.map((i) => ({
    id: `if:${i.name}`,
    label: i.name,
    side: side(i.segment),
    connected: !!i.segment && segPos.has(i.segment),
  }));
  ports.push({ id: NEW_INTERFACE, label: '+', side: 'bottom', connected: false });
  const out: LinkVm[] = [];
  const link = linkTo(segPos, out);
  for (const i of d.interfaces)
    if (i.segment)
      link(
        {
          id: interfaceEdgeId(d.id, i.name),
          source: d.id,
          sourceHandle: `if:${i.name}`,
          target: i.segment,
          label: addressLabel((i.addresses ?? []).map(addressText)),
          kind: 'interface',
        },
        side(i.segment),
      );
  const data: DeviceVm = { look, name: d.name ?? d.id, id: d.id, ports, problems: severity };
  return { node: { type: 'device', id: d.id, x: p.x, y: p.y, data }, links: out };
}

function applianceItem(
  v: VirtualLabDesign,
  p: At,
  expanded: LabDocument | undefined,
  severity: Severity | undefined,
  segPos: ReadonlyMap<string, SegPos>,
): Omit<Item, 'deps'> {
  const a = v.appliance;
  const generated = expanded?.devices.find((x) => x.id === a.id);
  const addrOn = (segment: string) =>
    (generated?.interfaces.find((i) => i.segment === segment)?.addresses ?? []).map(addressText);
  const nicOn = (segment: string) => generated?.interfaces.find((i) => i.segment === segment)?.name;
  const side = (segment: string) => sideOf(segPos, p.y, APPLIANCE_HEIGHT, segment);
  const ports: PortVm[] = [
    {
      id: 'prod',
      label: nicOn(a.productionNetwork) ?? 'eth0',
      side: side(a.productionNetwork),
      connected: segPos.has(a.productionNetwork),
    },
    ...v.isolatedNetworks.map((n, j) => ({
      id: `iso:${n.segment}`,
      label: nicOn(n.segment) ?? `eth${j + 1}`,
      side: side(n.segment),
      connected: segPos.has(n.segment),
    })),
    { id: NEW_INTERFACE, label: '+', side: 'bottom', connected: false },
  ];
  const out: LinkVm[] = [];
  const link = linkTo(segPos, out);
  const prodAddrs = addrOn(a.productionNetwork);
  link(
    {
      id: applianceEdgeId(a.id, a.productionNetwork),
      source: a.id,
      sourceHandle: 'prod',
      target: a.productionNetwork,
      label: addressLabel(prodAddrs.length ? prodAddrs : [a.ip]),
      kind: 'production',
    },
    side(a.productionNetwork),
  );
  for (const n of v.isolatedNetworks) {
    const vnic = addrOn(n.segment);
    link(
      {
        id: applianceEdgeId(a.id, n.segment),
        source: a.id,
        sourceHandle: `iso:${n.segment}`,
        target: n.segment,
        label: addressLabel(vnic.length ? vnic : n.vnicIp ? [n.vnicIp] : []),
        kind: 'isolated',
      },
      side(n.segment),
    );
  }
  const data: ApplianceVm = {
    name: a.name ?? a.id,
    id: a.id,
    labName: v.name,
    mode: v.mode,
    ports,
    problems: severity,
  };
  return { node: { type: 'appliance', id: a.id, x: p.x, y: p.y, data }, links: out };
}

/** Worst severity per canvas item (`devices[2]`, `segments[0]`, `virtualLabs[0]`). */
export function problemsByOwner(
  diagnostics: readonly { severity: Severity; paths: readonly string[] }[],
): Map<string, Severity> {
  const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  const out = new Map<string, Severity>();
  for (const d of diagnostics)
    for (const p of d.paths) {
      const m = /^(devices|segments|virtualLabs)\[\d+\]/.exec(p);
      if (!m) continue;
      const prev = out.get(m[0]);
      if (prev === undefined || rank[d.severity] < rank[prev]) out.set(m[0], d.severity);
    }
  return out;
}
