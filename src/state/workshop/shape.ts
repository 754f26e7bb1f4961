/**
 * The exercise file's shape: fields, types, formats and caps, each problem with its path
 * (`flows[0].questions[2].at.hop`). Written by hand, as the store may not use the schema library (the
 * lab inside is checked by src/lab's loader, the steps by tracing: parse.ts). Unknown fields are
 * refused, as in lab files, so a misspelt field is never silently ignored.
 */
import { parseIpv4 } from '../../engine/addr/ipv4.ts';
import type { LabIssue } from '../../engine/lab/format.ts';
import { keyPath } from '../../engine/lab/issues.ts';
import {
  EXERCISE_FORMAT,
  EXERCISE_VERSION,
  type Exercise,
  type ExerciseFlow,
  type ExerciseProbe,
} from '../../engine/workshop/exercise.ts';
import { QUESTION_KINDS, type Question, type QuestionKind } from '../../engine/workshop/question.ts';

/** Caps, so a hostile file cannot make natlab trace for minutes or hold megabytes of prompts. */
export const MAX_FLOWS = 50;
export const MAX_QUESTIONS = 200;
const MAX_INDEX = 1_000_000;

type Obj = Record<string, unknown>;
const isObject = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

export function describeValue(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'string') return JSON.stringify(x.length > 60 ? `${x.slice(0, 57)}...` : x);
  if (typeof x === 'object') return 'an object';
  return `${typeof x} ${String(x)}`;
}

const at = (base: string, key: string | number) =>
  typeof key === 'number'
    ? `${base}[${key}]`
    : base
      ? `${base}${keyPath(key)}`
      : keyPath(key).replace(/^\./, '');

/** Collects issues while reading one value. */
class Reader {
  readonly issues: LabIssue[] = [];
  fail(path: string, message: string): undefined {
    this.issues.push({ path, message, severity: 'error' });
    return undefined;
  }

  /** An object with exactly these fields (`optional` may be absent); unknown fields are reported. */
  object(
    x: unknown,
    path: string,
    required: readonly string[],
    optional: readonly string[] = [],
  ): Obj | undefined {
    if (!isObject(x)) return this.fail(path, `expected an object, got ${describeValue(x)}`);
    for (const k of required)
      if (!Object.prototype.hasOwnProperty.call(x, k)) this.fail(at(path, k), 'missing');
    for (const k of Object.keys(x))
      if (!required.includes(k) && !optional.includes(k))
        this.fail(
          at(path, k),
          'unknown field (check the spelling; the fields are listed in docs/workshop.md)',
        );
    return x;
  }

  string(x: unknown, path: string, max: number, min = 0, emptyMessage?: string): string | undefined {
    if (typeof x !== 'string') return this.fail(path, `expected a string, got ${describeValue(x)}`);
    if (x.length < min) return this.fail(path, emptyMessage ?? `at least ${min} characters`);
    if (x.length > max) return this.fail(path, `too long: ${x.length} characters, at most ${max}`);
    return x;
  }

  integer(x: unknown, path: string, min: number, max: number): number | undefined {
    if (typeof x !== 'number') return this.fail(path, `expected a number, got ${describeValue(x)}`);
    if (!Number.isInteger(x) || x < min || x > max)
      return this.fail(path, `${describeValue(x)} is out of range (an integer ${min}..${max})`);
    return x;
  }

  pick<T extends string>(x: unknown, path: string, values: readonly T[]): T | undefined {
    if (typeof x === 'string' && (values as readonly string[]).includes(x)) return x as T;
    return this.fail(path, `expected ${values.map((v) => `"${v}"`).join(' | ')}, got ${describeValue(x)}`);
  }

  list(x: unknown, path: string, min: number, max: number, tooFew: string): unknown[] | undefined {
    if (!Array.isArray(x)) return this.fail(path, `expected an array, got ${describeValue(x)}`);
    if (x.length < min) return this.fail(path, tooFew);
    if (x.length > max) return this.fail(path, `${x.length} items; at most ${max} are allowed here`);
    return x;
  }
}

/** `{ k: v }` when v is defined, for optional fields. */
const opt = <K extends string, T>(k: K, v: T | undefined): { [key in K]?: T } =>
  (v !== undefined ? { [k]: v } : {}) as { [key in K]?: T };

