/**
 * Reading an exercise file: JSON text → its fields (shape.ts) → the lab (src/lab/load.ts) → each flow traced
 * on it → each question located on its trace and checked against its kind. Never throws on bad input:
 * every problem is a {@link LabIssue} whose path points into the file (`flows[0].questions[2].at.hop`,
 * `lab.devices[1].interfaces[0].addresses[0]`). An instructor's `expected` answer that the engine
 * disagrees with is a warning: the engine's answer is the one that counts.
 */
import { issueText, MAX_ISSUE_MESSAGE, MAX_ISSUE_PATH } from '../../engine/lab/issues.ts';
import { LAB_SCHEMA_VERSION, type LabDocument, type LabIssue } from '../../engine/lab/format.ts';
import type { Network } from '../../engine/model/network.ts';
import type { TraceResult } from '../../engine/sim/steps.ts';
import { err, ok, type Result } from '../../engine/util/result.ts';
import { questionAt } from '../../engine/workshop/candidates.ts';
import { checkAnswer } from '../../engine/workshop/check.ts';
import {
  EXERCISE_FORMAT,
  EXERCISE_VERSION,
  flowTitle,
  traceFlow,
  type Exercise,
  type ExerciseFlow,
} from '../../engine/workshop/exercise.ts';
import { candidateKey, compareRefs, type Candidate, type Question } from '../../engine/workshop/question.ts';
import { jsonSyntaxError, loadLabValue, MAX_LAB_BYTES } from '../../lab/load.ts';
import { describeValue as describe, readShape } from './shape.ts';

export interface PlayQuestion {
  /** Position in the file's `flows[f].questions`. */
  readonly index: number;
  readonly question: Question;
  /** What is shown: the prompt (the instructor's, or the generated one) and the choices. */
  readonly candidate: Candidate;
}

export interface PlayFlow {
  readonly flow: ExerciseFlow;
  readonly title: string;
  /** The flow traced on the exercise's lab: the answers come from here. */
  readonly result: TraceResult;
  /** The questions in the order the packet meets them. */
  readonly questions: readonly PlayQuestion[];
}

export interface LoadedExercise {
  readonly exercise: Exercise;
  readonly network: Network;
  readonly flows: readonly PlayFlow[];
  /** Problems that do not stop the exercise (an `expected` answer the engine disagrees with). */
  readonly warnings: readonly LabIssue[];
}

export type ExerciseResult = Result<LoadedExercise, readonly LabIssue[]>;

const issue = (path: string, message: string, severity: LabIssue['severity'] = 'error'): LabIssue => ({
  path: issueText(path, MAX_ISSUE_PATH),
  message: issueText(message, MAX_ISSUE_MESSAGE),
  severity,
});
const fail = (path: string, message: string): ExerciseResult => err([issue(path, message)]);

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

