/**
 * `npx tsx bench/ui/profile-ui.ts [--nodes 100|1000|3000] [--gesture pan|zoom|drag|trace|edit] [--ms 2000]
 * [--timeline] [--css …] [--js …]`:
 * a CPU profile of the page (Chrome's profiler through CDP) while one gesture of the UI benchmarks
 * runs, on the production build; prints the frame times and the functions with the most self time,
 * and writes the .cpuprofile (open it in Chrome's DevTools, Performance tab) to the temp folder.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { percentile } from '../lib/row.ts';
import { generateVlabDesign, vmMasqueradeAddress } from '../vlab-design.ts';
import { framesDuring, GESTURES, SIZES, sizeName, type Gesture } from './canvas-frames.ts';
import { canvasNodes, freshPage, openLabFile, settle } from './open-lab.ts';
import { prepareEdit, timedEdit } from './edit-panels.ts';
import { buildApp, launchChromium, startPreview } from './server.ts';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '3000' },
    gesture: { type: 'string', default: 'pan' },
    ms: { type: 'string', default: '2000' },
    top: { type: 'string', default: '30' },
    /** Also record a Chrome trace and print where the renderer's main thread spent its time. */
    timeline: { type: 'boolean', default: false },
    /** A style sheet to add to the page before the gesture: try a CSS change without rebuilding. */
    css: { type: 'string', default: '' },
    /** A script to run in the page before the gesture: try a change without rebuilding. */
    js: { type: 'string', default: '' },
  },
});
const size = SIZES.find((s) => sizeName(canvasNodes(generateVlabDesign(s))) === Number(values.nodes));
if (!size) throw new Error(`--nodes: 100, 1000 or 3000`);
if (!['pan', 'zoom', 'drag', 'trace', 'edit'].includes(values.gesture))
  throw new Error('--gesture: pan, zoom, drag, trace or edit');
const ms = Number(values.ms);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

await buildApp({ minify: false });
const preview = await startPreview();
try {
  const browser = await launchChromium();
  try {
    const log = (l: string) => process.stderr.write(`${l}\n`);
    const { page } = await freshPage(browser, preview.url, log);
    const doc = generateVlabDesign(size);
    await openLabFile(page, doc);
    const edit = values.gesture === 'edit' ? await prepareEdit(page, doc, log) : undefined;
    if (values.js) await page.evaluate(values.js);
    if (values.css) {
      await page.addStyleTag({ content: values.css });
      await settle(page);
    }
    const gesture = values.gesture as Gesture | 'trace' | 'edit';
    const at = gesture === 'trace' || gesture === 'edit' ? null : await GESTURES[gesture].at(page);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    if (values.timeline)
      await browser.startTracing(page, {
        categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'],
      });
    const frames = await framesDuring(page, async () => {
      if (at && gesture !== 'trace' && gesture !== 'edit') return GESTURES[gesture].run(page, at, ms);
      if (edit) {
        const [d] = await timedEdit(page, edit, edit.current);
        console.log(`edit: both panels updated ${d.toFixed(0)} ms after the input event`);
        return;
      }
      await page.getByTestId('trace-from').selectOption('c0');
      await page.getByTestId('trace-to').fill(vmMasqueradeAddress(0, size.networks));
      await page.getByTestId('trace-run').click();
      await new Promise((r) => setTimeout(r, ms));
    });
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
    if (values.timeline) printTimeline(JSON.parse((await browser.stopTracing()).toString()) as TraceFile);
    const file = path.join(os.tmpdir(), `natlab-${values.gesture}-${values.nodes}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    console.log(
      `${values.gesture} at ${canvasNodes(doc)} nodes: ${frames.length} frames, p50 ${percentile(frames, 50).toFixed(1)} ms, p95 ${percentile(frames, 95).toFixed(1)} ms, max ${Math.max(...frames).toFixed(0)} ms`,
    );
    console.log(`profile: ${file}`);
    const self = new Map<number, number>();
    profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
    const byFn = new Map<string, number>();
    for (const n of profile.nodes) {
      const f = n.callFrame;
      const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
      byFn.set(key, (byFn.get(key) ?? 0) + (self.get(n.id) ?? 0));
    }
    const total = [...byFn.values()].reduce((a, b) => a + b, 0);
    for (const [k, us] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top)))
      console.log(
        `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`,
      );
  } finally {
    await browser.close();
  }
} finally {
  await preview.stop();
}

interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
  tid: number;
  pid: number;
  args?: { name?: string };
}
interface TraceFile {
  traceEvents: TraceEvent[];
}

/** Time of the renderer's main thread by event name (complete events; nested ones counted too). */
function printTimeline(t: TraceFile): void {
  const main = t.traceEvents.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return;
  const by = new Map<string, { ms: number; n: number }>();
  for (const e of t.traceEvents) {
    if (e.tid !== main.tid || e.pid !== main.pid || e.ph !== 'X' || !e.dur) continue;
    const v = by.get(e.name) ?? { ms: 0, n: 0 };
    v.ms += e.dur / 1000;
    v.n++;
    by.set(e.name, v);
  }
  console.log('renderer main thread (inclusive ms, count):');
  for (const [k, v] of [...by].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25))
    console.log(`${v.ms.toFixed(0).padStart(7)} ms ${String(v.n).padStart(6)}×  ${k}`);
}
