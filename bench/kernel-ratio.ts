/**
 * Suite `kernel`: the engine against what users do today (issue 7). The question is "does vbs reach the
 * copy (sf0006-copy, through its masquerade address 192.168.150.36)?" on public/labs/surebackup-basic.lab.json:
 *
 * - natlab: `node bin/natlab.mjs trace LAB --from vbs --to 192.168.150.36`, as a process, wall time (and
 *   the in-process `trace()` for reference);
 * - the kernel: `node bin/natlab.mjs up LAB --prefix P`, then `ip netns exec Pvbs ping -c 1 -W 1
 *   192.168.150.36`, then `natlab down`: the time to the answer (up + ping) and the total with teardown;
 * - their ratio, `up+ping / natlab trace`: how many times faster the engine answers (and the ratio to the
 *   in-process trace: the engine already loaded, as in the app).
 *
 * Every sample must be an answer: the trace must print `answered: vbs reaches 192.168.150.36`, the ping
 * must be answered ("1 received"), or the suite throws (a failure is not a number). The namespaces are
 * `kr<pid>-*`, never the kernel tests' `nl…`/`ncon…`/`ncap…` ones; they are torn down after each run and
 * on any error, Ctrl-C or SIGTERM, and `ip netns list` is checked to hold none of them afterwards.
 * Without root, Linux or `ip netns` the suite logs why and returns no rows.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ipv4 } from '../src/engine/addr/ipv4.ts';
import { nsName } from '../src/engine/export/netns-script.ts';
import { trace, type Probe } from '../src/engine/sim/trace.ts';
import { deleteNamespace, kernelUnavailable, namespacesWithPrefix, run } from '../src/kernel/host.ts';
import { guardPrefix, releasePrefix } from '../src/kernel/realize.ts';
import { loadLabValue } from '../src/lab/load.ts';
import { rowOf, type BenchRow } from './lib/row.ts';
import type { SuiteOptions } from './lib/suite.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LAB = 'public/labs/surebackup-basic.lab.json';
const FROM = 'vbs';
const TO = '192.168.150.36';
const RECEIVER = 'sf0006-copy';
const ANSWER = `answered: ${FROM} reaches ${TO}`;

interface Done {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time from spawn to exit, ms. */
  readonly ms: number;
}

/** Runs a command from the repository root; resolves when it has exited (killed after `timeoutMs`). */
function exec(cmd: string, args: readonly string[], timeoutMs = 60_000): Promise<Done> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    p.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - t0 }));
  });
}

const natlab = (...args: string[]) => exec(process.execPath, ['bin/natlab.mjs', ...args]);

