import { describe, expect, it } from 'vitest';
import type { NodeVm } from '../../../state/canvas-model.ts';
import { boundsOf, fitInto, MINIMAP_HEIGHT, MINIMAP_WIDTH, toFlow, viewMask } from './geometry.ts';

const host = (id: string, x: number, y: number): NodeVm => ({
  type: 'device',
  id,
  x,
  y,
  data: { look: 'host', name: id, id, ports: [], problems: undefined },
});
const bar = (id: string, x: number, y: number, width: number): NodeVm => ({
  type: 'network',
  id,
  x,
  y,
  data: { kind: 'production', name: id, id, width, problems: undefined },
});

describe('minimap geometry', () => {
  it('boxes every item with room around it, and fits the box into the map, centred', () => {
    const nodes = [bar('prod', 0, 0, 1000), host('a', 100, 200), host('b', 800, 1940)];
    const b = boundsOf(nodes);
    // the lowest card ends at 1940 + 62; the widest thing is the 1 000-wide bar; 60 of room each side
    expect(b).toEqual({ x: -60, y: -60, width: 1120, height: 2002 + 120 });
    const fit = fitInto(b);
    // taller than wide: the height fills the map, the width is centred
    expect(fit.scale).toBeCloseTo(MINIMAP_HEIGHT / b.height);
    expect(fit.dy + b.y * fit.scale).toBeCloseTo(0);
    expect(fit.dx + (b.x + b.width / 2) * fit.scale).toBeCloseTo(MINIMAP_WIDTH / 2);
    // and back: the map's middle is the box's middle
    const mid = toFlow(fit, MINIMAP_WIDTH / 2, MINIMAP_HEIGHT / 2);
    expect(mid.x).toBeCloseTo(b.x + b.width / 2);
    expect(mid.y).toBeCloseTo(b.y + b.height / 2);
  });

  it('cuts the part in view out of the mask', () => {
    const fit = { scale: 0.1, dx: 10, dy: 20 };
    // zoom 0.5, panned by (-100, -50): the view starts at flow (200, 100) and spans 2 000 × 1 200
    const d = viewMask(fit, [-100, -50, 0.5], { width: 1000, height: 600 });
    expect(d).toBe(`M0,0h${MINIMAP_WIDTH}v${MINIMAP_HEIGHT}h-${MINIMAP_WIDTH}z M30,30h200v120h-200z`);
  });

  it('an empty lab is a unit box', () => {
    expect(boundsOf([])).toEqual({ x: 0, y: 0, width: 1, height: 1 });
  });
});
