/**
 * The randomized engine-vs-kernel differential suite (docs/verification.md): a fixed sample of generated
 * labs, each built in network namespaces and probed (ICMP, TCP, UDP); every compared field must agree.
 * Needs root on Linux (CI has it); elsewhere it is skipped loudly. The regression replay below needs no
 * kernel: every disagreement ever found is kept under tests/kernel-regressions/ with the kernel's
 * observation, and the engine must reproduce it.
 */
import { describe, expect, it } from 'vitest';
import { loadRegressions, replay } from './fuzz/regressions.ts';
import { formatReport } from './fuzz/report.ts';
import { runFuzz, runPrefix } from './fuzz/run.ts';
import { probesUnavailable } from './probe.ts';

/** The CI sample: change the seed only together with the figures in docs/verification.md. */
export const CI_SEED = 20260501;
export const CI_CASES = 150;

const why = probesUnavailable();
if (why)
  console.warn(
    `\n*** DIFFERENTIAL SUITE SKIPPED (${why}): the engine was NOT compared with the Linux kernel on random labs ***\n`,
  );

describe.skipIf(why !== null)('randomized differential suite: engine = kernel', () => {
  it(
    `seed ${CI_SEED}: ${CI_CASES} random labs, every probe agrees on every compared field`,
    async () => {
      const report = await runFuzz({
        seed: CI_SEED,
        cases: CI_CASES,
        concurrency: 6,
        prefix: `${runPrefix()}t`,
      });
      const text = formatReport(report);
      console.log(text);
      expect(report.results).toHaveLength(CI_CASES);
      expect(report.results.flatMap((r) => (r.failure ? [`${r.fuzzCase.id}: ${r.failure}`] : []))).toEqual(
        [],
      );
      expect(report.results.flatMap((r) => r.compileErrors.map((e) => `${r.fuzzCase.id}: ${e}`))).toEqual([]);
      expect(report.unstable.map((u) => `${u.fuzzCase.id} probe ${u.probe.index}`)).toEqual([]);
      expect(
        report.disagreements.map(
          (d) => `${d.fuzzCase.id} probe ${d.probe.index}: ${d.probe.diffs.map((x) => x.field).join(', ')}`,
        ),
      ).toEqual([]);
      expect(report.leftovers).toEqual({ namespaces: [], processes: 0 });
    },
    15 * 60_000,
  );
});

describe('kernel regressions: the engine reproduces what the kernel did', () => {
  const regressions = loadRegressions();
  it('tests/kernel-regressions/ holds complete cases', () => {
    for (const r of regressions) {
      expect(r.probe.from, r.name).toBeTypeOf('string');
      expect(r.kernel.verdict, r.name).toBeTypeOf('string');
    }
  });
  it.skipIf(regressions.length === 0).each(regressions.map((r) => [r.name, r] as const))('%s', (_name, r) => {
    const { engine, diffs } = replay(r);
    expect(diffs, JSON.stringify({ engine, kernel: r.kernel }, null, 2)).toEqual([]);
  });
});
