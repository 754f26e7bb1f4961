/** Canvas positions (the document's `layout`). */
import type { Draft } from 'immer';
import type { LabDocument, LayoutDoc } from '../../engine/lab/format.ts';

export interface Move {
  readonly id: string;
  readonly x: number;
  readonly y: number;
}

export function moveNodes(d: Draft<LabDocument>, moves: readonly Move[]): void {
  const layout = (d.layout ??= {});
  for (const m of moves) {
    const prev = layout[m.id];
    const next: LayoutDoc = {
      x: Math.round(m.x),
      y: Math.round(m.y),
      ...(prev?.width ? { width: prev.width } : {}),
    };
    if (!prev || prev.x !== next.x || prev.y !== next.y) layout[m.id] = next;
  }
}

export function nudgeNodes(d: Draft<LabDocument>, ids: readonly string[], dx: number, dy: number): void {
  const layout = (d.layout ??= {});
  for (const id of ids) {
    const p = layout[id] ?? { x: 0, y: 0 };
    layout[id] = { ...p, x: p.x + dx, y: p.y + dy };
  }
}

export function resizeNetwork(d: Draft<LabDocument>, id: string, width: number): void {
  const layout = (d.layout ??= {});
  const p = layout[id] ?? { x: 0, y: 0 };
  layout[id] = { ...p, width: Math.max(160, Math.round(width)) };
}
