/**
 * Auto-layout (dagre, layered top to bottom) for labs whose items have no position: networks are wide
 * bars, machines sit between the networks they connect, the proxy appliance between the production
 * network and its isolated networks. Only items without a position are moved.
 */
import dagre from '@dagrejs/dagre';
import type { Draft } from 'immer';
import type { LabDocument } from '../engine/lab/format.ts';
import { NETWORK_WIDTH } from './commands/add.ts';
import {
  APPLIANCE_HEIGHT,
  APPLIANCE_WIDTH,
  DEVICE_HEIGHT,
  DEVICE_WIDTH,
  NETWORK_HEIGHT,
} from './canvas-model.ts';

export function autoLayout(d: Draft<LabDocument>, only?: readonly string[]): void {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 40, ranksep: 70, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const s of d.segments)
    g.setNode(s.id, { width: d.layout?.[s.id]?.width ?? NETWORK_WIDTH, height: NETWORK_HEIGHT });
  for (const x of d.devices) g.setNode(x.id, { width: DEVICE_WIDTH, height: DEVICE_HEIGHT });
  for (const v of d.virtualLabs ?? [])
    g.setNode(v.appliance.id, { width: APPLIANCE_WIDTH, height: APPLIANCE_HEIGHT });
  const has = (id: string) => g.hasNode(id);
  for (const x of d.devices)
    x.interfaces.forEach((i, k) => {
      if (!i.segment || !has(i.segment)) return;
      // a machine hangs below its first network and above the others
      if (k === 0) g.setEdge(i.segment, x.id);
      else g.setEdge(x.id, i.segment);
    });
  for (const v of d.virtualLabs ?? []) {
    if (has(v.appliance.productionNetwork)) g.setEdge(v.appliance.productionNetwork, v.appliance.id);
    for (const n of v.isolatedNetworks) if (has(n.segment)) g.setEdge(v.appliance.id, n.segment);
  }
  dagre.layout(g);
  const move = only ? new Set(only) : undefined;
  const layout = (d.layout ??= {});
  for (const id of g.nodes()) {
    if (move && !move.has(id)) continue;
    const n = g.node(id);
    const width = layout[id]?.width;
    layout[id] = {
      x: Math.round(n.x - n.width / 2),
      y: Math.round(n.y - n.height / 2),
      ...(width ? { width } : d.segments.some((s) => s.id === id) ? { width: NETWORK_WIDTH } : {}),
    };
  }
}
