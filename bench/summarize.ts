/**
 * `npx tsx bench/summarize.ts bench/results-*.json`: several `npm run bench -- --json` runs → one
 * Markdown table per task: the median run (by throughput) and the spread of throughput across runs.
 * This is how the table in docs/benchmarks.md is made.
 */
import { readFileSync } from 'node:fs';

interface Result {
  readonly task: string;
  readonly unit: string;
  readonly perSecond: number;
  readonly meanUs: number;
  readonly p50Us: number;
  readonly p75Us: number;
  readonly p99Us: number;
  readonly samples: number;
}
interface Run {
  readonly date: string;
  readonly quick: boolean;
  readonly machine: { readonly node: string; readonly cpu: string; readonly cores: number };
  readonly results: readonly Result[];
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: npx tsx bench/summarize.ts bench/results-*.json');
  process.exit(2);
}
const runs = files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as Run);
if (runs.some((r) => r.quick))
  console.error('warning: some runs were --quick (smoke tests, not measurements)');

function fmt(n: number): string {
  if (n >= 100) return Math.round(n).toLocaleString('en-US');
  if (n >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

const m = runs[0]!.machine;
console.log(
  `${runs.length} runs, ${runs.map((r) => r.date).join(', ')}; node ${m.node}, ${m.cpu} × ${m.cores}\n`,
);
console.log(
  '| task | per second (median run) | spread of runs | mean µs | p50 µs | p75 µs | p99 µs | samples |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const task of runs[0]!.results.map((r) => r.task)) {
  const all = runs
    .map((r) => r.results.find((x) => x.task === task))
    .filter((x): x is Result => x !== undefined)
    .sort((a, b) => a.perSecond - b.perSecond);
  const med = all[Math.floor((all.length - 1) / 2)]!;
  const lo = all[0]!.perSecond;
  const hi = all[all.length - 1]!.perSecond;
  const spread = `${fmt(lo)}–${fmt(hi)} (±${(((hi - lo) / 2 / med.perSecond) * 100).toFixed(0)} %)`;
  console.log(
    `| ${task} | ${fmt(med.perSecond)} ${med.unit}/s | ${spread} | ${fmt(med.meanUs)} | ${fmt(med.p50Us)} | ${fmt(med.p75Us)} | ${fmt(med.p99Us)} | ${med.samples} |`,
  );
}
