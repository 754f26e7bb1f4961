/**
 * The engine suite: traces and compiles of the seed lab and of a generated chain of routers
 * (bench/generate.ts), timed with tinybench in this process.
 *
 * Every probe is traced once before timing and must be answered by the expected device after crossing
 * every router, so a broken generator or engine cannot produce fast but meaningless numbers.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Bench, type BenchOptions } from 'tinybench';
import { ipv4 } from '../src/engine/addr/ipv4.ts';
import { compileLab } from '../src/engine/lab/compile.ts';
import type { LabDocument } from '../src/engine/lab/format.ts';
import type { Network } from '../src/engine/model/network.ts';
import type { TraceResult } from '../src/engine/sim/steps.ts';
import { trace, type Probe } from '../src/engine/sim/trace.ts';
import { loadLab, loadLabValue } from '../src/lab/load.ts';
import { generateRouterChain, routerId } from './generate.ts';
import { percentile, type BenchRow, type Target } from './lib/row.ts';
import type { SuiteOptions } from './lib/suite.ts';

export const SEED_LAB = fileURLToPath(new URL('../public/labs/surebackup-basic.lab.json', import.meta.url));
export const SEED_PROBE: Probe = { from: 'vbs', to: ipv4('192.168.150.36') };

/** Validated (valibot) and compiled, as the CLI and the UI load it. */
export function loaded(what: string, r: ReturnType<typeof loadLab>): { doc: LabDocument; network: Network } {
  if (!r.ok)
    throw new Error(`${what} does not load:\n${r.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
  return r;
}

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

/** Keeps results alive so that no call can be optimised away. */
let sink: unknown;

export async function engineBench(opts: SuiteOptions & { readonly routers: number }): Promise<BenchRow[]> {
  const { quick, routers } = opts;
  const seedText = readFileSync(SEED_LAB, 'utf8');
  const seed = loaded('the seed lab', loadLab(seedText));
  const chain = generateRouterChain(routers);
  const chainLab = loaded(`the ${routers}-router chain`, loadLabValue(chain.doc));
  const chainName = `chain${routers}`;

  const allRouters = Array.from({ length: routers }, (_, i) => routerId(i));
  mustAnswer('seed', seed.network, SEED_PROBE, 'sf0006-copy', ['vbs', 'vlab']);
  mustAnswer('end to end', chainLab.network, chain.probes.endToEnd, chain.receivers.endToEnd, allRouters);
  mustAnswer('netmap', chainLab.network, chain.probes.netmap, chain.receivers.netmap, [
    ...allRouters,
    'vlab',
  ]);
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
  opts.log(
    `  ${chainName}: ${chain.doc.devices.length} devices, ${chain.doc.segments.length} segments, ${chain.doc.devices.reduce((n, d) => n + (d.routes?.length ?? 0), 0)} routes`,
  );

  // trace() without a state starts from a freshly booted lab (empty conntrack and ARP caches) each
  // time, exactly as one `natlab trace` does.
  const traceTask = (net: Network, probe: Probe) => () => {
    sink = traceOrThrow(net, probe);
  };

  // (performance.now: tinybench's hrtime provider added ~5 µs to every sample of a ~10 µs trace)
  const common: BenchOptions = { throws: true, retainSamples: true };
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

  interface Meta {
    readonly unit: 'µs' | 'ms';
    readonly what: string;
    readonly target?: Target;
  }
  const meta = new Map<string, Meta>();
  const add = (b: Bench, task: string, m: Meta, fn: () => void) => {
    meta.set(task, m);
    b.add(task, fn);
  };

  add(
    fast,
    'engine: seed trace vbs → 192.168.150.36',
    {
      unit: 'µs',
      what: 'trace(): request + reply, fresh state',
      target: { value: 20, kind: 'max', on: 'p50' },
    },
    traceTask(seed.network, SEED_PROBE),
  );
  add(fast, 'engine: seed load + trace', { unit: 'µs', what: 'JSON.parse, validate, compile, trace' }, () => {
    sink = traceOrThrow(loaded('seed', loadLab(seedText)).network, SEED_PROBE);
  });
  add(
    fast,
    `engine: ${chainName} trace end to end`,
    { unit: 'ms', what: `${chain.probes.endToEnd.from} → far LAN and back` },
    traceTask(chainLab.network, chain.probes.endToEnd),
  );
  add(
    fast,
    `engine: ${chainName} trace via NETMAP`,
    { unit: 'ms', what: '→ 100.64.0.10, isolated copy' },
    traceTask(chainLab.network, chain.probes.netmap),
  );
  add(
    fast,
    `engine: ${chainName} trace to internet`,
    { unit: 'ms', what: 'TCP SYN, MASQUERADE at r000' },
    traceTask(chainLab.network, chain.probes.internet),
  );
  add(fast, 'engine: seed compile', { unit: 'µs', what: 'compileLab(validated lab)' }, () => {
    sink = compileLab(seed.doc);
  });
  add(slow, `engine: ${chainName} compile`, { unit: 'ms', what: 'compileLab(validated lab)' }, () => {
    sink = compileLab(chainLab.doc);
  });

  for (const b of [fast, slow]) {
    b.addEventListener('cycle', (e) => {
      const t = e.task;
      if (t) opts.log(`  ${t.name}: ${t.runs} samples`);
    });
    await b.run();
  }
  void sink;

  return [...fast.tasks, ...slow.tasks].map((t): BenchRow => {
    const r = t.result;
    if (r.state !== 'completed') throw new Error(`${t.name}: ${r.state}`);
    const m = meta.get(t.name)!;
    const scale = m.unit === 'µs' ? 1000 : 1;
    const samples = r.latency.samples ?? [];
    return {
      suite: 'engine',
      task: t.name,
      unit: m.unit,
      p50: r.latency.p50 * scale,
      p95: percentile(samples, 95) * scale,
      samples: r.latency.samplesCount,
      lowerIsBetter: true,
      what: m.what,
      ...(m.target ? { target: m.target } : {}),
    };
  });
}
