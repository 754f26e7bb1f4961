/**
 * The design suite: generated virtual-lab designs (bench/vlab-design.ts) at 10 / 100 / 1 000 isolated
 * networks and 10 / 1 000 / 10 000 lab VMs — validated, compiled and linted as the designer does after
 * every edit (src/state/derive.ts: `compileDoc` + `lintCompiled`) — and their reachability matrix.
 *
 * Sanity gate before timing: every design compiles with no error diagnostics, and in the matrix the
 * backup server reaches every lab VM through its masquerade address while no lab VM reaches it.
 */
import type { LabDocument } from '../src/engine/lab/format.ts';
import { reachMatrix, type ReachMatrix } from '../src/engine/vlab/reach-matrix.ts';
import { compileDoc } from '../src/state/derive.ts';
import { lintCompiled } from '../src/state/lint-lab.ts';
import { rowOf, type BenchRow } from './lib/row.ts';
import type { SuiteOptions } from './lib/suite.ts';
import { generateVlabDesign, type VlabDesignSize } from './vlab-design.ts';

interface Size extends VlabDesignSize {
  /** Samples of a full run. */
  readonly runs: number;
}
const SIZES: readonly Size[] = [
  { networks: 10, vms: 10, clients: 10, runs: 30 },
  { networks: 100, vms: 1000, clients: 100, runs: 10 },
  { networks: 1000, vms: 10000, clients: 100, runs: 3 },
];
const TARGET_SIZE = SIZES[1]!;

const label = (s: VlabDesignSize) => `${s.networks} nets / ${s.vms} VMs`;

/** Keeps results alive so that no call can be optimised away. */
let sink: unknown;

function time(f: () => unknown): number {
  const t0 = performance.now();
  sink = f();
  return performance.now() - t0;
}

function compileAndLint(doc: LabDocument) {
  const c = compileDoc(doc);
  return { c, diagnostics: lintCompiled(c) };
}

function checkDesign(s: VlabDesignSize, doc: LabDocument): void {
  const { c, diagnostics } = compileAndLint(doc);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!c.network || errors.length)
    throw new Error(
      `design ${label(s)} does not compile cleanly:\n  ${errors
        .slice(0, 5)
        .map((e) => `${e.code} ${e.message}`)
        .join('\n  ')}`,
    );
}

function checkMatrix(m: ReachMatrix, s: VlabDesignSize): void {
  const problems: string[] = [];
  if (m.clients.length !== s.clients) problems.push(`${m.clients.length} clients, not ${s.clients}`);
  if (m.vms.length !== s.vms) problems.push(`${m.vms.length} lab VMs, not ${s.vms}`);
  const backup = m.forward[0] ?? [];
  const missed = backup.filter((cell) => !cell.ok);
  if (missed.length) problems.push(`the backup server misses ${missed.length} VMs: ${missed[0]!.reason}`);
  const leaks = m.reverse.flat().filter((cell) => cell.ok);
  if (leaks.length) problems.push(`${leaks.length} lab VMs reach production: ${leaks[0]!.reason}`);
  if (problems.length) throw new Error(`the matrix of ${label(s)} is wrong:\n  ${problems.join('\n  ')}`);
}

export async function designBench(opts: SuiteOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const s of SIZES) {
    const doc = generateVlabDesign(s);
    checkDesign(s, doc);
    const runs = opts.quick ? 1 : s.runs;
    const compile: number[] = [];
    const lint: number[] = [];
    const both: number[] = [];
    for (let i = 0; i < runs; i++) {
      let c: ReturnType<typeof compileDoc> | undefined;
      const tc = time(() => (c = compileDoc(doc)));
      const tl = time(() => lintCompiled(c!));
      compile.push(tc);
      lint.push(tl);
      both.push(tc + tl);
    }
    const size = `${doc.devices.length} devices, ${doc.segments.length} segments`;
    opts.log(`  design ${label(s)} (${size}): ${runs} samples`);
    const base = { suite: 'design', unit: 'ms', lowerIsBetter: true } as const;
    rows.push(
      rowOf(
        {
          ...base,
          task: `design: compile + lint ${label(s)}`,
          what: `validate, expand, compile, lint (${size})`,
          ...(s === TARGET_SIZE ? { target: { value: 10, kind: 'max', on: 'p50' } as const } : {}),
        },
        both,
      ),
      rowOf({ ...base, task: `design: compile ${label(s)}`, what: 'validate, expand, compile' }, compile),
      rowOf({ ...base, task: `design: lint ${label(s)}`, what: 'lintLab on the compiled lab' }, lint),
    );
  }

  // the matrix of the target size: 100 clients × 1 000 lab VMs, both directions
  const s = TARGET_SIZE;
  const doc = generateVlabDesign(s);
  const c = compileDoc(doc);
  if (!c.network) throw new Error(`design ${label(s)} does not compile`);
  const matrix = () => {
    const m = reachMatrix(doc, c.network!, c.design ? { design: c.design } : {});
    if (!m.ok) throw new Error(m.error);
    return m.value;
  };
  const m = matrix();
  checkMatrix(m, s);
  const samples: number[] = [];
  for (let i = 0; i < (opts.quick ? 1 : 5); i++) samples.push(time(matrix));
  opts.log(`  matrix ${label(s)}: ${m.stats.cells} cells, ${m.stats.traces} traces`);
  rows.push(
    rowOf(
      {
        suite: 'design',
        task: `design: reachability matrix ${s.clients} clients × ${s.vms} VMs`,
        unit: 'ms',
        lowerIsBetter: true,
        what: `${m.stats.cells} cells, ${m.stats.traces} traces (alike cells share one)`,
        target: { value: 2000, kind: 'max', on: 'p50' },
      },
      samples,
    ),
  );
  void sink;
  return rows;
}
