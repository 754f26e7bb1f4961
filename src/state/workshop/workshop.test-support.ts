/** Files the workshop's state tests read. */
import { readFileSync } from 'node:fs';
import type { LabDocument } from '../../engine/lab/format.ts';
import type { Exercise } from '../../engine/workshop/exercise.ts';
import { parseExercise, type LoadedExercise } from './parse.ts';

const read = (p: string) => readFileSync(new URL(`../../../public/${p}`, import.meta.url), 'utf8');

export const EXAMPLE_TEXT = read('exercises/surebackup-basic.exercise.json');
export const seedLab = (): LabDocument => JSON.parse(read('labs/surebackup-basic.lab.json')) as LabDocument;
export const labDoc = (name: string): LabDocument => JSON.parse(read(`labs/${name}.lab.json`)) as LabDocument;

export function loaded(text = EXAMPLE_TEXT): LoadedExercise {
  const r = parseExercise(text);
  if (!r.ok) throw new Error(r.error.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return r.value;
}

/** The example as a plain object, to break in tests. */
export const exampleJson = (): Exercise => JSON.parse(EXAMPLE_TEXT) as Exercise;
