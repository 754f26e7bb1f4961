/**
 * `npm run verify:fuzz -- --seed S --cases N [--start K] [--concurrency C] [--json] [--keep-failures DIR]`:
 * the randomized engine-vs-kernel differential suite (docs/verification.md). Root on Linux.
 * `--replay DIR` runs every kept regression case (tests/kernel-regressions/) on this kernel again and
 * says whether the kernel still does what was recorded, and whether the engine now agrees. Exit status
 * 0 when the engine and the kernel agree on every compared field, 1 on a disagreement (or an unstable
 * probe, a lab the compiler refused, a harness failure, anything left behind), 2 on bad usage.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { probesUnavailable, removeNamespaces } from '../src/kernel/probe.ts';
import { killChildren } from '../src/kernel/services.ts';
import { compareViews } from '../src/kernel/fuzz/compare.ts';
import { loadRegressions, saveRegression } from '../src/kernel/fuzz/regressions.ts';
import { formatReport, probeText, reportJson, sideBySide } from '../src/kernel/fuzz/report.ts';
import { rerunOnKernel, runFuzz, runPrefix, type ProbeResult } from '../src/kernel/fuzz/run.ts';

function usage(msg: string): never {
  console.error(`verify-fuzz: ${msg}`);
  console.error(
    'usage: npm run verify:fuzz -- --seed S --cases N [--start K] [--concurrency C] [--json] [--keep-failures DIR]\n' +
      '       npm run verify:fuzz -- --replay DIR   (run every kept regression case on this kernel again)',
  );
  process.exit(2);
}

const args = process.argv.slice(2);
let replayDir: string | null = null;
const opts: {
  seed: number;
  cases: number;
  start: number;
  concurrency: number;
  json: boolean;
  keep: string | null;
} = {
  seed: 1,
  cases: 20,
  start: 0,
  concurrency: 3,
  json: false,
  keep: null,
};
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  const num = (): number => {
    const v = Number(args[++i]);
    if (!Number.isInteger(v) || v < 0) usage(`${a} needs a non-negative integer`);
    return v;
  };
  if (a === '--seed') opts.seed = num();
  else if (a === '--cases') opts.cases = num();
  else if (a === '--start') opts.start = num();
  else if (a === '--concurrency') opts.concurrency = Math.max(1, num());
  else if (a === '--json') opts.json = true;
  else if (a === '--replay') replayDir = args[++i] ?? usage('--replay needs a directory');
  else if (a === '--keep-failures') opts.keep = args[++i] ?? usage('--keep-failures needs a directory');
  else usage(`unknown argument ${JSON.stringify(a)}`);
}

const why = probesUnavailable();
if (why) {
  console.error(`verify-fuzz: cannot run on this machine: ${why}`);
  process.exit(2);
}

const prefix = runPrefix();
const signal = { aborted: false };
const forceTeardown = (why: string) => {
  console.error(`verify-fuzz: ${why}: removing every namespace of the run (${prefix}*)`);
  killChildren();
  void removeNamespaces(prefix).finally(() => process.exit(130));
};
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.on(sig, () => {
    if (signal.aborted) return forceTeardown(`${sig} again`);
    // labs being built or probed finish their teardown; no new one starts
    signal.aborted = true;
    console.error(
      `\nverify-fuzz: ${sig}: stopping after the labs in progress are torn down (again to force)`,
    );
    setTimeout(() => forceTeardown('still running after 30 s'), 30000).unref();
  });

if (replayDir !== null) {
  // every kept case on this kernel again: is the recorded observation still what the kernel does?
  let stale = 0;
  for (const [n, r] of loadRegressions(replayDir).entries()) {
    if (signal.aborted) break;
    const { engine, kernel, diffs } = await rerunOnKernel(r.lab, r.probe, `${prefix}r${n}-`);
    const recorded = compareViews(kernel, r.kernel);
    if (recorded.length) stale++;
    console.log(
      `${r.name}: kernel ${recorded.length ? `NOW DIFFERS from the record (${recorded.map((d) => d.field).join(', ')})` : 'as recorded'}; engine ${diffs.length ? `disagrees (${diffs.map((d) => d.field).join(', ')})` : 'agrees'}`,
    );
    if (diffs.length)
      for (const l of sideBySide(engine, kernel, new Set(diffs.map((d) => d.field)))) console.log(l);
  }
  process.exit(stale ? 1 : 0);
}

let done = 0;
const report = await runFuzz({
  seed: opts.seed,
  cases: opts.cases,
  start: opts.start,
  concurrency: opts.concurrency,
  prefix,
  signal,
  onCase: (r) => {
    done++;
    if (opts.json) return;
    const bad = r.probes.filter((p) => p.diffs.length).length;
    const state = r.failure
      ? `FAILED: ${r.failure}`
      : r.compileErrors.length
        ? 'does not compile'
        : bad
          ? `${bad} disagree`
          : 'ok';
    process.stderr.write(
      `[${done}/${opts.cases}] ${r.fuzzCase.id}: ${r.probes.length} probes, ${(r.ms / 1000).toFixed(1)} s, ${state}\n`,
    );
    for (const p of r.probes.filter((x) => x.diffs.length))
      process.stderr.write(`    ${probeText(p.spec)}: ${p.diffs.map((d) => d.field).join(', ')}\n`);
  },
});

const kept = new Map<ProbeResult, string>();
if (opts.keep)
  for (const d of report.disagreements) {
    const dir = saveRegression(opts.keep, d.fuzzCase, d.probe);
    kept.set(d.probe, dir);
    // as `npm run format` would write them, so `prettier --check .` stays clean
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
      const file = join(dir, f);
      writeFileSync(file, await prettier.format(readFileSync(file, 'utf8'), { filepath: file }));
    }
  }
console.log(opts.json ? JSON.stringify(reportJson(report, kept), null, 2) : formatReport(report, kept));
const clean =
  !report.disagreements.length &&
  !report.unstable.length &&
  report.results.every((r) => !r.failure && !r.compileErrors.length) &&
  !report.leftovers.namespaces.length &&
  !report.leftovers.processes;
process.exit(signal.aborted ? 130 : clean ? 0 : 1);
