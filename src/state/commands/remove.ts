/** Deleting canvas items, and what refers to them. */
import type { Draft } from 'immer';
import type { LabDocument } from '../../engine/lab/format.ts';
import { disconnect } from './connect.ts';

/**
 * Removes devices, networks and appliances (their whole virtual lab) by node id, and links by edge id.
 * Interfaces plugged into a removed network are unplugged; a removed isolated network leaves its
 * virtual lab; a removed client leaves the clients list. A removed backup server or production network
 * a virtual lab still names stays named — the Problems panel says so, and undo brings it back.
 */
export function removeItems(
  d: Draft<LabDocument>,
  nodes: readonly string[],
  edges: readonly string[] = [],
): void {
  const gone = new Set(nodes);
  for (const e of edges) {
    const [from] = e.split(/:|=>/);
    if (from !== undefined && !gone.has(from)) disconnect(d, e);
  }
  d.devices = d.devices.filter((x) => !gone.has(x.id));
  const segs = new Set(d.segments.filter((s) => gone.has(s.id)).map((s) => s.id));
  d.segments = d.segments.filter((s) => !segs.has(s.id));
  for (const dev of d.devices)
    for (const i of dev.interfaces) if (i.segment && segs.has(i.segment)) i.segment = null;
  if (d.virtualLabs) {
    d.virtualLabs = d.virtualLabs.filter((v) => !gone.has(v.appliance.id) && !gone.has(v.id));
    for (const v of d.virtualLabs) {
      v.isolatedNetworks = v.isolatedNetworks.filter((n) => !segs.has(n.segment));
      if (v.clients) v.clients = v.clients.filter((c) => !gone.has(c));
    }
    if (d.virtualLabs.length === 0) delete d.virtualLabs;
  }
  if (d.layout) for (const id of gone) delete d.layout[id];
}
