/**
 * A PNG of the whole canvas (every node and edge, not just what is in view), for the Export dialog:
 * React Flow's "download image" recipe (docs: toolchain.md §4) — the bounds of all nodes, a viewport
 * that fits them into an image of that size, and html-to-image rendering `.react-flow__viewport`
 * with that transform. html-to-image is pinned to 1.11.11 (later versions drop the edges) and loaded
 * only when an image is made, so it stays out of the main bundle.
 *
 * Works anywhere under the ReactFlowProvider that wraps the workbench (the dialog is not inside the
 * <ReactFlow> element itself).
 */
import { getNodesBounds, getViewportForBounds, useReactFlow, useStore } from '@xyflow/react';
import { useMemo } from 'react';

/** Space around the drawing, in px of the image. */
export const IMAGE_PADDING = 32;
/** Longest side of the image in CSS px: bigger labs are drawn smaller (zoom < 1) rather than as huge files. */
export const MAX_IMAGE_SIDE = 4000;
/** Smallest zoom for a huge lab: below this the text is unreadable anyway. */
const MIN_ZOOM = 0.2;

export interface CanvasImage {
  /** The whole canvas as a PNG `data:` URL. Rejects when there is no canvas or nothing on it. */
  png(): Promise<string>;
}

/** Size of the image for drawing bounds of `w`×`h` at zoom 1 (capped at {@link MAX_IMAGE_SIDE}). */
export function imageSize(w: number, h: number): { width: number; height: number } {
  const width = Math.ceil(w + 2 * IMAGE_PADDING);
  const height = Math.ceil(h + 2 * IMAGE_PADDING);
  const scale = Math.min(1, MAX_IMAGE_SIDE / Math.max(width, height, 1));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** The canvas' background: React Flow's own background colour, else the page's `--bg`, else white. */
export function canvasBackground(el: Element | null): string {
  const transparent = (c: string) => !c || c === 'transparent' || /^rgba\(.*,\s*0\)$/.test(c);
  for (let e: Element | null = el; e; e = e.parentElement) {
    const c = getComputedStyle(e).backgroundColor;
    if (!transparent(c)) return c;
  }
  const bg = getComputedStyle(document.documentElement).getPropertyValue('--bg').trim();
  return bg || '#ffffff';
}

export function useCanvasImage(): CanvasImage {
  const flow = useReactFlow();
  const domNode = useStore((s) => s.domNode);
  return useMemo(
    () => ({
      async png() {
        const viewportEl = domNode?.querySelector<HTMLElement>('.react-flow__viewport') ?? null;
        if (!viewportEl) throw new Error('the canvas is not shown');
        const nodes = flow.getNodes();
        if (nodes.length === 0) throw new Error('the canvas is empty');
        const bounds = getNodesBounds(nodes);
        const { width, height } = imageSize(bounds.width, bounds.height);
        const vp = getViewportForBounds(bounds, width, height, MIN_ZOOM, 1, `${IMAGE_PADDING}px`);
        const { toPng } = await import('html-to-image');
        return toPng(viewportEl, {
          backgroundColor: canvasBackground(domNode),
          width,
          height,
          // crisp on high-density screens, but never beyond the canvas size browsers can hold
          pixelRatio: Math.min(2, globalThis.devicePixelRatio || 1),
          style: {
            width: `${width}px`,
            height: `${height}px`,
            transform: `translate(${vp.x}px, ${vp.y}px) scale(${vp.zoom})`,
          },
        });
      },
    }),
    [flow, domNode],
  );
}
