import { describe, expect, it } from 'vitest';
import type { LinkVm, NodeVm } from '../../state/canvas-model.ts';
import { newFlowCache, toFlowEdges, toFlowNodes } from './to-flow.ts';

const device = (id: string, x: number): NodeVm => ({
  type: 'device',
  id,
  x,
  y: 0,
  data: { look: 'host', name: id, id, ports: [], problems: undefined },
});
const link = (id: string, label: string): LinkVm => ({
  id,
  source: id,
  sourceHandle: 'if:eth0',
  target: 'net',
  targetHandle: 'top',
  label,
  kind: 'interface',
  barLeft: 0,
  barRight: 640,
  labelSlot: 0,
});

describe('canvas model → React Flow', () => {
  it('keeps the node objects of unchanged items and makes new ones for moved or reselected items', () => {
    const cache = newFlowCache();
    const a = device('a', 0);
    const b = device('b', 100);
    const first = toFlowNodes([a, b], new Set(), new Map(), cache);
    const moved = device('b', 140);
    const second = toFlowNodes([a, moved], new Set(), new Map(), cache);
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    expect(second[1]!.position).toEqual({ x: 140, y: 0 });
    const third = toFlowNodes(
      [a, moved],
      new Set(['a']),
      new Map([['b', { width: 190, height: 62 }]]),
      cache,
    );
    expect(third[0]!.selected).toBe(true);
    expect(third[1]!.measured).toEqual({ width: 190, height: 62 });
  });

  it('answers the previous edge list when the links say the same, even as new objects', () => {
    const cache = newFlowCache();
    const first = toFlowEdges([link('a', '10.0.0.1/24'), link('b', '10.0.0.2/24')], new Set(), cache);
    const same = toFlowEdges([link('a', '10.0.0.1/24'), link('b', '10.0.0.2/24')], new Set(), cache);
    expect(same).toBe(first);
    const relabelled = toFlowEdges([link('a', '10.0.0.1/24'), link('b', '10.0.0.9/24')], new Set(), cache);
    expect(relabelled).not.toBe(first);
    expect(relabelled[0]).toBe(first[0]);
    expect(relabelled[1]!.data?.vm.label).toBe('10.0.0.9/24');
    const selected = toFlowEdges([link('a', '10.0.0.1/24'), link('b', '10.0.0.9/24')], new Set(['a']), cache);
    expect(selected[0]!.selected).toBe(true);
  });
});
