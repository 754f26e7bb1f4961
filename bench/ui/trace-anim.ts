/**
 * Frame times while a traced packet plays on the canvas: the trace bar runs the flow (it starts
 * playing at once, speed 1), and every animation frame while it plays is a sample — on the default
 * lab and on the ~1 000-node lab (ui-bench.ts: the backup server to a lab VM's masquerade address).
 */
import type { Browser, Page } from '@playwright/test';
import { rowOf, type BenchRow } from '../lib/row.ts';
import { DEFAULT_LAB } from '../../src/ui/app/lab-url.ts';
import { FRAME_TARGET } from './canvas-frames.ts';
import { sleep } from './gestures.ts';
import { freshPage, settle } from './open-lab.ts';

/** Runs a trace from the trace bar and records frames while it plays (at most `ms`). */
async function playFrames(page: Page, from: string, to: string, ms: number): Promise<number[]> {
  await page.getByTestId('trace-from').selectOption(from);
  await page.getByTestId('trace-to').fill(to);
  await page.getByTestId('trace-proto').selectOption('icmp');
  await page.getByTestId('trace-run').click();
  const pause = page.getByTestId('pause');
  await pause.waitFor({ timeout: 30_000 });
  await page.evaluate('window.__uib.startFrames()');
  const t0 = Date.now();
  while (Date.now() - t0 < ms && (await pause.isVisible())) await sleep(100);
  const frames = (await page.evaluate('window.__uib.stopFrames()')) as number[];
  if (!(await page.getByTestId('trace-panel').isVisible()))
    throw new Error(`the trace ${from} → ${to} did not run`);
  return frames;
}

/** The playback row of a flow on the lab open in `page`. */
export async function playbackRow(
  page: Page,
  flow: { readonly task: string; readonly from: string; readonly to: string; readonly lab: string },
  opts: { quick: boolean; log: (line: string) => void },
): Promise<BenchRow> {
  const ms = opts.quick ? 2000 : 6000;
  const samples = await playFrames(page, flow.from, flow.to, ms);
  const row = rowOf(
    {
      suite: 'ui',
      task: flow.task,
      unit: 'ms',
      lowerIsBetter: true,
      target: FRAME_TARGET,
      what: `frame interval while the packet plays (${flow.from} → ${flow.to}, first ${ms / 1000} s); ${flow.lab}, ${samples.length} frames`,
    },
    samples,
  );
  opts.log(
    `  ${row.task}: p50 ${row.p50.toFixed(1)} ms, p95 ${row.p95.toFixed(1)} ms (${samples.length} frames)`,
  );
  return row;
}

/** Playback on the default lab, in a page of its own. */
export async function defaultLabPlayback(
  browser: Browser,
  url: string,
  opts: { quick: boolean; log: (line: string) => void },
): Promise<BenchRow> {
  const { context, page } = await freshPage(browser, url, opts.log);
  try {
    await page.goto('/');
    await page.locator('.react-flow__node').first().waitFor();
    await settle(page);
    const flow = {
      task: 'ui: trace playback (default lab)',
      from: 'vbs',
      to: '192.168.150.36',
      lab: DEFAULT_LAB,
    };
    return await playbackRow(page, flow, opts);
  } finally {
    await context.close();
  }
}
