/**
 * What the rest of the workbench may ask of the canvas without importing React Flow: the flow position
 * at the middle of the visible canvas (where a palette item added by click or keyboard goes) and fit view.
 */
export interface CanvasBridge {
  center(): { x: number; y: number };
  fitView(): void;
}

let current: CanvasBridge | null = null;

export function setCanvasBridge(b: CanvasBridge | null): void {
  current = b;
}

export function canvasBridge(): CanvasBridge {
  return current ?? { center: () => ({ x: 0, y: 0 }), fitView: () => undefined };
}

/** The drag-and-drop data type of palette items. */
export const PALETTE_MIME = 'application/x-natlab-palette';
