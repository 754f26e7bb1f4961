import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compare, markdownTable, meetsTarget, REGRESSION, textTable, type RecordedRun } from './report.ts';
import { percentile, rowOf, type BenchRow } from './row.ts';

const row = (over: Partial<BenchRow> = {}): BenchRow => ({
  suite: 'engine',
  task: 'engine: seed trace',
  unit: 'µs',
  p50: 10,
  p95: 20,
  samples: 100,
  lowerIsBetter: true,
  what: 'a trace',
  ...over,
});
const recorded = (rows: BenchRow[]): RecordedRun => ({ date: 'd', commit: 'c', machine: {}, rows });

describe('percentile', () => {
  it('interpolates between closest ranks', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([5, 1, 3], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 95)).toBe(10.5);
    expect(percentile([], 50)).toBeNaN();
  });

  it('lies between the smallest and the largest sample, and grows with p', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        (xs, p, q) => {
          const [lo, hi] = p <= q ? [p, q] : [q, p];
          expect(percentile(xs, lo)).toBeGreaterThanOrEqual(Math.min(...xs));
          expect(percentile(xs, hi)).toBeLessThanOrEqual(Math.max(...xs));
          expect(percentile(xs, lo)).toBeLessThanOrEqual(percentile(xs, hi));
        },
      ),
    );
  });

  it('rowOf takes p50 and p95 of the samples', () => {
    const r = rowOf({ ...row(), p50: undefined, p95: undefined } as never, [1, 2, 3, 4, 5]);
    expect([r.p50, r.p95, r.samples]).toEqual([3, 4.8, 5]);
  });
});

describe('targets and comparisons', () => {
  it('a target constrains the statistic it names', () => {
    expect(meetsTarget(row({ target: { value: 20, kind: 'max', on: 'p50' } }))).toBe(true);
    expect(meetsTarget(row({ target: { value: 15, kind: 'max', on: 'p95' } }))).toBe(false);
    expect(meetsTarget(row({ unit: 'fps', target: { value: 60, kind: 'min', on: 'p50' } }))).toBe(false);
    expect(meetsTarget(row())).toBeUndefined();
  });

  it('now / recorded is oriented so that > 1 is worse, and > 1.2 a regression', () => {
    const was = recorded([row({ p50: 10 })]);
    expect(compare(row({ p50: 12 }), was)).toMatchObject({ worse: 1.2, regressed: false });
    expect(compare(row({ p50: 12.5 }), was)?.regressed).toBe(true);
    expect(compare(row({ p50: 5 }), was)?.worse).toBe(0.5);
    // higher is better (a speed-up ratio): half of it is twice as bad
    const ratio = recorded([row({ unit: '×', lowerIsBetter: false, p50: 100 })]);
    expect(compare(row({ unit: '×', lowerIsBetter: false, p50: 50 }), ratio)).toMatchObject({
      worse: 2,
      regressed: true,
    });
    expect(REGRESSION).toBe(1.2);
    expect(compare(row({ task: 'new task' }), was)).toBeUndefined();
  });

  it('the tables show the target, the recorded p50 and the ratio', () => {
    const was = recorded([row({ p50: 10 })]);
    const now = [row({ p50: 25, target: { value: 20, kind: 'max', on: 'p50' } }), row({ task: 'new' })];
    const text = textTable(now, was).split('\n');
    expect(text[0]).toMatch(/^task +p50 +p95 +samples +target +recorded p50 +now \/ recorded$/);
    expect(text[2]).toContain('MISSED: p50 ≤ 20.0 µs');
    expect(text[2]).toMatch(/ 10\.0 µs +2\.50× REGRESSED$/);
    expect(text[3]).toMatch(/new$/);
    expect(markdownTable(now).split('\n')[2]).toBe(
      '| engine: seed trace | 25.0 µs | 20.0 µs | 100 | MISSED: p50 ≤ 20.0 µs |',
    );
  });
});
