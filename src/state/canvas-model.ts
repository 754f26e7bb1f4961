/**
 * What the canvas draws, derived from the document (and the expanded lab, for the addresses the
 * virtual-lab design generates): networks as bars, machines and proxy appliances as cards with one port
 * per interface, links from a port to a network labelled with the address. Pure data; the canvas maps
 * it onto React Flow (src/ui/canvas/to-flow.ts) and renders it — nodes never compute.
 */
import type { LabDocument, SegmentDoc } from '../engine/lab/format.ts';
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

export type NodeVm =
  | {
      readonly type: 'network';
      readonly id: string;
      readonly x: number;
      readonly y: number;
      readonly data: NetworkVm;
    }
  | {
      readonly type: 'device';
      readonly id: string;
      readonly x: number;
      readonly y: number;
      readonly data: DeviceVm;
    }
  | {
      readonly type: 'appliance';
      readonly id: string;
      readonly x: number;
      readonly y: number;
      readonly data: ApplianceVm;
    };

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

export function canvasModel({ doc, expanded, problems = new Map() }: ModelInput): CanvasModel {
  const layout = doc.layout ?? {};
  const unplaced: string[] = [];
  const pos = (id: string, k: number) => {
    const p = layout[id];
    if (p) return p;
    unplaced.push(id);
    return { x: 40 + (k % 6) * 200, y: 40 + Math.floor(k / 6) * 120 };
  };
  const segPos = new Map<string, { x: number; y: number; width: number }>();
  const nodes: NodeVm[] = [];
  const links: LinkVm[] = [];
  const isolatedOf = new Map<string, { copyOf: string; masquerade?: string }>();
  for (const v of doc.virtualLabs ?? [])
    for (const n of v.isolatedNetworks)
      isolatedOf.set(n.segment, {
        copyOf: n.productionNetwork,
        ...(n.masquerade ? { masquerade: n.masquerade } : {}),
      });

  doc.segments.forEach((s, k) => {
    const p = pos(s.id, k);
    const width = p.width ?? NETWORK_WIDTH;
    segPos.set(s.id, { x: p.x, y: p.y, width });
    const iso = isolatedOf.get(s.id);
    const copy = iso ? doc.segments.find((x) => x.id === iso.copyOf) : undefined;
    nodes.push({
      type: 'network',
      id: s.id,
      x: p.x,
      y: p.y,
      data: {
        kind: s.kind,
        name: s.name ?? s.id,
        id: s.id,
        ...(s.vlan !== undefined ? { vlan: s.vlan } : {}),
        ...(s.subnet ? { subnet: s.subnet } : copy?.subnet ? { subnet: copy.subnet } : {}),
        ...(s.gateway ? { gateway: s.gateway } : {}),
        ...(s.dns?.length ? { dns: s.dns.join(', ') } : {}),
        width,
        problems: problems.get(`segments[${k}]`),
        ...(copy ? { copyOf: copy.name ?? copy.id } : {}),
        ...(iso?.masquerade ? { masquerade: iso.masquerade } : {}),
      },
    });
  });

  const sideTo = (y: number, h: number, segment: string | null | undefined): Side => {
    const s = segment ? segPos.get(segment) : undefined;
    if (!s) return 'bottom';
    return centerY(s.y, NETWORK_HEIGHT) < centerY(y, h) ? 'top' : 'bottom';
  };
  const slots = new Map<string, number>();
  const link = (l: Omit<LinkVm, 'barLeft' | 'barRight' | 'targetHandle' | 'labelSlot'>, side: Side) => {
    const s = segPos.get(l.target);
    if (!s) return;
    const key = `${l.source}@${side}`;
    const slot = (slots.get(key) ?? -1) + 1;
    slots.set(key, slot);
    links.push({
      ...l,
      targetHandle: side === 'top' ? 'bottom' : 'top',
      barLeft: s.x,
      barRight: s.x + s.width,
      labelSlot: slot % 2,
    });
  };

  const lookOf = deviceLooks(doc);
  doc.devices.forEach((d, k) => {
    const p = pos(d.id, doc.segments.length + k);
    const ports: PortVm[] = d.interfaces.map((i) => ({
      id: `if:${i.name}`,
      label: i.name,
      side: sideTo(p.y, DEVICE_HEIGHT, i.segment),
      connected: !!i.segment && segPos.has(i.segment),
    }));
    ports.push({ id: NEW_INTERFACE, label: '+', side: 'bottom', connected: false });
    nodes.push({
      type: 'device',
      id: d.id,
      x: p.x,
      y: p.y,
      data: {
        look: lookOf(d),
        name: d.name ?? d.id,
        id: d.id,
        ports,
        problems: problems.get(`devices[${k}]`),
      },
    });
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
          sideTo(p.y, DEVICE_HEIGHT, i.segment),
        );
  });

  (doc.virtualLabs ?? []).forEach((v, k) => {
    const a = v.appliance;
    const p = pos(a.id, doc.segments.length + doc.devices.length + k);
    const generated = expanded?.devices.find((x) => x.id === a.id);
    const addrOn = (segment: string) =>
      (generated?.interfaces.find((i) => i.segment === segment)?.addresses ?? []).map(addressText);
    const nicOn = (segment: string) => generated?.interfaces.find((i) => i.segment === segment)?.name;
    const ports: PortVm[] = [
      {
        id: 'prod',
        label: nicOn(a.productionNetwork) ?? 'eth0',
        side: sideTo(p.y, APPLIANCE_HEIGHT, a.productionNetwork),
        connected: segPos.has(a.productionNetwork),
      },
      ...v.isolatedNetworks.map((n, j) => ({
        id: `iso:${n.segment}`,
        label: nicOn(n.segment) ?? `eth${j + 1}`,
        side: sideTo(p.y, APPLIANCE_HEIGHT, n.segment),
        connected: segPos.has(n.segment),
      })),
      { id: NEW_INTERFACE, label: '+', side: 'bottom', connected: false },
    ];
    nodes.push({
      type: 'appliance',
      id: a.id,
      x: p.x,
      y: p.y,
      data: {
        name: a.name ?? a.id,
        id: a.id,
        labName: v.name,
        mode: v.mode,
        ports,
        problems: problems.get(`virtualLabs[${k}]`),
      },
    });
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
      sideTo(p.y, APPLIANCE_HEIGHT, a.productionNetwork),
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
        sideTo(p.y, APPLIANCE_HEIGHT, n.segment),
      );
    }
  });
  return { nodes, links, unplaced };
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