export function parseExercise(text: string): ExerciseResult {
  if (text.length > MAX_LAB_BYTES)
    return fail(
      '',
      `the file is ${(text.length / 1048576).toFixed(1)} MB; natlab reads exercises up to ${MAX_LAB_BYTES / 1048576} MB`,
    );
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const at = jsonSyntaxError(text);
    if (!at) return fail('', `not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    const before = text.slice(0, at.pos);
    const line = before.split('\n').length;
    return fail(
      '',
      `not valid JSON: ${at.problem} at line ${line}, column ${at.pos - before.lastIndexOf('\n')}`,
    );
  }
  return parseExerciseValue(json);
}

/** The file's tag and version, checked first: a lab file or a newer exercise gets one clear message. */
function checkTag(json: unknown): LabIssue | null {
  if (!isObject(json)) return issue('', `expected an exercise (a JSON object), got ${describe(json)}`);
  if (json.format !== EXERCISE_FORMAT) {
    if ('schemaVersion' in json && 'devices' in json)
      return issue('format', 'this is a lab file, not an exercise: open it as a lab');
    return issue(
      'format',
      `this is not a natlab exercise: expected "format": "${EXERCISE_FORMAT}", got ${describe(json.format)}`,
    );
  }
  if (typeof json.version === 'number' && json.version > EXERCISE_VERSION)
    return issue(
      'version',
      `this exercise was written by a newer natlab (version ${json.version}); this natlab reads version ${EXERCISE_VERSION}`,
    );
  if (json.version !== EXERCISE_VERSION)
    return issue('version', `expected ${EXERCISE_VERSION}, got ${describe(json.version)}`);
  return null;
}

/** `lab` + the lab loader's path (`lab.devices[0]`, `lab["x y"]`, `lab`). */
const labPath = (p: string) => (p === '' ? 'lab' : p.startsWith('[') ? `lab${p}` : `lab.${p}`);

export function parseExerciseValue(json: unknown): ExerciseResult {
  const tag = checkTag(json);
  if (tag) return err([tag]);
  const raw = json as Record<string, unknown>;
  const shape = readShape(raw);
  const issues: LabIssue[] = shape.ok ? [] : shape.issues;
  // a missing lab is the shape's issue; the loader checks one that is there
  const lab = 'lab' in raw ? loadLabValue(raw.lab) : null;
  if (lab && !lab.ok)
    for (const i of lab.issues) if (i.severity === 'error') issues.push({ ...i, path: labPath(i.path) });
  if (!shape.ok || !lab?.ok) return err(issues.map((i) => issue(i.path, i.message, i.severity)));
  // the lab as written (its field order kept, so saving again changes nothing), unless it was migrated
  const doc = lab.fromVersion === LAB_SCHEMA_VERSION ? (raw.lab as LabDocument) : lab.doc;
  const exercise: Exercise = { ...shape.value, lab: doc };
  return play(exercise, lab.network);
}

/** Traces every flow and places every question on its trace. */
function play(exercise: Exercise, network: Network): ExerciseResult {
  const errors: LabIssue[] = [];
  const warnings: LabIssue[] = [];
  const flows: PlayFlow[] = [];
  exercise.flows.forEach((flow, f) => {
    const at = `flows[${f}]`;
    if (!network.byId.has(flow.probe.from)) {
      errors.push(
        issue(
          `${at}.probe.from`,
          `the lab has no device "${flow.probe.from}" (devices: ${network.devices.map((d) => d.id).join(', ')})`,
        ),
      );
      return;
    }
    const traced = traceFlow(network, flow.probe);
    if (!traced.ok) {
      errors.push(
        issue(/destination port/.test(traced.error) ? `${at}.probe.dport` : `${at}.probe`, traced.error),
      );
      return;
    }
    const result = traced.value;
    const questions: PlayQuestion[] = [];
    const seen = new Map<string, number>();
    flow.questions.forEach((question, q) => {
      const qat = `${at}.questions[${q}]`;
      const c = questionAt(result, network, question);
      if (!c.ok) {
        const field = c.error.field === 'kind' ? 'kind' : `at.${c.error.field}`;
        errors.push(issue(`${qat}.${field}`, c.error.message));
        return;
      }
      const key = candidateKey(question);
      const before = seen.get(key);
      if (before !== undefined)
        warnings.push(
          issue(qat, `the same question as ${at}.questions[${before}]; it is asked twice`, 'warning'),
        );
      else seen.set(key, q);
      if (question.expected !== undefined) {
        const check = checkAnswer(question, question.expected, result);
        if (!check.correct)
          warnings.push(
            issue(
              `${qat}.expected`,
              `the file expects "${question.expected}", but the engine's trace says "${check.expected}": the engine's answer counts`,
              'warning',
            ),
          );
      }
      questions.push({ index: q, question, candidate: c.value });
    });
    questions.sort((a, b) => compareRefs(a.question.at, b.question.at) || a.index - b.index);
    flows.push({ flow, title: flowTitle(flow), result, questions });
  });
  if (errors.length) return err(errors);
  return ok({ exercise, network, flows, warnings });
}

/** Plays an exercise held in memory (the editor's), with the same checks as a file. */
export function loadExercise(exercise: Exercise): ExerciseResult {
  return parseExerciseValue(exercise);
}
