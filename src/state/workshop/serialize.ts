/**
 * Writing an exercise file: stable (the same exercise always gives the same text: fields in a fixed
 * order, optional fields only when present) and pretty (two-space JSON, a newline at the end).
 */
import type { LabDocument } from '../../engine/lab/format.ts';
import {
  EXERCISE_FORMAT,
  EXERCISE_VERSION,
  type Exercise,
  type ExerciseFlow,
  type ExerciseProbe,
} from '../../engine/workshop/exercise.ts';
import type { Question } from '../../engine/workshop/question.ts';

const opt = <K extends string, T>(key: K, value: T | undefined): { [k in K]?: T } =>
  (value !== undefined ? { [key]: value } : {}) as { [k in K]?: T };

function probeJson(p: ExerciseProbe): ExerciseProbe {
  return {
    from: p.from,
    to: p.to,
    ...opt('proto', p.proto),
    ...opt('sport', p.sport),
    ...opt('dport', p.dport),
  };
}

function questionJson(q: Question): Question {
  return {
    at: { leg: q.at.leg, hop: q.at.hop, step: q.at.step },
    kind: q.kind,
    ...opt('prompt', q.prompt),
    ...opt('expected', q.expected),
  };
}

function flowJson(f: ExerciseFlow): ExerciseFlow {
  return { ...opt('label', f.label), probe: probeJson(f.probe), questions: f.questions.map(questionJson) };
}

/** The exercise in its canonical field order (what is written, and what a link carries). */
export function canonicalExercise(ex: Exercise): Exercise {
  return {
    format: ex.format,
    version: ex.version,
    title: ex.title,
    ...opt('instructions', ex.instructions),
    lab: ex.lab,
    flows: ex.flows.map(flowJson),
  };
}

export function serializeExercise(ex: Exercise): string {
  return `${JSON.stringify(canonicalExercise(ex), null, 2)}\n`;
}

/** A new exercise on `lab`. */
export function newExercise(
  title: string,
  lab: LabDocument,
  flows: readonly ExerciseFlow[],
  instructions?: string,
): Exercise {
  return {
    format: EXERCISE_FORMAT,
    version: EXERCISE_VERSION,
    title,
    ...opt('instructions', instructions),
    lab,
    flows,
  };
}
