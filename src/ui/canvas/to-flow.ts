/**
 * Canvas model → React Flow nodes and edges, keeping the identity of every node and edge whose content
 * did not change (React Flow then skips them; anti-pattern 8 of docs/architecture.md).
 */
import type { Edge, Node } from '@xyflow/react';
import {
  APPLIANCE_HEIGHT,
  APPLIANCE_WIDTH,
  DEVICE_HEIGHT,
  DEVICE_WIDTH,
  NETWORK_HEIGHT,
  type ApplianceVm,
  type DeviceVm,
  type LinkVm,
  type NetworkVm,
  type NodeVm,
} from '../../state/canvas-model.ts';

export type NetworkNode = Node<{ vm: NetworkVm }, 'network'>;
export type DeviceNode = Node<{ vm: DeviceVm }, 'device'>;
export type ApplianceNode = Node<{ vm: ApplianceVm }, 'appliance'>;
export type LabNode = NetworkNode | DeviceNode | ApplianceNode;
export type LinkEdge = Edge<{ vm: LinkVm }, 'drop'>;

interface Cached<T> {
  readonly key: string;
  readonly value: T;
}

export interface FlowCache {
  readonly nodes: Map<string, Cached<LabNode>>;
  readonly edges: Map<string, Cached<LinkEdge>>;
}

export const newFlowCache = (): FlowCache => ({ nodes: new Map(), edges: new Map() });

function size(vm: NodeVm): { width: number; height: number } {
  if (vm.type === 'network') return { width: vm.data.width, height: NETWORK_HEIGHT };
  if (vm.type === 'appliance') return { width: APPLIANCE_WIDTH, height: APPLIANCE_HEIGHT };
  return { width: DEVICE_WIDTH, height: DEVICE_HEIGHT };
}

export function toFlowNodes(
  vms: readonly NodeVm[],
  selected: ReadonlySet<string>,
  measured: ReadonlyMap<string, { width: number; height: number }>,
  cache: FlowCache,
): LabNode[] {
  const seen = new Set<string>();
  const out = vms.map((vm) => {
    seen.add(vm.id);
    const m = measured.get(vm.id);
    const sel = selected.has(vm.id);
    const key = `${vm.type}|${vm.x}|${vm.y}|${sel}|${m?.width}|${m?.height}|${JSON.stringify(vm.data)}`;
    const prev = cache.nodes.get(vm.id);
    if (prev && prev.key === key) return prev.value;
    const base = {
      id: vm.id,
      position: { x: vm.x, y: vm.y },
      selected: sel,
      // a first size, so that React Flow can lay the node out before it is measured
      initialWidth: size(vm).width,
      initialHeight: size(vm).height,
      ...(m ? { measured: m } : {}),
      ...(vm.type === 'network' ? { zIndex: 0, style: { width: vm.data.width } } : { zIndex: 1 }),
    };
    const node = { ...base, type: vm.type, data: { vm: vm.data } } as LabNode;
    cache.nodes.set(vm.id, { key, value: node });
    return node;
  });
  for (const id of cache.nodes.keys()) if (!seen.has(id)) cache.nodes.delete(id);
  return out;
}

export function toFlowEdges(
  links: readonly LinkVm[],
  selected: ReadonlySet<string>,
  cache: FlowCache,
): LinkEdge[] {
  const seen = new Set<string>();
  const out = links.map((l) => {
    seen.add(l.id);
    const sel = selected.has(l.id);
    const key = `${sel}|${JSON.stringify(l)}`;
    const prev = cache.edges.get(l.id);
    if (prev && prev.key === key) return prev.value;
    const edge: LinkEdge = {
      id: l.id,
      type: 'drop',
      source: l.source,
      sourceHandle: l.sourceHandle,
      target: l.target,
      targetHandle: l.targetHandle,
      selected: sel,
      data: { vm: l },
    };
    cache.edges.set(l.id, { key, value: edge });
    return edge;
  });
  for (const id of cache.edges.keys()) if (!seen.has(id)) cache.edges.delete(id);
  return out;
}
