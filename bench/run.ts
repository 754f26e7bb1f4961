/**
 * `npm run bench`: every benchmark of natlab (docs/benchmarks.md), as one table with the issue-7
 * targets, and optionally the ratio of each number to the last recorded run.
 *
 *   npm run bench                          the whole set (< 10 min)
 *   npm run bench -- --quick               a smoke test of every suite (numbers meaningless)
 *   npm run bench -- --suite engine,design  some suites only: engine, design, iptables, kernel, ui
 *   npm run bench -- --compare             the ratio of each p50 to bench/recorded.json
 *   npm run bench -- --record              write this run to bench/recorded.json (full runs only)
 *   npm run bench -- --markdown            also print the table as Markdown
 *   npm run bench -- --json                also write bench/results-<date>.json (gitignored)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MAX_REACHABLE_ROUTERS } from './generate.ts';
import { compare, markdownTable, meetsTarget, textTable, type RecordedRun } from './lib/report.ts';
import type { BenchRow } from './lib/row.ts';
import type { SuiteOptions } from './lib/suite.ts';

const SUITES = ['engine', 'design', 'iptables', 'kernel', 'ui'] as const;
type Suite = (typeof SUITES)[number];
const RECORDED = fileURLToPath(new URL('recorded.json', import.meta.url));

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    suite: { type: 'string' },
    compare: { type: 'boolean', default: false },
    record: { type: 'boolean', default: false },
    markdown: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    routers: { type: 'string', default: '100' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(`usage: npm run bench [-- options]

  --quick           few iterations of every suite: a smoke test (~1–2 min), not a measurement
  --suite a,b       only these suites: ${SUITES.join(', ')}
  --compare         show each p50 against bench/recorded.json (now / recorded; > ${'1.2'} is a regression)
  --record          write this run to bench/recorded.json (refused with --quick or --suite)
  --markdown        also print the table as Markdown (for docs/benchmarks.md)
  --json            also write bench/results-<date>.json (gitignored)
  --routers N       size of the engine suite's router chain (default 100; 1..${MAX_REACHABLE_ROUTERS})`);
  process.exit(0);
}
const fail = (msg: string): never => {
  console.error(`bench: ${msg}`);
  process.exit(2);
};
const routers = Number(values.routers);
if (!Number.isInteger(routers) || routers < 1 || routers > MAX_REACHABLE_ROUTERS)
  fail(
    `--routers ${values.routers}: expected 1..${MAX_REACHABLE_ROUTERS} (probes cross the chain with TTL 255)`,
  );
const chosen: Suite[] = values.suite
  ? values.suite.split(',').map((s) => {
      const t = s.trim();
      if (!(SUITES as readonly string[]).includes(t))
        fail(`--suite ${t}: expected one of ${SUITES.join(', ')}`);
      return t as Suite;
    })
  : [...SUITES];
if (values.record && (values.quick || values.suite || routers !== 100))
  fail('--record needs a full run of every suite (no --quick, --suite or --routers)');

const opts: SuiteOptions = { quick: values.quick, log: (line) => process.stderr.write(`${line}\n`) };
const run: Record<Suite, () => Promise<BenchRow[]>> = {
  engine: async () => (await import('./engine.ts')).engineBench({ ...opts, routers }),
  design: async () => (await import('./design.ts')).designBench(opts),
  iptables: async () => (await import('./iptables.ts')).iptablesBench(opts),
  kernel: async () => (await import('./kernel-ratio.ts')).kernelRatioBench(opts),
  ui: async () => (await import('./ui/ui-bench.ts')).uiBench(opts),
};

const started = performance.now();
const rows: BenchRow[] = [];
const seconds: string[] = [];
for (const s of chosen) {
  const t0 = performance.now();
  opts.log(`=== ${s}`);
  rows.push(...(await run[s]()));
  seconds.push(`${s} ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
const elapsed = (performance.now() - started) / 1000;

const cpus = os.cpus();
const machine = {
  node: process.version,
  v8: process.versions.v8,
  cpu: cpus[0]?.model.trim() ?? 'unknown',
  cores: cpus.length,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  platform: `${os.type()} ${os.release()} ${os.arch()}`,
  loadAverage: Number(os.loadavg()[0]!.toFixed(2)),
};
/** HEAD, and whether src/ has uncommitted changes (read-only git). */
function revision(): string {
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  try {
    const dirty = git('--no-optional-locks', 'status', '--porcelain', '--', 'src', 'bench');
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' + uncommitted changes' : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}
const date = new Date().toISOString();
const commit = revision();
const recorded =
  values.compare && existsSync(RECORDED)
    ? (JSON.parse(readFileSync(RECORDED, 'utf8')) as RecordedRun)
    : undefined;
if (values.compare && !recorded) opts.log(`(no ${RECORDED} to compare with: run with --record first)`);

console.log(`natlab benchmarks${values.quick ? ' (--quick: a smoke test, not a measurement)' : ''}`);
console.log(`date     ${date}`);
console.log(`node     ${machine.node} (V8 ${machine.v8}), ${machine.platform}`);
console.log(
  `cpu      ${machine.cpu} × ${machine.cores}, ${machine.memoryGiB} GiB, load average ${machine.loadAverage}`,
);
console.log(`commit   ${commit}`);
if (recorded) console.log(`compared with bench/recorded.json: ${recorded.date}, commit ${recorded.commit}`);
console.log('');
console.log(textTable(rows, recorded));
console.log('');
const missed = rows.filter((r) => meetsTarget(r) === false);
const regressed = rows.filter((r) => compare(r, recorded)?.regressed);
console.log(
  `${rows.length} rows in ${elapsed.toFixed(0)} s (${seconds.join(', ')}); targets: ${rows.filter((r) => meetsTarget(r)).length} met, ${missed.length} missed${recorded ? `; ${regressed.length} regressed by more than 20 %` : ''}`,
);
if (values.markdown) console.log(`\n${markdownTable(rows, recorded)}`);

const result: RecordedRun & { quick: boolean } = { date, commit, quick: values.quick, machine, rows };
if (values.json) {
  const file = fileURLToPath(
    new URL(`results-${date.replace(/:/g, '-').replace(/\..*$/, '')}.json`, import.meta.url),
  );
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${file}`);
}
if (values.record) {
  const { quick: _q, ...kept } = result;
  void _q;
  writeFileSync(RECORDED, `${JSON.stringify(kept, null, 2)}\n`);
  console.log(`recorded this run in ${RECORDED}`);
}
