/**
 * Applying a fix: JSON Patch operations (RFC 6902 `add`, `replace`, `remove`) with JSON Pointer paths
 * (RFC 6901), on plain JSON values. Pure: returns a new document, sharing the untouched parts.
 */
import { err, ok, type Result } from '../../util/result.ts';
import type { PatchOp } from './types.ts';

/** `["devices", 3, "sysctls", "net.ipv4.conf.eth0/222.rp_filter"]` → `/devices/3/sysctls/net.ipv4.conf.eth0~1222.rp_filter`. */
export function pointer(...parts: readonly (string | number)[]): string {
  return parts.map((p) => `/${String(p).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

export function parsePointer(p: string): Result<string[]> {
  if (p === '') return ok([]);
  if (!p.startsWith('/')) return err(`"${p}" is not a JSON Pointer`);
  return ok(
    p
      .slice(1)
      .split('/')
      .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~')),
  );
}

/** `virtualLabs[0].isolatedNetworks[1].masquerade` → `/virtualLabs/0/isolatedNetworks/1/masquerade`. */
export function pointerOfPath(path: string): string {
  const parts: (string | number)[] = [];
  const re = /(?:^|\.)([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  for (const m of path.matchAll(re))
    parts.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3]!) as string)));
  return pointer(...parts);
}

type Json = unknown;

function isIndex(key: string, length: number, forAdd: boolean): number | null {
  if (forAdd && key === '-') return length;
  if (!/^(0|[1-9]\d*)$/.test(key)) return null;
  const i = Number(key);
  return i < length + (forAdd ? 1 : 0) ? i : null;
}

function applyOne(doc: Json, op: PatchOp): Result<Json> {
  const parts = parsePointer(op.path);
  if (!parts.ok) return parts;
  const keys = parts.value;
  if (keys.length === 0) return op.op === 'remove' ? err('cannot remove the document') : ok(op.value);
  const rec = (node: Json, depth: number): Result<Json> => {
    const key = keys[depth]!;
    const last = depth === keys.length - 1;
    if (Array.isArray(node)) {
      const i = isIndex(key, node.length, last && op.op === 'add');
      if (i === null) return err(`${op.path}: no element "${key}"`);
      const copy = [...(node as Json[])];
      if (!last) {
        const r = rec(copy[i], depth + 1);
        if (!r.ok) return r;
        copy[i] = r.value;
      } else if (op.op === 'add') copy.splice(i, 0, op.value);
      else if (op.op === 'replace') copy[i] = op.value;
      else copy.splice(i, 1);
      return ok(copy);
    }
    if (typeof node !== 'object' || node === null) return err(`${op.path}: "${key}" is not in an object`);
    const obj = node as Record<string, Json>;
    const has = Object.prototype.hasOwnProperty.call(obj, key);
    if (!last) {
      if (!has) return err(`${op.path}: no member "${key}"`);
      const r = rec(obj[key], depth + 1);
      return r.ok ? ok({ ...obj, [key]: r.value }) : r;
    }
    if (op.op === 'add') return ok({ ...obj, [key]: op.value });
    if (!has) return err(`${op.path}: no member "${key}" to ${op.op}`);
    if (op.op === 'replace') return ok({ ...obj, [key]: op.value });
    const rest = { ...obj };
    delete rest[key];
    return ok(rest);
  };
  return rec(doc, 0);
}

/** Applies the operations in order; stops at the first that does not apply. */
export function applyPatch<T>(doc: T, ops: readonly PatchOp[]): Result<T> {
  let cur: Json = doc;
  for (const op of ops) {
    const r = applyOne(cur, op);
    if (!r.ok) return r;
    cur = r.value;
  }
  return ok(cur as T);
}
