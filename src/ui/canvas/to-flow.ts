/**
 * Canvas model → React Flow nodes and edges, keeping the identity of every node and edge whose content
 * did not change (React Flow then skips them; anti-pattern 8 of docs/architecture.md). The canvas model
 * keeps the objects of unchanged items (createCanvasModel), so "unchanged" is a cheap identity check,
 * and an edge list with no change at all is the previous array (React Flow then does not rebuild its
 * connection lookup).
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

interface Cached<V, T> {
  /** What the value was made from. */
  readonly vm: V;
  readonly selected: boolean;
  readonly measured?: { readonly width: number; readonly height: number } | undefined;
  readonly value: T;
}

export interface FlowCache {
  readonly nodes: Map<string, Cached<NodeVm, LabNode>>;
  readonly edges: Map<string, Cached<LinkVm, LinkEdge>>;
  lastEdges: LinkEdge[];
}

export const newFlowCache = (): FlowCache => ({ nodes: new Map(), edges: new Map(), lastEdges: [] });

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
    const prev = cache.nodes.get(vm.id);
    if (prev && prev.vm === vm && prev.selected === sel && prev.measured === m) return prev.value;
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
    cache.nodes.set(vm.id, { vm, selected: sel, measured: m, value: node });
    return node;
  });
  for (const id of cache.nodes.keys()) if (!seen.has(id)) cache.nodes.delete(id);
  return out;
}

/** Links are flat records of strings and numbers. */
function sameLink(a: LinkVm, b: LinkVm): boolean {
  for (const k in a) if (a[k as keyof LinkVm] !== b[k as keyof LinkVm]) return false;
  return Object.keys(a).length === Object.keys(b).length;
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
    const prev = cache.edges.get(l.id);
    // a dragged card's links are rebuilt, mostly to the same content: keep those edges too
    if (prev && prev.selected === sel && (prev.vm === l || sameLink(prev.vm, l))) return prev.value;
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
    cache.edges.set(l.id, { vm: l, selected: sel, value: edge });
    return edge;
  });
  for (const id of cache.edges.keys()) if (!seen.has(id)) cache.edges.delete(id);
  const last = cache.lastEdges;
  if (last.length === out.length && out.every((e, i) => e === last[i])) return last;
  cache.lastEdges = out;
  return out;
}