function readQuestion(r: Reader, x: unknown, path: string): Question | undefined {
  const o = r.object(x, path, ['at', 'kind'], ['prompt', 'expected']);
  if (!o) return undefined;
  const refPath = at(path, 'at');
  const ref = o.at === undefined ? undefined : r.object(o.at, refPath, ['leg', 'hop', 'step']);
  const leg =
    ref && ref.leg !== undefined
      ? r.pick(ref.leg, at(refPath, 'leg'), ['request', 'reply'] as const)
      : undefined;
  const hop = ref && ref.hop !== undefined ? r.integer(ref.hop, at(refPath, 'hop'), 0, MAX_INDEX) : undefined;
  const step =
    ref && ref.step !== undefined ? r.integer(ref.step, at(refPath, 'step'), 0, MAX_INDEX) : undefined;
  const kind =
    o.kind === undefined ? undefined : r.pick<QuestionKind>(o.kind, at(path, 'kind'), QUESTION_KINDS);
  const prompt = o.prompt === undefined ? undefined : r.string(o.prompt, at(path, 'prompt'), 2000);
  const expected = o.expected === undefined ? undefined : r.string(o.expected, at(path, 'expected'), 200);
  if (leg === undefined || hop === undefined || step === undefined || kind === undefined) return undefined;
  return { at: { leg, hop, step }, kind, ...opt('prompt', prompt), ...opt('expected', expected) };
}

function readProbe(r: Reader, x: unknown, path: string): ExerciseProbe | undefined {
  const o = r.object(x, path, ['from', 'to'], ['proto', 'sport', 'dport']);
  if (!o) return undefined;
  const from =
    o.from === undefined ? undefined : r.string(o.from, at(path, 'from'), 64, 1, 'a device id is needed');
  let to = o.to === undefined ? undefined : r.string(o.to, at(path, 'to'), 64);
  if (to !== undefined && !parseIpv4(to).ok) to = r.fail(at(path, 'to'), `"${to}" is not an IPv4 address`);
  const proto =
    o.proto === undefined ? undefined : r.pick(o.proto, at(path, 'proto'), ['icmp', 'tcp', 'udp'] as const);
  const sport = o.sport === undefined ? undefined : r.integer(o.sport, at(path, 'sport'), 0, 65535);
  const dport = o.dport === undefined ? undefined : r.integer(o.dport, at(path, 'dport'), 0, 65535);
  if (from === undefined || to === undefined) return undefined;
  return { from, to, ...opt('proto', proto), ...opt('sport', sport), ...opt('dport', dport) };
}

function readFlow(r: Reader, x: unknown, path: string): ExerciseFlow | undefined {
  const o = r.object(x, path, ['probe', 'questions'], ['label']);
  if (!o) return undefined;
  const label = o.label === undefined ? undefined : r.string(o.label, at(path, 'label'), 300);
  const probe = o.probe === undefined ? undefined : readProbe(r, o.probe, at(path, 'probe'));
  const qPath = at(path, 'questions');
  const list =
    o.questions === undefined
      ? undefined
      : r.list(o.questions, qPath, 1, MAX_QUESTIONS, 'a flow needs at least one question');
  const questions = list?.map((q, i) => readQuestion(r, q, at(qPath, i)));
  if (!probe || !questions || questions.some((q) => q === undefined)) return undefined;
  return { ...opt('label', label), probe, questions: questions as Question[] };
}

export type Shape = Omit<Exercise, 'lab'> & { readonly lab: unknown };

/**
 * Reads the exercise's fields (the `format` and `version` tags are checked before: parse.ts). The lab
 * is only required to be there.
 */
export function readShape(json: Obj): { ok: true; value: Shape } | { ok: false; issues: LabIssue[] } {
  const r = new Reader();
  r.object(json, '', ['format', 'version', 'title', 'lab', 'flows'], ['instructions']);
  const title =
    json.title === undefined ? undefined : r.string(json.title, 'title', 300, 1, 'an exercise needs a title');
  const instructions =
    json.instructions === undefined ? undefined : r.string(json.instructions, 'instructions', 20000);
  const list =
    json.flows === undefined
      ? undefined
      : r.list(json.flows, 'flows', 1, MAX_FLOWS, 'an exercise needs at least one flow');
  const flows = list?.map((f, i) => readFlow(r, f, at('flows', i)));
  if (r.issues.length || title === undefined || !flows) return { ok: false, issues: r.issues };
  return {
    ok: true,
    value: {
      format: EXERCISE_FORMAT,
      version: EXERCISE_VERSION,
      title,
      ...opt('instructions', instructions),
      lab: json.lab,
      flows: flows as ExerciseFlow[],
    },
  };
}
