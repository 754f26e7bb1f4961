/**
 * `npm run bench [-- --quick] [-- --json] [-- --routers N]`: traces per second and compiles per second
 * of the engine, on the seed lab and on a generated chain of routers (bench/generate.ts).
 * docs/benchmarks.md says what is measured and how to read the numbers.
 *
 * Every probe is traced once before timing and must be answered by the expected device after crossing
 * every router, so a broken generator or engine cannot produce fast but meaningless numbers.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Bench, type BenchOptions, type Task } from 'tinybench';
import { ipv4 } from '../src/engine/addr/ipv4.ts';
import { compileLab } from '../src/engine/lab/compile.ts';
import type { LabDocument } from '../src/engine/lab/format.ts';
import type { Network } from '../src/engine/model/network.ts';
import { trace, type Probe } from '../src/engine/sim/trace.ts';
import type { TraceResult } from '../src/engine/sim/steps.ts';
import { loadLab, loadLabValue } from '../src/lab/load.ts';
import { generateRouterChain, MAX_REACHABLE_ROUTERS, routerId } from './generate.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    routers: { type: 'string', default: '100' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(`usage: npm run bench [-- --quick] [-- --json] [-- --routers N]

  --quick       few iterations: a smoke test of the generator and the engine (< 10 s), not a measurement
  --json        also write the results to bench/results-<date>.json (gitignored)
  --routers N   size of the generated router chain (default 100; probes need N ≤ 253)`);
  process.exit(0);
}
const quick = values.quick;
const routers = Number(values.routers);
if (!Number.isInteger(routers) || routers < 1 || routers > MAX_REACHABLE_ROUTERS) {
  console.error(
    `--routers ${values.routers}: expected 1..${MAX_REACHABLE_ROUTERS} (the probes cross the whole chain with TTL 255)`,
  );
  process.exit(2);
}

// --- the labs -------------------------------------------------------------------------------------

const seedText = readFileSync(
  fileURLToPath(new URL('../public/labs/surebackup-basic.lab.json', import.meta.url)),
  'utf8',
);
/** Validated (valibot) and compiled, as the CLI and the UI load it. */
function load(what: string, r: ReturnType<typeof loadLab>): { doc: LabDocument; network: Network } {
  if (!r.ok)
    throw new Error(`${what} does not load:\n${r.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
  return r;
}
const seed = load('the seed lab', loadLab(seedText));
const SEED_PROBE: Probe = { from: 'vbs', to: ipv4('192.168.150.36') };

const chain = generateRouterChain(routers);
const chainLab = load(`the ${routers}-router chain`, loadLabValue(chain.doc));
const chainName = `chain${routers}`;

// --- sanity: every timed trace must be a real, answered exchange ----------------------------------

function traceOrThrow(net: Network, probe: Probe): TraceResult {
  const r = trace(net, probe);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

function mustAnswer(
  what: string,
  net: Network,
  probe: Probe,
  receiver: string,
  via: readonly string[],
): void {
  const t = traceOrThrow(net, probe);
  const problems: string[] = [];
  if (t.outcome !== 'answered') problems.push(`outcome is ${t.outcome}: ${t.summary}`);
  if (t.request.receiver !== receiver)
    problems.push(`the request reached ${t.request.receiver ?? 'nobody'}, not ${receiver}`);
  for (const leg of [t.request, t.reply]) {
    const crossed = new Set(leg?.hops.map((h) => h.device));
    const missed = via.filter((d) => !crossed.has(d));
    if (missed.length)
      problems.push(`the ${leg === t.request ? 'request' : 'reply'} did not cross ${missed.join(', ')}`);
  }
  if (problems.length) throw new Error(`benchmark probe "${what}" is broken:\n  ${problems.join('\n  ')}`);
}

const allRouters = Array.from({ length: routers }, (_, i) => routerId(i));
mustAnswer('seed', seed.network, SEED_PROBE, 'sf0006-copy', ['vbs', 'vlab']);
mustAnswer('end to end', chainLab.network, chain.probes.endToEnd, chain.receivers.endToEnd, allRouters);
mustAnswer('netmap', chainLab.network, chain.probes.netmap, chain.receivers.netmap, [...allRouters, 'vlab']);
mustAnswer('internet', chainLab.network, chain.probes.internet, chain.receivers.internet, [
  ...allRouters,
  'isp',
]);
for (const [what, doc] of [
  ['seed', seed.doc],
  [chainName, chainLab.doc],
] as const) {
  const c = compileLab(doc);
  if (!c.network || c.issues.some((i) => i.severity === 'error'))
    throw new Error(`${what} does not compile: ${c.issues.map((i) => i.message).join('; ')}`);
}

// --- the benchmarks -------------------------------------------------------------------------------

/** Keeps results alive so that no call can be optimised away. */
let sink: unknown;

function traceTask(net: Network, probe: Probe): () => void {
  // trace() without a state starts from a freshly booted lab (empty conntrack and ARP caches) each
  // time, exactly as one `natlab trace` does.
  return () => {
    sink = traceOrThrow(net, probe);
  };
}

const common: BenchOptions = { throws: true, timestampProvider: 'hrtimeNow' };
/** Tasks of microseconds to milliseconds: a time budget per task, after a warm-up. */
const fast = new Bench({
  ...common,
  name: 'traces and small compiles',
  ...(quick
    ? { time: 100, iterations: 10, warmupTime: 20, warmupIterations: 5 }
    : { time: 2000, iterations: 64, warmupTime: 500, warmupIterations: 32 }),
});
/** Tasks of 100 ms and more: a fixed number of iterations. */
const slow = new Bench({
  ...common,
  name: 'large compiles',
  ...(quick
    ? { time: 0, iterations: 2, warmupTime: 0, warmupIterations: 1 }
    : { time: 0, iterations: 20, warmupTime: 0, warmupIterations: 3 }),
});

interface Row {
  readonly task: string;
  readonly unit: 'traces' | 'compiles' | 'loads';
  readonly what: string;
}
const rows = new Map<string, Row>();
function add(b: Bench, row: Row, fn: () => void): void {
  rows.set(row.task, row);
  b.add(row.task, fn);
}

add(
  fast,
  { task: 'seed: trace vbs → 192.168.150.36', unit: 'traces', what: 'request + reply, fresh state' },
  traceTask(seed.network, SEED_PROBE),
);
add(
  fast,
  { task: 'seed: load + trace', unit: 'traces', what: 'JSON.parse, validate, compile, trace' },
  () => {
    sink = traceOrThrow(load('seed', loadLab(seedText)).network, SEED_PROBE);
  },
);
add(
  fast,
  { task: `${chainName}: trace end to end`, unit: 'traces', what: `${chain.probes.endToEnd.from} → far LAN` },
  traceTask(chainLab.network, chain.probes.endToEnd),
);
add(
  fast,
  { task: `${chainName}: trace via NETMAP`, unit: 'traces', what: '→ 100.64.0.10, isolated copy' },
  traceTask(chainLab.network, chain.probes.netmap),
);
add(
  fast,
  { task: `${chainName}: trace to internet`, unit: 'traces', what: 'TCP SYN, MASQUERADE at r000' },
  traceTask(chainLab.network, chain.probes.internet),
);
add(fast, { task: 'seed: compile', unit: 'compiles', what: 'compileLab(validated doc)' }, () => {
  sink = compileLab(seed.doc);
});
add(slow, { task: `${chainName}: compile`, unit: 'compiles', what: 'compileLab(validated doc)' }, () => {
  sink = compileLab(chainLab.doc);
});

const started = performance.now();
for (const b of [fast, slow]) {
  b.addEventListener('cycle', (e) => {
    const t = e.task;
    if (t) process.stderr.write(`  ${t.name}: ${t.runs} samples\n`);
  });
  await b.run();
}
const elapsed = (performance.now() - started) / 1000;
void sink;

// --- report ---------------------------------------------------------------------------------------

interface Result extends Row {
  /** Median throughput: 1 / median latency. */
  readonly perSecond: number;
  readonly meanUs: number;
  readonly p50Us: number;
  readonly p75Us: number;
  readonly p99Us: number;
  readonly minUs: number;
  readonly maxUs: number;
  /** Relative margin of error of the mean latency, %. */
  readonly rme: number;
  readonly samples: number;
}

function resultOf(t: Task): Result {
  const r = t.result;
  if (r.state !== 'completed') throw new Error(`${t.name}: ${r.state}`);
  const l = r.latency;
  const us = (ms: number) => ms * 1000;
  return {
    ...rows.get(t.name)!,
    perSecond: 1000 / l.p50,
    meanUs: us(l.mean),
    p50Us: us(l.p50),
    p75Us: us(l.p75),
    p99Us: us(l.p99),
    minUs: us(l.min),
    maxUs: us(l.max),
    rme: l.rme,
    samples: l.samplesCount,
  };
}
const results = [...fast.tasks, ...slow.tasks].map(resultOf);

const cpus = os.cpus();
const machine = {
  node: process.version,
  v8: process.versions.v8,
  cpu: cpus[0]?.model.trim() ?? 'unknown',
  cores: cpus.length,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  platform: `${os.type()} ${os.release()} ${os.arch()}`,
};
/** The engine version measured: HEAD, and whether src/ has uncommitted changes (read-only git). */
function revision(): string {
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  try {
    return `${git('rev-parse', '--short', 'HEAD')}${git('--no-optional-locks', 'status', '--porcelain', '--', 'src') ? ' + uncommitted changes in src/' : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}
const commit = revision();
const date = new Date();
const chainSize = {
  routers,
  devices: chain.doc.devices.length,
  segments: chain.doc.segments.length,
  routes: chain.doc.devices.reduce((n, d) => n + (d.routes?.length ?? 0), 0),
  iptablesRules: chain.doc.devices.reduce(
    (n, d) =>
      n +
      Object.values(d.iptables ?? {}).reduce(
        (m, chains) =>
          m +
          Object.values(chains).reduce(
            (k, c) => k + (Array.isArray(c) ? c.length : ((c as { rules?: string[] }).rules?.length ?? 0)),
            0,
          ),
        0,
      ),
    0,
  ),
  jsonBytes: JSON.stringify(chain.doc).length,
};

function fmt(n: number): string {
  if (n >= 100) return Math.round(n).toLocaleString('en-US');
  if (n >= 10) return n.toFixed(1);
  return n.toFixed(2);
}
const header = ['task', 'per second', 'mean µs', 'p50 µs', 'p75 µs', 'p99 µs', '±%', 'samples'];
const table = results.map((r) => [
  r.task,
  `${fmt(r.perSecond)} ${r.unit}/s`,
  fmt(r.meanUs),
  fmt(r.p50Us),
  fmt(r.p75Us),
  fmt(r.p99Us),
  r.rme.toFixed(1),
  String(r.samples),
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
const line = (cells: readonly string[]) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');

console.log(`natlab engine benchmark${quick ? ' (--quick: a smoke test, not a measurement)' : ''}`);
console.log(`date     ${date.toISOString()}`);
console.log(`node     ${machine.node} (V8 ${machine.v8}), ${machine.platform}`);
console.log(
  `cpu      ${machine.cpu} × ${machine.cores}, ${machine.memoryGiB} GiB, load average ${os.loadavg()[0]!.toFixed(2)}`,
);
console.log(`commit   ${commit}`);
console.log(
  `${chainName}  ${chainSize.devices} devices, ${chainSize.segments} segments, ${chainSize.routes} routes, ${chainSize.iptablesRules} iptables rules, ${(chainSize.jsonBytes / 1024).toFixed(0)} KiB of JSON`,
);
console.log('');
console.log(line(header));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const row of table) console.log(line(row));
console.log('');
console.log(
  `per second = 1 / median latency; ±% = relative margin of error of the mean; ${elapsed.toFixed(1)} s`,
);

if (values.json) {
  const stamp = date.toISOString().replace(/:/g, '-').replace(/\..*$/, '');
  const file = fileURLToPath(new URL(`results-${stamp}.json`, import.meta.url));
  writeFileSync(
    file,
    `${JSON.stringify({ date: date.toISOString(), commit, quick, machine, chain: chainSize, results }, null, 2)}\n`,
  );
  console.log(`wrote ${file}`);
}
