/**
 * Loading a lab file: JSON text → migrated → validated (valibot) {@link LabDocument} → compiled
 * {@link Network}. Never throws on bad input: every problem comes back as a {@link LabIssue} whose
 * path points into the document (`devices[2].interfaces[0].addresses[1]`).
 */
import * as v from 'valibot';
import { compileLab, type Provenance } from '../engine/lab/compile.ts';
import type { LabDocument, LabIssue } from '../engine/lab/format.ts';
import { clipText, issueText, MAX_ISSUE_MESSAGE, MAX_ISSUE_PATH, MAX_KEY } from '../engine/lab/issues.ts';
import type { Network } from '../engine/model/network.ts';
import type { DesignResult } from '../engine/vlab/compile-design.ts';
import { migrate } from './migrate.ts';
import { labSchema } from './schema.ts';

export type LoadResult =
  | {
      readonly ok: true;
      /** The document as written (migrated to the current version): what an editor edits and saves. */
      readonly doc: LabDocument;
      /**
       * The lab that was compiled: `doc` with its virtual-lab designs expanded (the appliance, the
       * isolated segments and the clients' routes they generate); `doc` itself when it has none.
       */
      readonly expanded: LabDocument;
      readonly network: Network;
      readonly warnings: readonly LabIssue[];
      readonly provenance: Provenance;
      /** The design compiler's result (proposals, needed routes) when the lab has virtual-lab designs. */
      readonly design?: DesignResult;
      /** Schema version the file was written in (older versions were migrated). */
      readonly fromVersion: number;
    }
  | { readonly ok: false; readonly issues: readonly LabIssue[]; readonly doc?: LabDocument };

/** Files larger than this are refused before parsing (a lab of 1 000 routers is ~2 MB). */
export const MAX_LAB_BYTES = 32 * 1024 * 1024;

export function loadLab(text: string): LoadResult {
  if (text.length > MAX_LAB_BYTES)
    return fail(
      '',
      `the file is ${(text.length / 1048576).toFixed(1)} MB; natlab reads lab files up to ${MAX_LAB_BYTES / 1048576} MB`,
    );
  // RFC 8259 §8.1: a parser may ignore a byte order mark (some editors write one)
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return fail('', `not valid JSON: ${jsonErrorWithLine(text, e)}`);
  }
  return loadLabValue(json);
}

export function loadLabValue(json: unknown): LoadResult {
  try {
    return loadValue(json);
  } catch (e) {
    // A bug, not a property of the file: still an issue, never an exception for the caller.
    return fail('', `natlab failed while loading this lab (please report it): ${String(e)}`);
  }
}

function loadValue(json: unknown): LoadResult {
  const m = migrate(json);
  if (!m.ok) return { ok: false, issues: [m.issue] };
  const parsed = validateDocument(m.doc);
  if (!parsed.ok) return { ok: false, issues: parsed.issues };
  const doc = parsed.doc;
  const c = compileLab(doc);
  const errors = c.issues.filter((i) => i.severity === 'error');
  if (errors.length || !c.network) return { ok: false, issues: c.issues, doc };
  return {
    ok: true,
    doc,
    expanded: c.design?.doc ?? doc,
    network: c.network,
    warnings: c.issues,
    provenance: c.provenance,
    ...(c.design ? { design: c.design } : {}),
    fromVersion: m.from,
  };
}

export function validateDocument(
  json: unknown,
): { ok: true; doc: LabDocument } | { ok: false; issues: LabIssue[] } {
  const r = v.safeParse(labSchema, json);
  const reserved = reservedKeys(json);
  if (r.success && !reserved.length) return { ok: true, doc: r.output as LabDocument };
  return { ok: false, issues: dedupe([...(r.success ? [] : r.issues.map(toLabIssue)), ...reserved]) };
}

function fail(path: string, message: string): LoadResult {
  return { ok: false, issues: [{ path, message: issueText(message, MAX_ISSUE_MESSAGE), severity: 'error' }] };
}

