/**
 * Property: an exercise an instructor builds from any of the trace's candidates, with any title, labels
 * and prompts (hostile text included), comes back equal from its file and from its link.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LabDocument } from '../../engine/lab/format.ts';
import { questionCandidates } from '../../engine/workshop/candidates.ts';
import { answerOf } from '../../engine/workshop/answer.ts';
import {
  traceFlow,
  type Exercise,
  type ExerciseFlow,
  type ExerciseProbe,
} from '../../engine/workshop/exercise.ts';
import type { Candidate, Question } from '../../engine/workshop/question.ts';
import { loadLabValue } from '../../lab/load.ts';
import { exerciseFromFragment, exerciseToUrlFragment } from './link.ts';
import { parseExercise } from './parse.ts';
import { newExercise, serializeExercise } from './serialize.ts';
import { labDoc } from './workshop.test-support.ts';

interface Pool {
  readonly lab: LabDocument;
  readonly flows: readonly {
    readonly probe: ExerciseProbe;
    readonly candidates: readonly Candidate[];
    readonly answers: Map<Candidate, string>;
  }[];
}

function pool(name: string, probes: ExerciseProbe[]): Pool {
  const lab = labDoc(name);
  const r = loadLabValue(lab);
  if (!r.ok) throw new Error(`${name} does not load`);
  return {
    lab,
    flows: probes.map((probe) => {
      const t = traceFlow(r.network, probe);
      if (!t.ok) throw new Error(t.error);
      const candidates = questionCandidates(t.value, r.network);
      const answers = new Map(
        candidates.map((c) => {
          const a = answerOf(c, t.value);
          if (!a.ok) throw new Error(a.error.message);
          return [c, a.value.value] as const;
        }),
      );
      return { probe, candidates, answers };
    }),
  };
}

const POOLS = [
  pool('surebackup-basic', [
    { from: 'vbs', to: '192.168.150.36' },
    { from: 'sf0006-copy', to: '192.168.149.50' },
  ]),
  pool('surebackup-static-mapping', [
    { from: 'ws01', to: '192.168.149.136' },
    { from: 'ws01', to: '192.168.149.136', proto: 'tcp', dport: 22, sport: 41000 },
  ]),
];

/** Text a user (or an attacker) may put in a title or a prompt. */
const hostile = (min: number) =>
  fc.oneof(
    fc.string({ unit: 'binary', minLength: min, maxLength: 80 }),
    fc.constantFrom('<img src=x onerror=alert(1)>', '"; DROP TABLE --', '\u202e\u0000\u2028', '👩‍👩‍👧 Ünïcödé'),
  );

const question = (c: Candidate, answer: string) =>
  fc
    .record({ prompt: fc.option(hostile(0), { nil: undefined }), expect: fc.boolean() })
    .map(({ prompt, expect }): Question => ({
      at: c.at,
      kind: c.kind,
      ...(prompt !== undefined ? { prompt } : {}),
      ...(expect ? { expected: answer } : {}),
    }));

const exercise: fc.Arbitrary<Exercise> = fc.constantFrom(...POOLS).chain((p) =>
  fc
    .record({
      title: hostile(1),
      instructions: fc.option(hostile(0), { nil: undefined }),
      flows: fc.subarray([...p.flows], { minLength: 1 }).chain((flows) =>
        fc.tuple(
          ...flows.map((f) =>
            fc
              .record({
                label: fc.option(hostile(0), { nil: undefined }),
                chosen: fc.subarray([...f.candidates], {
                  minLength: 1,
                  maxLength: Math.min(8, f.candidates.length),
                }),
              })
              .chain(({ label, chosen }) =>
                fc
                  .tuple(...chosen.map((c) => question(c, f.answers.get(c)!)))
                  .map((questions): ExerciseFlow => ({
                    ...(label !== undefined ? { label } : {}),
                    probe: f.probe,
                    questions,
                  })),
              ),
          ),
        ),
      ),
    })
    .map(({ title, instructions, flows }) => newExercise(title, p.lab, flows, instructions)),
);

describe('exercises built from random candidates', () => {
  it('round-trip through the file, stably and without warnings', () => {
    fc.assert(
      fc.property(exercise, (ex) => {
        const text = serializeExercise(ex);
        const r = parseExercise(text);
        if (!r.ok) throw new Error(r.error.map((i) => `${i.path}: ${i.message}`).join('\n'));
        expect(r.value.exercise).toEqual(ex);
        expect(r.value.warnings.filter((w) => w.path.endsWith('.expected'))).toEqual([]);
        expect(serializeExercise(r.value.exercise)).toBe(text);
      }),
      { numRuns: 40 },
    );
  });

  it('round-trip through the #exercise= link', async () => {
    await fc.assert(
      fc.asyncProperty(exercise, async (ex) => {
        const hash = await exerciseToUrlFragment(ex);
        expect(hash).toMatch(/^#exercise=[A-Za-z0-9_-]+$/);
        const r = await exerciseFromFragment(hash);
        if (!r.ok) throw new Error(r.error.map((i) => `${i.path}: ${i.message}`).join('\n'));
        expect(r.value.exercise).toEqual(ex);
      }),
      { numRuns: 15 },
    );
  });
});
