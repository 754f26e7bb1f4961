/**
 * One line of the benchmark table, whatever measured it (tinybench in Node, Playwright in Chromium, a
 * kernel lab in namespaces, a file size): the median and the 95th percentile of repeated samples, in
 * the row's unit, and the issue-7 target it answers to, if any. bench/run.ts prints, records and
 * compares these.
 */
export type BenchUnit = 'µs' | 'ms' | 's' | 'kB' | 'fps' | '×';

export interface Target {
  /** The number to meet, in the row's unit. */
  readonly value: number;
  /** `'max'`: the p50 (or p95 when `on` says so) must be ≤ value; `'min'`: ≥ value. */
  readonly kind: 'max' | 'min';
  /** Which statistic the target constrains. */
  readonly on: 'p50' | 'p95';
}

export interface BenchRow {
  /** The suite: `engine`, `design`, `iptables`, `kernel`, `ui`. */
  readonly suite: string;
  /** Stable name (the key of comparisons between runs): change it only when what it measures changes. */
  readonly task: string;
  readonly unit: BenchUnit;
  readonly p50: number;
  readonly p95: number;
  readonly samples: number;
  /** Whether a smaller number is better (times, sizes) or a larger one (frame rates, ratios of speed-up). */
  readonly lowerIsBetter: boolean;
  readonly target?: Target;
  /** What one sample is, in a few words. */
  readonly what: string;
}

/** p-th percentile (0..100) of samples, linear interpolation between closest ranks. */
export function percentile(samples: readonly number[], p: number): number {
  if (!samples.length) return Number.NaN;
  const s = [...samples].sort((a, b) => a - b);
  const k = ((s.length - 1) * p) / 100;
  const lo = Math.floor(k);
  const hi = Math.ceil(k);
  return s[lo]! + (s[hi]! - s[lo]!) * (k - lo);
}

/** A row from raw samples. */
export function rowOf(base: Omit<BenchRow, 'p50' | 'p95' | 'samples'>, samples: readonly number[]): BenchRow {
  return { ...base, p50: percentile(samples, 50), p95: percentile(samples, 95), samples: samples.length };
}
