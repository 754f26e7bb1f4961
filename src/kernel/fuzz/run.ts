/**
 * The differential run: for each generated case, compile the lab, predict every probe with the engine,
 * build the lab in namespaces under a unique prefix, run the probes on the kernel from a cold start,
 * compare, and tear down (always). A disagreement is probed again after 1.1 s: if the kernel says the
 * same, it is confirmed; if the second answer agrees with the engine on every field, the first was
 * disturbed (timing, a rate limit the engine does not model) and the probe counts as agreeing, listed
 * as retried; otherwise it is unstable (a harness or timing problem, not a finding). Several labs run
 * at once, each in its own namespaces: most of a probe's time is waiting.
 */
import { compileLab } from '../../engine/lab/compile.ts';
import type { LabDocument } from '../../engine/lab/format.ts';
import type { Network } from '../../engine/model/network.ts';
import {
  KernelLab,
  namespacesWith,
  removeNamespaces,
  type KernelObservation,
  type ProbeSpec,
} from '../probe.ts';
import { engineProbe, kernelView, type ProbeView } from '../scenarios.ts';
import { liveChildren } from '../services.ts';
import { compareViews, emptyAgreement, tally, type Agreement, type FieldDiff } from './compare.ts';
import { generateCase, type FuzzCase } from './generate.ts';

export interface ProbeResult {
  readonly index: number;
  readonly spec: ProbeSpec;
  readonly engine: ProbeView;
  readonly kernel: ProbeView;
  readonly randomized: boolean;
  readonly diffs: readonly FieldDiff[];
  /** For a disagreement: the kernel's view of the same probe run again (null: it agreed). */
  readonly recheck: ProbeView | null;
  readonly observation: KernelObservation;
  readonly summary: string;
}

export interface CaseResult {
  readonly fuzzCase: FuzzCase;
  readonly probes: readonly ProbeResult[];
  /** The compiler refused the generated lab (an engine finding if the kernel accepts it). */
  readonly compileErrors: readonly string[];
  /** Building or probing failed (the harness, not the engine). */
  readonly failure: string | null;
  readonly ms: number;
}

export interface RunOptions {
  readonly seed: number;
  readonly cases: number;
  /** First case index (default 0). */
  readonly start?: number;
  /** Labs built and probed at the same time (default 3). */
  readonly concurrency?: number;
  /** Namespace prefix of the whole run (`nlG…`); each case adds `<index>-`. */
  readonly prefix?: string;
  readonly onCase?: (r: CaseResult) => void;
  /** Stop starting new cases (Ctrl-C). */
  readonly signal?: { aborted: boolean };
}

export interface RunReport {
  readonly seed: number;
  readonly results: readonly CaseResult[];
  readonly agreement: Agreement;
  readonly probes: number;
  /** Disagreements the kernel repeated. */
  readonly disagreements: readonly { fuzzCase: FuzzCase; probe: ProbeResult }[];
  /** Disagreements the kernel did not repeat. */
  readonly unstable: readonly { fuzzCase: FuzzCase; probe: ProbeResult }[];
  /** Probes that disagreed once and agreed on every field when probed again. */
  readonly retried: readonly { fuzzCase: FuzzCase; probe: ProbeResult }[];
  readonly ms: number;
  /** Namespaces and processes of the run still present after it (must be none). */
  readonly leftovers: { readonly namespaces: readonly string[]; readonly processes: number };
}

export function runPrefix(): string {
  return `nlGf${process.pid.toString(36)}_`;
}