function must(ok: boolean, what: string, r: Done): void {
  if (!ok)
    throw new Error(
      `kernel benchmark: ${what} (exit ${r.code})\n${`${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-8).join('\n')}`,
    );
}

/** Why the kernel half cannot run here, or null. */
function unavailable(): string | null {
  const why = kernelUnavailable(); // what `natlab up` itself requires
  if (why) return why;
  const r = run('ip', ['netns', 'list']);
  if (r.code !== 0) return `"ip netns list" fails: ${r.stderr.trim()}`;
  return null;
}

/** Our namespaces still present, deleted one by one (by name: only this run's prefix). */
function sweep(prefix: string): string[] {
  const left = namespacesWithPrefix(prefix);
  for (const ns of left) deleteNamespace(ns);
  return left;
}

/** One `natlab trace` process: its wall time; throws unless the trace says vbs reaches the copy. */
async function traceProcess(): Promise<number> {
  const r = await natlab('trace', LAB, '--from', FROM, '--to', TO);
  must(
    r.code === 0 && r.stdout.split('\n').some((l) => l.startsWith(ANSWER)),
    'natlab trace gave no answer',
    r,
  );
  return r.ms;
}

/** In-process `trace()` of the loaded lab, µs per call (after a warm-up). */
async function traceInProcess(runs: number): Promise<number[]> {
  const { readFile } = await import('node:fs/promises');
  const loaded = loadLabValue(JSON.parse(await readFile(`${ROOT}/${LAB}`, 'utf8')));
  if (!loaded.ok) throw new Error(`kernel benchmark: ${LAB} does not load`);
  const probe: Probe = { from: FROM, to: ipv4(TO) };
  const once = () => {
    const r = trace(loaded.network, probe);
    if (!r.ok || r.value.outcome !== 'answered' || r.value.request.receiver !== RECEIVER)
      throw new Error(
        `kernel benchmark: trace() does not reach ${RECEIVER}: ${r.ok ? r.value.summary : r.error}`,
      );
  };
  for (let i = 0; i < Math.min(100, runs); i++) once();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    once();
    out.push((performance.now() - t) * 1000);
  }
  return out;
}

interface KernelRun {
  /** up + ping: the time to the answer, ms. */
  readonly answer: number;
  /** up + ping + down, ms. */
  readonly total: number;
}

/** natlab up, one ping from vbs's namespace, natlab down; always torn down. */
async function kernelRun(prefix: string): Promise<KernelRun> {
  const t0 = performance.now();
  let left: string[];
  let result: KernelRun;
  try {
    const up = await natlab('up', LAB, '--prefix', prefix);
    must(up.code === 0, 'natlab up failed', up);
    const ping = await exec('ip', ['netns', 'exec', nsName(prefix, FROM), 'ping', '-c', '1', '-W', '1', TO]);
    const answer = performance.now() - t0;
    must(
      ping.code === 0 && /\b1 received\b/.test(ping.stdout),
      `the ping from ${FROM} to ${TO} was not answered`,
      ping,
    );
    const down = await natlab('down', LAB, '--prefix', prefix);
    must(down.code === 0, 'natlab down failed', down);
    result = { answer, total: performance.now() - t0 };
  } finally {
    left = sweep(prefix); // on an error too: the error goes on, with nothing left behind
  }
  if (left.length) throw new Error(`kernel benchmark: natlab down left ${left.join(', ')} (now deleted)`);
  return result;
}

export async function kernelRatioBench(opts: SuiteOptions): Promise<BenchRow[]> {
  const why = unavailable();
  if (why) {
    opts.log(`kernel: skipped: ${why}`);
    return [];
  }
  const prefix = `kr${process.pid.toString(36)}-`;
  const traceRuns = opts.quick ? 3 : 10;
  const kernelRuns = opts.quick ? 1 : 3;

  await traceProcess(); // warm the file cache and tsx's compile cache, as a user's second run
  const processMs: number[] = [];
  for (let i = 0; i < traceRuns; i++) processMs.push(await traceProcess());
  const inProcessUs = await traceInProcess(opts.quick ? 200 : 5000);

  guardPrefix(prefix); // Ctrl-C or SIGTERM mid-run still removes our namespaces
  const kernel: KernelRun[] = [];
  try {
    if (sweep(prefix).length) opts.log(`kernel: removed leftover namespaces ${prefix}*`);
    for (let i = 0; i < kernelRuns; i++) {
      kernel.push(await kernelRun(prefix));
      opts.log(
        `kernel: run ${i + 1}: up + ping ${kernel[i]!.answer.toFixed(0)} ms, with down ${kernel[i]!.total.toFixed(0)} ms`,
      );
    }
  } finally {
    sweep(prefix);
    releasePrefix(prefix);
  }
  const left = namespacesWithPrefix(prefix);
  if (left.length) throw new Error(`kernel benchmark: namespaces left behind: ${left.join(', ')}`);

  const base = { suite: 'kernel', lowerIsBetter: true } as const;
  const engine = rowOf(
    {
      ...base,
      task: 'kernel: natlab trace (process)',
      unit: 'ms',
      what: `node bin/natlab.mjs trace … --from ${FROM} --to ${TO}`,
    },
    processMs,
  );
  const inProcess = rowOf(
    { ...base, task: 'kernel: trace() in process', unit: 'µs', what: 'the same trace, lab loaded, warm' },
    inProcessUs,
  );
  const rows: BenchRow[] = [
    engine,
    inProcess,
    rowOf(
      {
        ...base,
        task: 'kernel: natlab up + ping',
        unit: 'ms',
        what: `natlab up, ip netns exec … ping -c 1 ${TO}: the answer`,
      },
      kernel.map((k) => k.answer),
    ),
    rowOf(
      { ...base, task: 'kernel: natlab up + ping + down', unit: 'ms', what: 'the same, then natlab down' },
      kernel.map((k) => k.total),
    ),
    rowOf(
      {
        suite: 'kernel',
        task: 'kernel: up+ping / natlab trace',
        unit: '×',
        lowerIsBetter: false,
        what: 'times faster natlab trace answers than a lab built and pinged',
      },
      kernel.map((k) => k.answer / engine.p50),
    ),
    rowOf(
      {
        suite: 'kernel',
        task: 'kernel: up+ping / trace() in process',
        unit: '×',
        lowerIsBetter: false,
        what: 'the same against the engine already loaded (the app, a warm process)',
      },
      kernel.map((k) => k.answer / (inProcess.p50 / 1000)),
    ),
  ];
  for (const r of rows)
    opts.log(`  ${r.task}: p50 ${r.p50.toFixed(r.unit === '×' ? 1 : 0)} ${r.unit} (${r.samples} runs)`);
  return rows;
}
