/** Adding canvas items from the palette: networks, machines and the proxy appliance of a virtual lab. */
import type { Draft } from 'immer';
import type { DeviceDoc, LabDocument, SegmentDoc } from '../../engine/lab/format.ts';

type W<T> = Draft<T>;
import { freeAddress } from './addresses.ts';
import { freshId, usedIds } from './ids.ts';

export type PaletteKind =
  | 'production-network'
  | 'isolated-network'
  | 'host'
  | 'backup-server'
  | 'router'
  | 'production-gateway'
  | 'appliance';

export interface XY {
  readonly x: number;
  readonly y: number;
}

/** Default width of a network bar on the canvas. */
export const NETWORK_WIDTH = 640;

/** Why a palette item cannot be added to this document now (undefined: it can). */
export function cannotAdd(doc: LabDocument, kind: PaletteKind): string | undefined {
  if (kind !== 'appliance') return undefined;
  if (!doc.segments.some((s) => s.kind === 'production'))
    return 'Draw a production network first: the proxy appliance’s eth0 is plugged into it.';
  if (!doc.segments.some((s) => s.kind === 'production' && s.subnet))
    return 'Give the production network a subnet first (Inspector): the appliance needs an address in it.';
  return undefined;
}

/** Adds an item of the palette at a canvas position; returns its id (the canvas node id). */
export function addItem(d: Draft<LabDocument>, kind: PaletteKind, at: XY): string {
  const layout = (d.layout ??= {});
  const place = (id: string, width?: number) => {
    layout[id] = { x: Math.round(at.x), y: Math.round(at.y), ...(width ? { width } : {}) };
  };
  switch (kind) {
    case 'production-network':
    case 'isolated-network': {
      const production = kind === 'production-network';
      const id = freshId(d, production ? 'prod' : 'iso');
      const seg: W<SegmentDoc> = {
        id,
        name: production ? 'Production network' : 'Isolated network',
        kind: production ? 'production' : 'isolated',
        vlan: 0,
      };
      d.segments.push(seg);
      place(id, NETWORK_WIDTH);
      return id;
    }
    case 'host':
    case 'backup-server':
    case 'router':
    case 'production-gateway': {
      const names = {
        host: ['vm', 'VM'],
        'backup-server': ['vbs', 'Backup server'],
        router: ['router', 'Router'],
        'production-gateway': ['gateway', 'Production gateway'],
      } as const;
      const [base, name] = names[kind];
      const id = freshId(d, base);
      const dev: W<DeviceDoc> = {
        id,
        name: usedNames(d).has(name) ? `${name} ${id.replace(/^\D+/, '')}`.trim() : name,
        kind: kind === 'host' || kind === 'backup-server' ? 'host' : 'router',
        ...(kind === 'backup-server' ? { role: 'backup-server' as const } : {}),
        ...(kind === 'production-gateway' ? { role: 'production-gateway' as const } : {}),
        interfaces: [],
      };
      d.devices.push(dev);
      place(id);
      if (kind === 'backup-server')
        for (const v of d.virtualLabs ?? [])
          if (!d.devices.some((x) => x.id === v.backupServer && x.id !== id)) v.backupServer = id;
      return id;
    }
    case 'appliance':
      return addAppliance(d, at);
  }
}

function usedNames(d: Draft<LabDocument>): Set<string> {
  return new Set(d.devices.map((x) => x.name ?? x.id));
}

function addAppliance(d: Draft<LabDocument>, at: XY): string {
  const prod =
    d.segments.find((s) => s.kind === 'production' && s.subnet) ??
    d.segments.find((s) => s.kind === 'production');
  if (!prod) throw new Error('addAppliance: no production network (cannotAdd says so first)');
  const taken = usedIds(d);
  const labId = freshId(d, 'vlab-design', taken);
  taken.add(labId);
  const applianceId = freshId(d, 'vlab', taken);
  const backup =
    d.devices.find((x) => x.role === 'backup-server') ??
    d.devices.find((x) => /backup|vbs/i.test(`${x.id} ${x.name ?? ''}`)) ??
    d.devices.find((x) => x.kind === 'host');
  const ip = freeAddress(d, prod.id, 50) ?? '192.168.1.50/24';
  (d.virtualLabs ??= []).push({
    id: labId,
    name: 'Virtual lab',
    mode: 'basic-single-host',
    appliance: { id: applianceId, name: 'Proxy appliance', productionNetwork: prod.id, ip },
    isolatedNetworks: [],
    // a dangling id until a backup server is drawn (the palette's backup server takes it)
    backupServer: backup?.id ?? 'vbs',
  });
  (d.layout ??= {})[applianceId] = { x: Math.round(at.x), y: Math.round(at.y) };
  return applianceId;
}