const RESERVED_KEYS = ['__proto__', 'prototype', 'constructor'];
const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * valibot's `record` silently drops the keys `__proto__`, `prototype` and `constructor` (prototype
 * pollution guard), so a sysctl, chain or layout entry with such a name would be ignored without a
 * word: refuse them instead. (Objects with fixed fields already report them as unknown fields.)
 */
function reservedKeys(json: unknown): LabIssue[] {
  const out: LabIssue[] = [];
  const check = (o: unknown, path: string) => {
    if (!isObject(o)) return;
    for (const k of RESERVED_KEYS)
      if (Object.prototype.hasOwnProperty.call(o, k))
        out.push({
          path: `${path}[${JSON.stringify(k)}]`,
          message: `"${k}" cannot be used as a name here (it is reserved in JavaScript)`,
          severity: 'error',
        });
  };
  if (!isObject(json)) return out;
  check(json.layout, 'layout');
  if (Array.isArray(json.devices))
    json.devices.forEach((d: unknown, i) => {
      if (!isObject(d)) return;
      check(d.sysctls, `devices[${i}].sysctls`);
      const ipt = d.iptables;
      if (isObject(ipt))
        for (const t of ['raw', 'mangle', 'nat', 'filter', 'security'])
          if (Object.prototype.hasOwnProperty.call(ipt, t)) check(ipt[t], `devices[${i}].iptables.${t}`);
    });
  return out;
}

/** `devices[2].interfaces[0].addresses[1]`, with odd keys quoted: `sysctls["net.ipv4.ip_forward"]`. */
export function formatPath(path: readonly { key: unknown }[] | undefined): string {
  let s = '';
  for (const item of path ?? []) {
    const k = item.key;
    if (typeof k === 'number') s += `[${k}]`;
    else if (typeof k === 'string' && k.length <= MAX_KEY && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k))
      s += s ? `.${k}` : k;
    else s += `[${JSON.stringify(typeof k === 'string' ? clipText(k, MAX_KEY) : String(k))}]`;
  }
  return issueText(s, MAX_ISSUE_PATH);
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'string') return JSON.stringify(x.length > 60 ? `${x.slice(0, 57)}...` : x);
  if (typeof x === 'object') return 'an object';
  return `${typeof x} ${String(x)}`;
}

type AnyIssue = v.BaseIssue<unknown> & { path?: { key: unknown }[]; issues?: AnyIssue[] };

function toLabIssue(i: AnyIssue): LabIssue {
  // A union failed: report the most specific branch issue (the one that got deepest), if any. The
  // branch issues' paths are relative to the union's value.
  if (i.type === 'union' && i.issues?.length) {
    const deepest = [...i.issues].sort((a, b) => (b.path?.length ?? 0) - (a.path?.length ?? 0))[0]!;
    if ((deepest.path?.length ?? 0) > 0 || deepest.type === 'check' || deepest.type === 'regex')
      return toLabIssue({
        ...deepest,
        path: [...(i.path ?? []), ...(deepest.path ?? [])] as AnyIssue['path'],
      });
  }
  // valibot's object schemas accept arrays (they are objects): say what is wrong instead of listing
  // "missing" fields and unknown fields "0", "1", …
  const last = i.path?.[i.path.length - 1] as { type?: string; input?: unknown } | undefined;
  if (i.type === 'strict_object' && last?.type === 'object' && Array.isArray(last.input))
    return {
      path: formatPath(i.path!.slice(0, -1)),
      message: `expected Object, got an array`,
      severity: 'error',
    };
  let path = formatPath(i.path);
  let message = i.message;
  if (i.kind === 'schema') {
    if (i.type === 'strict_object' && i.expected === 'never') {
      return {
        path,
        message: `unknown field (check the spelling; allowed fields are listed in docs/lab-format.md)`,
        severity: 'error',
      };
    }
    if (i.input === undefined && i.received === 'undefined') message = `missing (expected ${i.expected})`;
    else message = `expected ${i.expected ?? i.type}, got ${describe(i.input)}`;
  } else if (i.type === 'min_value' || i.type === 'max_value' || i.type === 'integer') {
    message = `${describe(i.input)} is out of range (${i.type === 'integer' ? 'an integer' : i.expected})`;
  } else if (i.type === 'max_length' && !Array.isArray(i.input)) {
    // (arrays keep the schema's own "N items; at most M are allowed here")
    message = `too long (at most ${i.requirement as number} characters)`;
  }
  if (!path) path = '';
  return { path, message: issueText(message, MAX_ISSUE_MESSAGE), severity: 'error' };
}

