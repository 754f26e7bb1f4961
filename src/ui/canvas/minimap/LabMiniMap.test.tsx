import { act, cleanup, render, screen } from '@testing-library/react';
import { ReactFlowProvider, useStoreApi } from '@xyflow/react';
import { useEffect } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NodeVm } from '../../../state/canvas-model.ts';
import { boundsOf, fitInto, viewMask } from './geometry.ts';
import { LabMiniMap } from './LabMiniMap.tsx';

const nodes: NodeVm[] = [
  {
    type: 'network',
    id: 'prod',
    x: 0,
    y: 0,
    data: { kind: 'production', name: 'prod', id: 'prod', width: 640, problems: undefined },
  },
  {
    type: 'device',
    id: 'a',
    x: 100,
    y: 200,
    data: { look: 'host', name: 'a', id: 'a', ports: [], problems: undefined },
  },
];

type FlowStore = ReturnType<typeof useStoreApi>;
function GrabStore({ onStore }: { readonly onStore: (s: FlowStore) => void }) {
  const s = useStoreApi();
  useEffect(() => {
    onStore(s);
  }, [s, onStore]);
  return null;
}

/** A 2D context that records the rectangles painted (jsdom has no canvas). */
function fakeContext() {
  const rects: string[] = [];
  const ctx = {
    fillStyle: '',
    setTransform: () => undefined,
    clearRect: () => undefined,
    fillRect: (x: number, y: number, w: number, h: number) =>
      rects.push(`${ctx.fillStyle} ${[x, y, w, h].map((v) => v.toFixed(1)).join(',')}`),
  };
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(
    ctx as unknown as CanvasRenderingContext2D,
  );
  return rects;
}

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('LabMiniMap', () => {
  it('paints one shape per item, placed by the fit', () => {
    const rects = fakeContext();
    render(
      <ReactFlowProvider>
        <LabMiniMap nodes={nodes} />
      </ReactFlowProvider>,
    );
    const fit = fitInto(boundsOf(nodes));
    const at = (x: number) => (fit.dx + x * fit.scale).toFixed(1);
    expect(rects).toHaveLength(2);
    expect(rects[0]).toMatch(new RegExp(`^#3b7dd8 ${at(0)},`));
    expect(rects[1]).toMatch(new RegExp(`^#7a8595 ${at(100)},`));
  });

  it('draws the view frame from the canvas transform and follows every pan', () => {
    fakeContext();
    let store: FlowStore | undefined;
    render(
      <ReactFlowProvider>
        <GrabStore onStore={(s) => (store = s)} />
        <LabMiniMap nodes={nodes} />
      </ReactFlowProvider>,
    );
    const map = screen.getByRole('img', { name: 'Minimap' });
    const mask = map.querySelector('path')!;
    const fit = fitInto(boundsOf(nodes));
    act(() => store!.setState({ transform: [-100, -50, 0.5], width: 1000, height: 600 }));
    expect(mask.getAttribute('d')).toBe(viewMask(fit, [-100, -50, 0.5], { width: 1000, height: 600 }));
    act(() => store!.setState({ transform: [-300, -50, 0.5] }));
    expect(mask.getAttribute('d')).toBe(viewMask(fit, [-300, -50, 0.5], { width: 1000, height: 600 }));
  });
});
