/**
 * Frame times of the canvas while a user pans, zooms and drags a card, on generated virtual labs of
 * about 100, 1 000 and 3 000 canvas nodes (ui-bench.ts opens them): every interval between two
 * animation frames is a sample.
 */
import type { Page } from '@playwright/test';
import { rowOf, type BenchRow } from '../lib/row.ts';
import type { VlabDesignSize } from '../vlab-design.ts';
import { cardNearCentre, dragCard, emptyPanePoint, pan, paneCentre, zoom, type Point } from './gestures.ts';
import { settle } from './open-lab.ts';

/** (networks, VMs, clients) → about 100, 1 000 and 3 000 canvas nodes. */
export const SIZES: readonly VlabDesignSize[] = [
  { networks: 10, vms: 70, clients: 10 },
  { networks: 50, vms: 844, clients: 50 },
  { networks: 100, vms: 2688, clients: 100 },
];

/** Rounded node count used in the task names (stable across small generator changes). */
export const sizeName = (nodes: number) => (nodes < 300 ? 100 : nodes < 2000 ? 1000 : 3000);

export const FRAME_TARGET = { value: 20, kind: 'max', on: 'p95' } as const;

/** Animation-frame intervals (ms) recorded while `gesture` runs. */
export async function framesDuring(page: Page, gesture: () => Promise<unknown>): Promise<number[]> {
  await page.evaluate('window.__uib.startFrames()');
  await gesture();
  // the frame that answers the last pointer event belongs to the gesture
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
  return (await page.evaluate('window.__uib.stopFrames()')) as number[];
}

export type Gesture = 'pan' | 'zoom' | 'drag';
/** Each gesture: where it starts (found before frames are recorded: hit-testing is slow), then the moves. */
export const GESTURES: Record<
  Gesture,
  {
    readonly at: (page: Page) => Promise<Point>;
    readonly run: (page: Page, at: Point, ms: number) => Promise<void>;
    readonly what: string;
  }
> = {
  pan: { at: emptyPanePoint, run: pan, what: 'dragging the empty pane back and forth' },
  zoom: { at: paneCentre, run: zoom, what: 'wheel steps in, then out, at the centre' },
  drag: { at: cardNearCentre, run: dragCard, what: 'pressing on a machine card and moving it' },
};

/** Pan, zoom and drag rows on the lab open in `page` (`nodes` canvas nodes). */
export async function gestureRows(
  page: Page,
  nodes: number,
  opts: { quick: boolean; log: (line: string) => void },
): Promise<BenchRow[]> {
  const reps = opts.quick ? 1 : 3;
  const ms = opts.quick ? 1000 : 2000;
  const rows: BenchRow[] = [];
  for (const g of ['pan', 'zoom', 'drag'] as const) {
    const samples: number[] = [];
    for (let r = 0; r < reps; r++) {
      // every pass starts from the view the lab opens with (the Controls' fit view button)
      await page.locator('.react-flow__controls-fitview').click();
      await settle(page, 10_000);
      const at = await GESTURES[g].at(page);
      samples.push(...(await framesDuring(page, () => GESTURES[g].run(page, at, ms))));
    }
    const row = rowOf(
      {
        suite: 'ui',
        task: `ui: ${g} ${sizeName(nodes)} nodes`,
        unit: 'ms',
        lowerIsBetter: true,
        target: FRAME_TARGET,
        what: `frame interval, ${GESTURES[g].what}; ${nodes} nodes, ${reps}×${ms / 1000} s, ${samples.length} frames`,
      },
      samples,
    );
    opts.log(
      `  ${row.task}: p50 ${row.p50.toFixed(1)} ms, p95 ${row.p95.toFixed(1)} ms (${samples.length} frames)`,
    );
    rows.push(row);
  }
  return rows;
}