function dedupe(list: LabIssue[]): LabIssue[] {
  const seen = new Set<string>();
  return list.filter((i) => {
    const k = `${i.path}\u0000${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function jsonErrorWithLine(text: string, e: unknown): string {
  const at = jsonSyntaxError(text);
  if (!at) return e instanceof Error ? e.message : String(e);
  const before = text.slice(0, at.pos);
  const line = before.split('\n').length;
  const col = at.pos - before.lastIndexOf('\n');
  return `${at.problem} at line ${line}, column ${col}`;
}

/**
 * The first syntax error of a JSON text (RFC 8259, as JSON.parse reads it) and its offset, or null when
 * the text is valid JSON. JSON.parse does not always say where it failed (V8 quotes the text instead).
 * Iterative, so deeply nested input cannot overflow the stack.
 */
export function jsonSyntaxError(text: string): { pos: number; problem: string } | null {
  const n = text.length;
  let i = 0;
  const stack: ('{' | '[')[] = [];
  const skipWs = () => {
    for (let c = text.charCodeAt(i); c === 32 || c === 9 || c === 10 || c === 13; c = text.charCodeAt(++i));
  };
  const fail = (problem: string) => ({ pos: i, problem });
  const unexpected = (expected: string) =>
    fail(
      i >= n
        ? `unexpected end of the file (expected ${expected})`
        : `unexpected ${JSON.stringify(text[i])} (expected ${expected})`,
    );
  /** A string starting at text[i] === '"'; null when it is well formed (i is then after it). */
  const str = () => {
    const start = i;
    for (i++; i < n;) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return null;
      }
      if (c < 32) return fail('a control character in a string (write it as \\n, \\t or \\u00XX)');
      if (c !== 92) {
        i++;
        continue;
      }
      const esc = text[i + 1];
      if (esc === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return fail('a bad \\u escape in a string');
        i += 6;
      } else if (esc !== undefined && '"\\/bfnrt'.includes(esc)) i += 2;
      else if (esc === undefined) break;
      else return fail(`a bad escape \\${esc} in a string`);
    }
    i = start;
    return fail('a string that is never closed');
  };
  /** `"key" :` of an object member. */
  const key = (expected: string) => {
    skipWs();
    if (text[i] !== '"') return unexpected(expected);
    const e = str();
    if (e) return e;
    skipWs();
    if (text[i] !== ':') return unexpected('":"');
    i++;
    return null;
  };
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  for (;;) {
    // a value
    skipWs();
    const c = text[i];
    let done = true;
    if (c === '{' || c === '[') {
      i++;
      skipWs();
      if (text[i] === (c === '{' ? '}' : ']')) i++;
      else {
        stack.push(c);
        if (c === '{') {
          const e = key('a "key" or "}"');
          if (e) return e;
        }
        done = false;
      }
    } else if (c === '"') {
      const e = str();
      if (e) return e;
    } else if (c === 't' || c === 'f' || c === 'n') {
      const word = c === 't' ? 'true' : c === 'f' ? 'false' : 'null';
      if (!text.startsWith(word, i)) return unexpected('a value');
      i += word.length;
    } else {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) return unexpected('a value');
      i += m[0].length;
    }
    if (!done) continue;
    // after a value: close containers, or go on with the next element or member
    for (;;) {
      skipWs();
      const top = stack[stack.length - 1];
      if (top === undefined) return i < n ? unexpected('the end of the file') : null;
      const close = top === '{' ? '}' : ']';
      if (text[i] === close) {
        stack.pop();
        i++;
        continue;
      }
      if (text[i] !== ',') return unexpected(`"," or "${close}"`);
      i++;
      if (top === '{') {
        const e = key('a "key"');
        if (e) return e;
      }
      break;
    }
  }
}
