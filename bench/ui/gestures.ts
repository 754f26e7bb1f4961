/**
 * The gestures the frame-time benchmarks make with Playwright's mouse, paced like a hand (one pointer
 * event about every 16 ms), while the page records its animation frames (page-script.ts).
 */
import type { Page } from '@playwright/test';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export async function paneBox(page: Page): Promise<Box> {
  const b = await page.locator('.react-flow__pane').boundingBox();
  if (!b) throw new Error('the canvas pane is not on screen');
  return b;
}

/**
 * A point of the pane with nothing drawn on it (a press there pans), the first found on rings around
 * the pane's centre. Hit-testing is slow on a big canvas: find it before recording frames.
 */
export async function emptyPanePoint(page: Page): Promise<{ x: number; y: number }> {
  const p = (await page.evaluate(`(() => {
    const pane = document.querySelector('.react-flow__pane');
    const r = pane.getBoundingClientRect();
    const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    for (let d = 0; d < Math.max(r.width, r.height) / 2; d += 24)
      for (let a = 0; a < 24; a++) {
        const x = cx + d * Math.cos((a * Math.PI) / 12), y = cy + d * Math.sin((a * Math.PI) / 12);
        if (x < r.left + 20 || x > r.right - 20 || y < r.top + 70 || y > r.bottom - 20) continue;
        if (document.elementFromPoint(x, y) === pane) return { x, y };
        if (d === 0) break;
      }
    return null;
  })()`)) as { x: number; y: number } | null;
  if (!p) throw new Error('no empty spot on the canvas to press on');
  return p;
}

/** The `d3-zoom` transform of the canvas: screen = pane + (x, y) + flow × zoom. */
export async function viewport(page: Page): Promise<{ x: number; y: number; zoom: number }> {
  return (await page.evaluate(`(() => {
    const m = new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')).transform);
    return { x: m.e, y: m.f, zoom: m.a };
  })()`)) as { x: number; y: number; zoom: number };
}

/** Pans (pane drags, as a user would) until the flow point `at` is at the pane's centre. */
export async function bringIntoView(page: Page, at: { x: number; y: number }): Promise<void> {
  for (let k = 0; k < 40; k++) {
    const pane = await paneBox(page);
    const v = await viewport(page);
    const dx = pane.width / 2 - (v.x + at.x * v.zoom);
    const dy = pane.height / 2 - (v.y + at.y * v.zoom);
    if (Math.abs(dx) < 40 && Math.abs(dy) < 40) return;
    const from = await emptyPanePoint(page);
    const room = (lo: number, hi: number, pos: number, d: number) =>
      d > 0 ? Math.min(d, hi - 10 - pos) : Math.max(d, lo + 10 - pos);
    const mx = room(pane.x, pane.x + pane.width, from.x, dx);
    const my = room(pane.y + 60, pane.y + pane.height, from.y, dy);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + mx, from.y + my, { steps: 8 });
    await page.mouse.up();
  }
  throw new Error(`could not pan (${at.x}, ${at.y}) into view`);
}

/** Moves the pressed pointer back and forth horizontally for `ms`, `step` px per event. */
async function sway(page: Page, from: Point, ms: number, step: number, span: number) {
  const t0 = Date.now();
  let x = 0;
  let dir = 1;
  while (Date.now() - t0 < ms) {
    x += dir * step;
    if (Math.abs(x) >= span) dir = -dir;
    await page.mouse.move(from.x + x, from.y + x / 3);
    await sleep(16);
  }
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Drags the empty pane from `p` (see {@link emptyPanePoint}) for `ms`. */
export async function pan(page: Page, p: Point, ms: number): Promise<void> {
  await page.mouse.move(p.x, p.y);
  await page.mouse.down();
  await sway(page, p, ms, 6, 240);
  await page.mouse.up();
}

/** The pane's centre. */
export async function paneCentre(page: Page): Promise<Point> {
  const b = await paneBox(page);
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** Wheel steps at `p`, one every 32 ms: in for half of `ms`, then as many out. */
export async function zoom(page: Page, p: Point, ms: number): Promise<void> {
  await page.mouse.move(p.x, p.y);
  const t0 = Date.now();
  let steps = 0;
  while (Date.now() - t0 < ms / 2) {
    await page.mouse.wheel(0, -60);
    steps++;
    await sleep(32);
  }
  for (let k = 0; k < steps; k++) {
    await page.mouse.wheel(0, 60);
    await sleep(32);
  }
}

/** A machine's card fully on screen, nearest to the pane's centre: its id and centre. */
export async function cardNearCentre(page: Page): Promise<{ id: string; x: number; y: number }> {
  const c = (await page.evaluate(`(() => {
    const r = document.querySelector('.react-flow__pane').getBoundingClientRect();
    const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    let best = null, bestD = Infinity;
    for (const el of document.querySelectorAll('.react-flow__node-device')) {
      const b = el.getBoundingClientRect();
      if (b.left < r.left + 20 || b.right > r.right - 20 || b.top < r.top + 80 || b.bottom > r.bottom - 20) continue;
      const x = b.left + b.width / 2, y = b.top + b.height / 2;
      if (document.elementFromPoint(x, y)?.closest('.react-flow__node') !== el) continue;
      const d = Math.hypot(x - cx, y - cy);
      if (d < bestD) { bestD = d; best = { id: el.dataset.id, x, y }; }
    }
    return best;
  })()`)) as { id: string; x: number; y: number } | null;
  if (!c) throw new Error('no machine card on screen to drag');
  return c;
}

/** Presses on a machine's card at `c` (see {@link cardNearCentre}) and drags it around for `ms`. */
export async function dragCard(page: Page, c: Point, ms: number): Promise<void> {
  await page.mouse.move(c.x, c.y);
  await page.mouse.down();
  await sway(page, c, ms, 4, 120);
  await page.mouse.up();
}
