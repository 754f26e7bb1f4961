/**
 * The UI benchmarks of issue 7, in headless Chromium through Playwright on the production build:
 * time to an interactive canvas and the JavaScript it needs, canvas frame times while panning,
 * zooming and dragging at ~100 / 1 000 / 3 000 nodes, edit-to-updated-panels latency at ~1 000 nodes,
 * and frame times while a trace plays. `quick`: one short pass of each (a smoke test, ≤ 1 min).
 */
import type { Browser } from '@playwright/test';
import { percentile, rowOf, type BenchRow } from '../lib/row.ts';
import { generateVlabDesign, vmMasqueradeAddress } from '../vlab-design.ts';
import { gestureRows, SIZES } from './canvas-frames.ts';
import { editRows, prepareEdit } from './edit-panels.ts';
import { canvasNodes, freshPage, openLabFile } from './open-lab.ts';
import { initialJs } from './initial-js.ts';
import { buildApp, DIST, launchChromium, startPreview } from './server.ts';
import { defaultLabPlayback, playbackRow } from './trace-anim.ts';
import { ttiSample, type TtiSample } from './tti.ts';

export interface UiBenchOptions {
  readonly quick: boolean;
  readonly log: (line: string) => void;
}

export async function uiBench(opts: UiBenchOptions): Promise<BenchRow[]> {
  const { log } = opts;
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
  log('ui: building the app (vite build)…');
  await buildApp();
  const preview = await startPreview();
  const rows: BenchRow[] = [];
  try {
    log(`ui: serving ${preview.url} (${elapsed()})`);
    const browser = await launchChromium();
    try {
      const tti: TtiSample[] = [];
      for (let k = 0; k < (opts.quick ? 2 : 5); k++) tti.push(await ttiSample(browser, preview.url, log));
      rows.push(initialJsRow(), ...ttiRows(tti));
      log(
        `ui: interactive in ${tti.map((t) => t.interactive.toFixed(0)).join(', ')} ms; ${tti[0]!.scripts} scripts, ${tti[0]!.jsKb.toFixed(1)} kB gzip before the first card (${elapsed()})`,
      );
      rows.push(await defaultLabPlayback(browser, preview.url, opts));
      for (let k = 0; k < SIZES.length; k++) {
        rows.push(...(await bigLab(browser, preview.url, k, opts)));
        log(`ui: lab ${k + 1} of ${SIZES.length} done (${elapsed()})`);
      }
    } finally {
      await browser.close();
    }
  } finally {
    await preview.stop();
  }
  return rows;
}

/**
 * One generated lab in a page of its own: pan, zoom and drag; on the ~1 000-node lab, then the edit
 * to panels and a trace playback (to a lab VM on the second isolated network, whose masquerade
 * network the edits leave alone).
 */
async function bigLab(browser: Browser, url: string, k: number, opts: UiBenchOptions): Promise<BenchRow[]> {
  const size = SIZES[k]!;
  const doc = generateVlabDesign(size);
  const nodes = canvasNodes(doc);
  const { context, page } = await freshPage(browser, url, opts.log);
  try {
    const t0 = Date.now();
    await openLabFile(page, doc);
    opts.log(`  ${nodes} nodes: opened and settled in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const rows = await gestureRows(page, nodes, opts);
    if (k !== 1) return rows;
    const setup = await prepareEdit(page, doc, opts.log);
    rows.push(...(await editRows(page, setup, nodes, opts)));
    const flow = { from: 'c0', to: vmMasqueradeAddress(1, size.networks), lab: `${nodes} nodes` };
    rows.push(await playbackRow(page, { task: 'ui: trace playback 1000 nodes', ...flow }, opts));
    return rows;
  } finally {
    await context.close();
  }
}

function initialJsRow(): BenchRow {
  const js = initialJs(DIST);
  return {
    suite: 'ui',
    task: 'ui: initial JS (gzip -9)',
    unit: 'kB',
    p50: js.kb,
    p95: js.kb,
    samples: 1,
    lowerIsBetter: true,
    target: { value: 200, kind: 'max', on: 'p50' },
    what: `entry + static imports + modulepreloads of the build (${js.files.length} files), each gzipped at level 9`,
  };
}

function ttiRows(samples: readonly TtiSample[]): BenchRow[] {
  const n = samples.length;
  return [
    rowOf(
      {
        suite: 'ui',
        task: 'ui: interactive canvas (default lab)',
        unit: 'ms',
        lowerIsBetter: true,
        target: { value: 1500, kind: 'max', on: 'p50' },
        what: `navigation start → a click on a card shows it in the inspector; fresh context, ${n} loads (first node drawn at p50 ${percentile(
          samples.map((s) => s.nodes),
          50,
        ).toFixed(0)} ms)`,
      },
      samples.map((s) => s.interactive),
    ),
    rowOf(
      {
        suite: 'ui',
        task: 'ui: JS fetched before interactive (gzip -9)',
        unit: 'kB',
        lowerIsBetter: true,
        what: `also what loads right after the first paint: the linter and tracer, the open dock tab (${samples[0]?.scriptsInteractive ?? 0} files)`,
      },
      samples.map((s) => s.jsKbInteractive),
    ),
  ];
}
