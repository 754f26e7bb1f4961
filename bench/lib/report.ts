/**
 * The benchmark table: rows with their target (met or not) and, with a recorded run to compare with,
 * the ratio of each p50 to the recorded one and whether it regressed by more than the tolerance.
 */
import type { BenchRow } from './row.ts';

/** A recorded run (bench/recorded.json): what `--compare` reads and `--record` writes. */
export interface RecordedRun {
  readonly date: string;
  readonly commit: string;
  readonly machine: Readonly<Record<string, string | number>>;
  readonly rows: readonly BenchRow[];
}

/** Slower (or, for frame rates, lower) than the recorded p50 by more than this is a regression. */
export const REGRESSION = 1.2;

export interface Compared {
  readonly recorded: BenchRow;
  /** now / recorded, in the direction where > 1 is worse. */
  readonly worse: number;
  readonly regressed: boolean;
}

export function compare(row: BenchRow, recorded: RecordedRun | undefined): Compared | undefined {
  const was = recorded?.rows.find((r) => r.task === row.task);
  if (!was || !(was.p50 > 0) || !(row.p50 > 0)) return undefined;
  const worse = row.lowerIsBetter ? row.p50 / was.p50 : was.p50 / row.p50;
  return { recorded: was, worse, regressed: worse > REGRESSION };
}

export function fmt(n: number): string {
  if (!Number.isFinite(n)) return '–';
  const a = Math.abs(n);
  if (a >= 100) return Math.round(n).toLocaleString('en-US');
  if (a >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

export function targetText(r: BenchRow): string {
  const t = r.target;
  if (!t) return '';
  return `${t.on} ${t.kind === 'max' ? '≤' : '≥'} ${fmt(t.value)} ${r.unit}`;
}

export function meetsTarget(r: BenchRow): boolean | undefined {
  const t = r.target;
  if (!t) return undefined;
  const v = t.on === 'p50' ? r.p50 : r.p95;
  return t.kind === 'max' ? v <= t.value : v >= t.value;
}

function cells(r: BenchRow, recorded: RecordedRun | undefined): string[] {
  const met = meetsTarget(r);
  const c = compare(r, recorded);
  const out = [
    r.task,
    `${fmt(r.p50)} ${r.unit}`,
    `${fmt(r.p95)} ${r.unit}`,
    String(r.samples),
    met === undefined ? '' : `${met ? 'met' : 'MISSED'}: ${targetText(r)}`,
  ];
  if (recorded)
    out.push(
      c ? `${fmt(c.recorded.p50)} ${r.unit}` : 'new',
      c ? `${c.worse.toFixed(2)}×${c.regressed ? ' REGRESSED' : ''}` : '',
    );
  return out;
}

function headerOf(recorded: RecordedRun | undefined): string[] {
  const h = ['task', 'p50', 'p95', 'samples', 'target'];
  if (recorded) h.push('recorded p50', 'now / recorded');
  return h;
}

/** The table as aligned text (for the terminal). */
export function textTable(rows: readonly BenchRow[], recorded?: RecordedRun): string {
  const header = headerOf(recorded);
  const body = rows.map((r) => cells(r, recorded));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cs: readonly string[]) =>
    cs
      .map((c, i) => (i === 0 || i === 4 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

/** The table as Markdown (for docs/benchmarks.md). */
export function markdownTable(rows: readonly BenchRow[], recorded?: RecordedRun): string {
  const header = headerOf(recorded);
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const align = header.map((_, i) => (i === 0 || i === 4 ? ':--' : '--:'));
  return [header, align, ...rows.map((r) => cells(r, recorded))]
    .map((cs) => `| ${cs.map(esc).join(' | ')} |`)
    .join('\n');
}