export async function runCase(
  c: FuzzCase,
  prefix: string,
  signal?: { readonly aborted: boolean },
): Promise<CaseResult> {
  const t0 = Date.now();
  const compiled = compileLab(c.doc);
  const compileErrors = compiled.issues
    .filter((i) => i.severity === 'error')
    .map((i) => `${i.path}: ${i.message}`);
  const base = { fuzzCase: c, compileErrors };
  if (compileErrors.length || !compiled.network)
    return { ...base, probes: [], failure: null, ms: Date.now() - t0 };
  const net: Network = compiled.network;
  const probes: ProbeResult[] = [];
  let lab: KernelLab | null = null;
  try {
    lab = await KernelLab.open(net, prefix);
    for (const [index, spec] of c.probes.entries()) {
      if (signal?.aborted) break;
      const e = engineProbe(net, spec);
      const observation = await lab.probe(spec, e.queries);
      const kernel = kernelView(spec, observation);
      const diffs = compareViews(e.view, kernel, e.randomized);
      let recheck: ProbeView | null = null;
      if (diffs.length) {
        // after a pause: the kernel's per-host ICMP error token bucket refills at one per second
        await new Promise((r) => setTimeout(r, 1100));
        recheck = kernelView(spec, await lab.probe(spec, e.queries));
      }
      probes.push({
        index,
        spec,
        engine: e.view,
        kernel,
        randomized: e.randomized,
        diffs,
        recheck,
        observation,
        summary: e.trace.summary,
      });
    }
    return { ...base, probes, failure: null, ms: Date.now() - t0 };
  } catch (err) {
    return {
      ...base,
      probes,
      failure: err instanceof Error ? err.message : String(err),
      ms: Date.now() - t0,
    };
  } finally {
    if (lab) await lab.close().catch(() => undefined);
    else await removeNamespaces(prefix);
  }
}

/** A kept regression case run on the kernel again: does the kernel still say what was recorded? */
export async function rerunOnKernel(
  lab: LabDocument,
  spec: ProbeSpec,
  prefix: string,
): Promise<{ engine: ProbeView; kernel: ProbeView; diffs: FieldDiff[] }> {
  const compiled = compileLab(lab);
  if (!compiled.network) throw new Error('the lab does not compile');
  const net = compiled.network;
  const k = await KernelLab.open(net, prefix);
  try {
    const e = engineProbe(net, spec);
    const kernel = kernelView(spec, await k.probe(spec, e.queries));
    return { engine: e.view, kernel, diffs: compareViews(e.view, kernel, e.randomized) };
  } finally {
    await k.close();
  }
}

export async function runFuzz(o: RunOptions): Promise<RunReport> {
  const t0 = Date.now();
  const prefix = o.prefix ?? runPrefix();
  const start = o.start ?? 0;
  const indices = Array.from({ length: o.cases }, (_, i) => start + i);
  const results: CaseResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < indices.length && !o.signal?.aborted) {
      const index = indices[next++]!;
      const r = await runCase(generateCase(o.seed, index), `${prefix}${index}-`, o.signal);
      results.push(r);
      o.onCase?.(r);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, o.concurrency ?? 3) }, worker));
  } finally {
    await removeNamespaces(prefix);
  }
  results.sort((a, b) => a.fuzzCase.index - b.fuzzCase.index);
  const agreement = emptyAgreement();
  const disagreements: RunReport['disagreements'][number][] = [];
  const unstable: RunReport['unstable'][number][] = [];
  const retried: RunReport['retried'][number][] = [];
  let probes = 0;
  for (const r of results)
    for (const p of r.probes) {
      probes++;
      if (p.recheck && !compareViews(p.engine, p.recheck, p.randomized).length) {
        retried.push({ fuzzCase: r.fuzzCase, probe: p });
        tally(agreement, p.engine, []);
        continue;
      }
      const stable = !p.recheck || JSON.stringify(p.recheck) === JSON.stringify(p.kernel);
      if (p.diffs.length && !stable) {
        unstable.push({ fuzzCase: r.fuzzCase, probe: p });
        continue;
      }
      tally(agreement, p.engine, p.diffs);
      if (p.diffs.length) disagreements.push({ fuzzCase: r.fuzzCase, probe: p });
    }
  return {
    seed: o.seed,
    results,
    agreement,
    probes,
    disagreements,
    unstable,
    retried,
    ms: Date.now() - t0,
    leftovers: { namespaces: await namespacesWith(prefix), processes: liveChildren() },
  };
}
