/**
 * Loading a lab file: JSON text → migrated → validated (valibot) {@link LabDocument} → compiled
 * {@link Network}. Never throws on bad input: every problem comes back as a {@link LabIssue} whose
 * path points into the document (`devices[2].interfaces[0].addresses[1]`).
 */
import * as v from 'valibot';
import { compileLab, type Provenance } from '../engine/lab/compile.ts';
import type { LabDocument, LabIssue } from '../engine/lab/document.ts';
import type { Network } from '../engine/model/network.ts';
import { migrate } from './migrate.ts';
import { labSchemaV1 } from './schema.ts';

export type LoadResult =
  | {
      readonly ok: true;
      readonly doc: LabDocument;
      readonly network: Network;
      readonly warnings: readonly LabIssue[];
      readonly provenance: Provenance;
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
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return fail('', `not valid JSON: ${jsonErrorWithLine(text, e)}`);
  }
  return loadLabValue(json);
}

export function loadLabValue(json: unknown): LoadResult {
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
    network: c.network,
    warnings: c.issues,
    provenance: c.provenance,
    fromVersion: m.from,
  };
}

export function validateDocument(
  json: unknown,
): { ok: true; doc: LabDocument } | { ok: false; issues: LabIssue[] } {
  const r = v.safeParse(labSchemaV1, json);
  if (r.success) return { ok: true, doc: r.output as LabDocument };
  return { ok: false, issues: dedupe(r.issues.map(toLabIssue)) };
}

function fail(path: string, message: string): LoadResult {
  return { ok: false, issues: [{ path, message, severity: 'error' }] };
}

/** `devices[2].interfaces[0].addresses[1]`, with odd keys quoted: `sysctls["net.ipv4.ip_forward"]`. */
export function formatPath(path: readonly { key: unknown }[] | undefined): string {
  let s = '';
  for (const item of path ?? []) {
    const k = item.key;
    if (typeof k === 'number') s += `[${k}]`;
    else if (typeof k === 'string' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k)) s += s ? `.${k}` : k;
    else s += `[${JSON.stringify(k)}]`;
  }
  return s;
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
  // A union failed: report the most specific branch issue (the one that got deepest), if any.
  if (i.type === 'union' && i.issues?.length) {
    const deepest = [...i.issues].sort((a, b) => (b.path?.length ?? 0) - (a.path?.length ?? 0))[0]!;
    if (
      (deepest.path?.length ?? 0) > (i.path?.length ?? 0) ||
      deepest.type === 'check' ||
      deepest.type === 'regex'
    )
      return toLabIssue(deepest);
  }
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
  } else if (i.type === 'max_length') {
    message = `too long (at most ${i.requirement as number} characters)`;
  }
  if (!path) path = '';
  return { path, message, severity: 'error' };
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
  const msg = e instanceof Error ? e.message : String(e);
  const m = /position (\d+)/.exec(msg);
  if (!m) return msg;
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const col = pos - before.lastIndexOf('\n');
  return `${msg.replace(/ in JSON at position \d+.*$/, '')} at line ${line}, column ${col}`;
}
