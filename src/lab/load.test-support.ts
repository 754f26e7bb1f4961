/** Shared helpers of the lab-loading tests (load*.test.ts). */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { formatIssue, type LabIssue } from '../engine/lab/format.ts';
import { MAX_ISSUE_MESSAGE, MAX_ISSUE_PATH } from '../engine/lab/issues.ts';
import { loadLab, loadLabValue, type LoadResult } from './load.ts';

/**
 * The seed lab as drawn by hand (every device written out, the appliance `vlab` at `devices[3]`): the
 * loading tests break its fields one by one. public/labs/surebackup-basic.lab.json is now a
 * virtual-lab design that generates the same appliance (src/engine/vlab/compile-design.test.ts).
 */
export const SEED_TEXT = readFileSync(
  new URL('../engine/testing/fixtures/surebackup-drawn.lab.json', import.meta.url),
  'utf8',
);
/** A fresh, freely breakable copy of the seed lab (untyped on purpose: the tests put wrong types in). */
export const seed = () => JSON.parse(SEED_TEXT);
export type Raw = ReturnType<typeof seed>;

/** The seed lab after `edit`, loaded from its JSON text. */
export function loadEdited(edit: (d: Raw) => void): LoadResult {
  const d = seed();
  edit(d);
  return loadLab(JSON.stringify(d));
}
/** The error lines (`path: message`) of a lab that must fail to load. */
export function errorsOf(r: LoadResult): string[] {
  if (r.ok) throw new Error(`expected the lab to be refused; it loaded (warnings: ${r.warnings.length})`);
  return r.issues.filter((i) => i.severity === 'error').map(formatIssue);
}
export const errorsAfter = (edit: (d: Raw) => void) => errorsOf(loadEdited(edit));
export const errorsOfText = (text: string) => errorsOf(loadLab(text));

// --- path checks: a path must lead into the document (all but its last key exist)

type Key = string | number;
export function parsePath(path: string): Key[] | null {
  const keys: Key[] = [];
  let rest = path;
  const first = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(rest);
  if (first) {
    keys.push(first[0]);
    rest = rest.slice(first[0].length);
  }
  while (rest) {
    let m: RegExpExecArray | null;
    if ((m = /^\.([A-Za-z_$][A-Za-z0-9_$]*)/.exec(rest))) keys.push(m[1]!);
    else if ((m = /^\[(\d+)\]/.exec(rest))) keys.push(Number(m[1]));
    else if ((m = /^\[("(?:[^"\\]|\\.)*")\]/.exec(rest))) keys.push(JSON.parse(m[1]!) as string);
    else return null;
    rest = rest.slice(m[0].length);
  }
  return keys;
}
export function pathProblem(doc: unknown, path: string): string | null {
  if (path.includes('…(')) return null; // elided (a huge key): not resolvable by design
  const keys = parsePath(path);
  if (!keys) return `path ${JSON.stringify(path)} does not parse`;
  let at: unknown = doc;
  for (const k of keys.slice(0, -1)) {
    if (typeof at !== 'object' || at === null || !Object.prototype.hasOwnProperty.call(at, k))
      return `path ${JSON.stringify(path)}: nothing at ${JSON.stringify(k)}`;
    at = (at as Record<Key, unknown>)[k];
  }
  return null;
}

/** What every load result must satisfy, whatever the input. */
export function checkResult(input: unknown, r: LoadResult): void {
  const list: readonly LabIssue[] = r.ok ? r.warnings : r.issues;
  if (!r.ok) expect(r.issues.some((i) => i.severity === 'error')).toBe(true);
  else expect(r.warnings.every((i) => i.severity === 'warning')).toBe(true);
  const isDoc = typeof input === 'object' && input !== null && !Array.isArray(input);
  for (const i of list) {
    expect(typeof i.message).toBe('string');
    expect(i.message.trim()).not.toBe('');
    expect(i.message.length).toBeLessThanOrEqual(MAX_ISSUE_MESSAGE);
    expect(i.path.length).toBeLessThanOrEqual(MAX_ISSUE_PATH);
    expect(i.message).not.toMatch(/\[object Object\]|undefined undefined/);
    if (isDoc) {
      expect(i.path, formatIssue(i)).not.toBe('');
      expect(pathProblem(input, i.path), formatIssue(i)).toBeNull();
    }
  }
}
/** Loads and checks the result's shape. A hang is caught by vitest's test timeout, not by timing here. */
export function loadChecked(input: unknown, asText = true): LoadResult {
  const r = asText && typeof input !== 'string' ? loadLab(JSON.stringify(input)) : loadLabValue(input);
  checkResult(input, r);
  return r;
}

/** The message of an unknown-field error. */
export const UNKNOWN = 'unknown field (check the spelling; allowed fields are listed in docs/lab-format.md)';

/** Strings that have broken other parsers and shells. */
export const HOSTILE = [
  '"; rm -rf / #',
  '$(touch /tmp/natlab-pwned)',
  '`touch /tmp/natlab-pwned`',
  "'; touch /tmp/natlab-pwned; '",
  'a\nb\r\nc',
  'NATLAB_IPTABLES_EOF',
  '\u0000\u0007\u001b[31m',
  '\u202e\u2066\u200b\ufeff',
  '☃ 💥 ﷽ ẞ',
  '\ud800',
  '<script>alert(1)</script>',
  '${IFS}%s%n\\',
  '../../../etc/passwd',
  ' ',
];
