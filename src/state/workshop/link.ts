/**
 * An exercise as a link: its JSON, deflate-raw compressed and base64url-encoded into the fragment
 * `#exercise=…` (the same encoding as a shared lab's `#lab=…`, src/state/share). The fragment never
 * reaches a server. Opening a link runs the same checks as opening a file (parse.ts).
 */
import type { Exercise } from '../../engine/workshop/exercise.ts';
import { err } from '../../engine/util/result.ts';
import { fromBase64url, toBase64url } from '../share/base64url.ts';
import { MAX_SHARE_BYTES, MAX_SHARE_CHARS } from '../share/share.ts';
import { deflateRaw, inflateRaw } from '../share/compress.ts';
import { parseExercise, type ExerciseResult } from './parse.ts';
import { canonicalExercise } from './serialize.ts';

/** The fragment parameter: `#exercise=<base64url>`. */
export const EXERCISE_PARAM = 'exercise';

/** `#exercise=…` for `ex`. */
export async function exerciseToUrlFragment(ex: Exercise): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(canonicalExercise(ex)));
  return `#${EXERCISE_PARAM}=${toBase64url(await deflateRaw(bytes))}`;
}

/** The `exercise=` payload of a location hash, or undefined when it has none. */
export function exerciseFragment(hash: string): string | undefined {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!h) return undefined;
  return new URLSearchParams(h).get(EXERCISE_PARAM) ?? undefined;
}

const failure = (message: string): ExerciseResult =>
  err([{ path: '', message: `the link cannot be opened: ${message}`, severity: 'error' }]);

/** Reads an exercise from `#exercise=…` (or a whole URL holding one). */
export async function exerciseFromFragment(hash: string): Promise<ExerciseResult> {
  const at = hash.indexOf('#');
  const payload = exerciseFragment(at >= 0 ? hash.slice(at) : hash);
  if (payload === undefined) return failure(`it has no #${EXERCISE_PARAM}= part`);
  if (payload === '') return failure(`it is empty after #${EXERCISE_PARAM}= (it was cut short)`);
  if (payload.length > MAX_SHARE_CHARS)
    return failure(
      `it is ${(payload.length / 1048576).toFixed(1)} MB long; natlab reads links up to ${MAX_SHARE_CHARS / 1048576} MB`,
    );
  const b = fromBase64url(payload);
  if (!b.ok) return failure(b.message.replace('#lab=', `#${EXERCISE_PARAM}=`));
  const inflated = await inflateRaw(b.bytes, MAX_SHARE_BYTES);
  if (!inflated.ok) return failure(inflated.tooBig ? `it is ${inflated.message}` : inflated.message);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(inflated.bytes);
  } catch {
    return failure('the exercise in it is not UTF-8 text (the link is damaged)');
  }
  return parseExercise(text);
}
