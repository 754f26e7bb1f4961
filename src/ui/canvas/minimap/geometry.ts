/**
 * The minimap's geometry: the shape of each canvas item in flow coordinates, the box around them all,
 * and the map from that box onto the minimap's pixels (scaled to fit, centred).
 */
import {
  APPLIANCE_HEIGHT,
  APPLIANCE_WIDTH,
  DEVICE_HEIGHT,
  DEVICE_WIDTH,
  NETWORK_HEIGHT,
  type NodeVm,
} from '../../../state/canvas-model.ts';

export const MINIMAP_WIDTH = 200;
export const MINIMAP_HEIGHT = 150;
/** Flow units of room around the items. */
const PAD = 60;

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export function shapeOf(n: NodeVm): Box {
  if (n.type === 'network') return { x: n.x, y: n.y, width: n.data.width, height: NETWORK_HEIGHT };
  if (n.type === 'appliance') return { x: n.x, y: n.y, width: APPLIANCE_WIDTH, height: APPLIANCE_HEIGHT };
  return { x: n.x, y: n.y, width: DEVICE_WIDTH, height: DEVICE_HEIGHT };
}

/** The box around every item, padded; a unit box for an empty lab. */
export function boundsOf(nodes: readonly NodeVm[]): Box {
  if (nodes.length === 0) return { x: 0, y: 0, width: 1, height: 1 };
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const n of nodes) {
    const b = shapeOf(n);
    x0 = Math.min(x0, b.x);
    y0 = Math.min(y0, b.y);
    x1 = Math.max(x1, b.x + b.width);
    y1 = Math.max(y1, b.y + b.height);
  }
  return { x: x0 - PAD, y: y0 - PAD, width: x1 - x0 + 2 * PAD, height: y1 - y0 + 2 * PAD };
}

/** Flow → minimap pixels: `px = dx + x × scale`. */
export interface MapFit {
  readonly scale: number;
  readonly dx: number;
  readonly dy: number;
}

export function fitInto(b: Box, width = MINIMAP_WIDTH, height = MINIMAP_HEIGHT): MapFit {
  const scale = Math.min(width / b.width, height / b.height);
  return {
    scale,
    dx: (width - b.width * scale) / 2 - b.x * scale,
    dy: (height - b.height * scale) / 2 - b.y * scale,
  };
}

/**
 * The part of the lab in view, as the minimap's mask: the whole map with the view cut out (even-odd),
 * from React Flow's transform `[tx, ty, zoom]` and the pane's size.
 */
export function viewMask(
  fit: MapFit,
  transform: readonly [number, number, number],
  pane: { readonly width: number; readonly height: number },
): string {
  const [tx, ty, zoom] = transform;
  const r = (v: number) => Math.round(v * 10) / 10;
  const x = r(fit.dx + (-tx / zoom) * fit.scale);
  const y = r(fit.dy + (-ty / zoom) * fit.scale);
  const w = r((pane.width / zoom) * fit.scale);
  const h = r((pane.height / zoom) * fit.scale);
  return `M0,0h${MINIMAP_WIDTH}v${MINIMAP_HEIGHT}h${-MINIMAP_WIDTH}z M${x},${y}h${w}v${h}h${-w}z`;
}

/** Minimap pixels → flow coordinates. */
export function toFlow(fit: MapFit, px: number, py: number): { x: number; y: number } {
  return { x: (px - fit.dx) / fit.scale, y: (py - fit.dy) / fit.scale };
}

export function colorOf(n: NodeVm): string {
  if (n.type === 'network') return n.data.kind === 'isolated' ? '#d58a2c' : '#3b7dd8';
  if (n.type === 'appliance') return '#0d7268';
  return '#7a8595';
}
