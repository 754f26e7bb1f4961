/**
 * Lab document migrations: a file written by an older natlab is upgraded step by step (N → N+1) before
 * validation; a file from a newer natlab is refused with a clear message instead of being misread.
 * Each migration is a pure function on plain JSON and has a test that loads a frozen fixture of the old
 * version (docs/lab-format.md, "Versions").
 */
import { LAB_SCHEMA_VERSION } from '../engine/lab/format.ts';
import type { LabIssue } from '../engine/lab/format.ts';

export type JsonObject = { [k: string]: unknown };
/** Upgrades a document of version `from` to `from + 1`. */
export type Migration = (doc: JsonObject) => JsonObject;

/**
 * 1 → 2: version 2 only adds optional fields (`virtualLabs`, and `subnet`/`gateway`/`dns` on segments),
 * so a version-1 document is a version-2 document as it is. A `$schema` that points at natlab's
 * version-1 JSON Schema is pointed at version 2's, so editors check the fields the file may now have.
 */
export function migrate1to2(doc: JsonObject): JsonObject {
  const ref = doc.$schema;
  if (typeof ref !== 'string' || !/(^|\/)natlab-lab-v1\.schema\.json$/.test(ref)) return { ...doc };
  return { ...doc, $schema: ref.replace(/natlab-lab-v1\.schema\.json$/, 'natlab-lab-v2.schema.json') };
}

/** The registry: key = the version a migration upgrades *from*. */
export const MIGRATIONS: Readonly<Record<number, Migration>> = { 1: migrate1to2 };

export type MigrateResult =
  | { readonly ok: true; readonly doc: JsonObject; readonly from: number }
  | { readonly ok: false; readonly issue: LabIssue };

export function migrate(
  input: unknown,
  current: number = LAB_SCHEMA_VERSION,
  migrations: Readonly<Record<number, Migration>> = MIGRATIONS,
): MigrateResult {
  const fail = (path: string, message: string): MigrateResult => ({
    ok: false,
    issue: { path, message, severity: 'error' },
  });
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return fail(
      '',
      `a lab file is a JSON object, not ${Array.isArray(input) ? 'an array' : input === null ? 'null' : typeof input}`,
    );
  const doc = input as JsonObject;
  const version = doc.schemaVersion;
  if (version === undefined)
    return fail(
      'schemaVersion',
      'missing: this does not look like a natlab lab file (it needs "schemaVersion")',
    );
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    return fail('schemaVersion', `${JSON.stringify(version)} is not a schema version (a positive integer)`);
  if (version > current)
    return fail(
      'schemaVersion',
      `this lab was written by a newer natlab (schema version ${version}; this natlab reads up to ${current}): update natlab to open it`,
    );
  let out = doc;
  for (let v = version; v < current; v++) {
    const m = migrations[v];
    if (!m) return fail('schemaVersion', `no migration from schema version ${v} to ${v + 1}`);
    out = { ...m(out), schemaVersion: v + 1 };
  }
  return { ok: true, doc: out, from: version };
}
