/**
 * Regression cases: every disagreement the differential suite found, kept as a directory
 * `tests/kernel-regressions/<name>/` with `lab.lab.json`, `probe.json`, `kernel.json` (the kernel's view
 * and raw observation) and `engine.json` (the engine's view when it was found). Replaying one needs no
 * kernel: the engine must now produce the kernel's recorded view.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabDocument } from '../../engine/lab/format.ts';
import { compileLab } from '../../engine/lab/compile.ts';
import type { ProbeSpec } from '../probe.ts';
import { engineProbe, engineRouteChecks, type ProbeView } from '../scenarios.ts';
import { compareViews, type FieldDiff } from './compare.ts';
import type { FuzzCase } from './generate.ts';
import type { ProbeResult } from './run.ts';

export const REGRESSIONS_DIR = new URL('../../../tests/kernel-regressions/', import.meta.url).pathname;

export interface Regression {
  readonly name: string;
  readonly lab: LabDocument;
  readonly probe: ProbeSpec;
  readonly kernel: ProbeView;
}

function json(v: unknown): string {
  return `${JSON.stringify(v, null, 2)}\n`;
}

/** `s7-12-p3-receiver`: the case, the probe, the first field that differed. */
export function regressionName(c: FuzzCase, p: ProbeResult): string {
  return `${c.id}-p${p.index}-${p.diffs[0]?.field ?? 'diff'}`.toLowerCase();
}

export function saveRegression(dir: string, c: FuzzCase, p: ProbeResult): string {
  const d = join(dir, regressionName(c, p));
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'lab.lab.json'), json(c.doc));
  writeFileSync(join(d, 'probe.json'), json(p.spec));
  writeFileSync(
    join(d, 'kernel.json'),
    json({ view: p.kernel, ...(p.recheck ? { again: p.recheck } : {}), observation: p.observation }),
  );
  writeFileSync(
    join(d, 'engine.json'),
    json({
      view: p.engine,
      summary: p.summary,
      differs: p.diffs.map((x) => x.field),
      randomized: p.randomized,
    }),
  );
  return d;
}

export function loadRegressions(dir = REGRESSIONS_DIR): Regression[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const read = (f: string) => JSON.parse(readFileSync(join(dir, name, f), 'utf8')) as unknown;
      return {
        name,
        lab: read('lab.lab.json') as LabDocument,
        probe: read('probe.json') as ProbeSpec,
        kernel: (read('kernel.json') as { view: ProbeView }).view,
      };
    });
}

/** The engine's view of a regression case now, and how it differs from the kernel's recorded one. */
export function replay(r: Regression): { engine: ProbeView; diffs: FieldDiff[] } {
  const c = compileLab(r.lab);
  const errors = c.issues.filter((i) => i.severity === 'error');
  if (!c.network)
    throw new Error(`${r.name}: the lab does not compile: ${errors.map((e) => e.message).join('; ')}`);
  const e = engineProbe(c.network, r.probe);
  // ask the engine the questions the kernel was asked
  const engine = {
    ...e.view,
    routes: engineRouteChecks(
      c.network,
      r.kernel.routes.map((x) => x.query),
    ),
  };
  return { engine, diffs: compareViews(engine, r.kernel, e.randomized) };
}
