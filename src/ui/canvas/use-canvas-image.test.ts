/**
 * useCanvasImage's wiring: the whole graph's bounds → an image of that size, html-to-image on the flow's
 * `.react-flow__viewport` with the transform that fits every node, the canvas' background colour.
 * (Whether the picture really shows nodes and edges is the Playwright test's job: jsdom draws nothing.)
 */
import { renderHook } from '@testing-library/react';
import type * as XyFlow from '@xyflow/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  canvasBackground,
  IMAGE_PADDING,
  imageSize,
  MAX_IMAGE_SIDE,
  useCanvasImage,
} from './use-canvas-image.ts';

const toPng = vi.fn<(el: HTMLElement, opts: Record<string, unknown>) => Promise<string>>();
vi.mock('html-to-image', () => ({ toPng }));

const flow = { nodes: [] as unknown[], domNode: null as HTMLElement | null };
vi.mock('@xyflow/react', async (original) => ({
  ...(await original<typeof XyFlow>()),
  useReactFlow: () => ({ getNodes: () => flow.nodes }),
  useStore: (select: (s: { domNode: HTMLElement | null }) => unknown) => select({ domNode: flow.domNode }),
}));

const node = (id: string, x: number, y: number, width: number, height: number) => ({
  id,
  position: { x, y },
  data: {},
  measured: { width, height },
});

beforeEach(() => {
  toPng.mockReset().mockResolvedValue('data:image/png;base64,AAAA');
  const root = document.createElement('div');
  root.className = 'react-flow';
  root.style.backgroundColor = 'rgb(1, 2, 3)';
  root.innerHTML = '<div class="react-flow__viewport"></div>';
  document.body.append(root);
  flow.domNode = root;
  flow.nodes = [node('a', -100, 50, 200, 60), node('b', 400, 450, 172, 62)];
});

afterEach(() => {
  document.body.innerHTML = '';
});

describe('useCanvasImage', () => {
  it('renders .react-flow__viewport of the whole graph at zoom 1 with padding', async () => {
    const { result } = renderHook(() => useCanvasImage());
    await expect(result.current.png()).resolves.toBe('data:image/png;base64,AAAA');
    expect(toPng).toHaveBeenCalledTimes(1);
    const [el, opts] = toPng.mock.calls[0]!;
    expect(el.className).toBe('react-flow__viewport');
    // bounds: x -100…572, y 50…512 → 672 × 462, plus the padding on each side
    const width = 672 + 2 * IMAGE_PADDING;
    const height = 462 + 2 * IMAGE_PADDING;
    expect(opts).toMatchObject({
      width,
      height,
      backgroundColor: 'rgb(1, 2, 3)',
      style: {
        width: `${width}px`,
        height: `${height}px`,
        transform: `translate(${100 + IMAGE_PADDING}px, ${-50 + IMAGE_PADDING}px) scale(1)`,
      },
    });
  });

  it('refuses without a canvas or without nodes', async () => {
    flow.nodes = [];
    const { result } = renderHook(() => useCanvasImage());
    await expect(result.current.png()).rejects.toThrow('the canvas is empty');
    flow.domNode = null;
    const again = renderHook(() => useCanvasImage());
    await expect(again.result.current.png()).rejects.toThrow('the canvas is not shown');
    expect(toPng).not.toHaveBeenCalled();
  });

  it('huge labs are drawn smaller, never beyond MAX_IMAGE_SIDE', () => {
    expect(imageSize(100, 50)).toEqual({ width: 100 + 2 * IMAGE_PADDING, height: 50 + 2 * IMAGE_PADDING });
    const big = imageSize(20_000, 1_000);
    expect(big.width).toBe(MAX_IMAGE_SIDE);
    expect(big.height).toBeLessThan(MAX_IMAGE_SIDE);
  });

  it('the background: the first opaque colour up the tree, else the page’s --bg', () => {
    const outer = document.createElement('div');
    outer.style.backgroundColor = 'rgb(9, 9, 9)';
    const inner = document.createElement('div');
    outer.append(inner);
    document.body.append(outer);
    expect(canvasBackground(inner)).toBe('rgb(9, 9, 9)');
    document.documentElement.style.setProperty('--bg', '#123456');
    expect(canvasBackground(null)).toBe('#123456');
    document.documentElement.style.removeProperty('--bg');
  });
});
