/** Editing one field of the document by its path (the inspector, the address plan, lint fixes). */
import { current, type Draft } from 'immer';
import type { LabDocument } from '../../engine/lab/format.ts';
import { applyPatch, parsePointer } from '../../engine/vlab/lint/patch.ts';
import type { PatchOp } from '../../engine/vlab/lint/types.ts';
import { pathKeys } from '../paths.ts';

/**
 * Sets the value at a document path (`virtualLabs[0].isolatedNetworks[0].masquerade`); `undefined`
 * removes an object key or an array element. Missing objects on the way are created.
 */
export function setField(d: Draft<LabDocument>, path: string, value: unknown): void {
  const keys = pathKeys(path);
  if (keys.length === 0) throw new Error('setField: empty path');
  let node = d as unknown as Record<string | number, unknown>;
  for (let k = 0; k < keys.length - 1; k++) {
    const key = keys[k]!;
    let next = node[key];
    if (next === undefined || next === null || typeof next !== 'object') {
      next = typeof keys[k + 1] === 'number' ? [] : {};
      node[key] = next;
    }
    node = next as Record<string | number, unknown>;
  }
  const last = keys[keys.length - 1]!;
  if (value !== undefined) node[last] = value as never;
  else if (Array.isArray(node) && typeof last === 'number') node.splice(last, 1);
  else delete node[last];
}

/**
 * A lint fix (JSON Patch, RFC 6902 add/replace/remove) applied to the draft. Checked on a plain copy
 * first (engine's applyPatch), so a fix that no longer applies changes nothing and returns false.
 */
export function applyFix(d: Draft<LabDocument>, patch: readonly PatchOp[]): boolean {
  if (!applyPatch(current(d), patch).ok) return false;
  for (const op of patch) {
    const parts = parsePointer(op.path);
    if (!parts.ok || parts.value.length === 0) return false;
    const keys = parts.value;
    let node = d as unknown as Record<string, unknown>;
    for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
    const last = keys[keys.length - 1]!;
    if (Array.isArray(node)) {
      const i = last === '-' ? node.length : Number(last);
      if (op.op === 'add') node.splice(i, 0, op.value);
      else if (op.op === 'replace') node[i] = op.value;
      else node.splice(i, 1);
    } else if (op.op === 'remove') delete node[last];
    else node[last] = op.value;
  }
  return true;
}

/**
 * Changes the id of a device, network or appliance everywhere it is referenced (interfaces, virtual
 * labs, layout). Returns a reason when the new id is taken or malformed.
 */
export function renameId(d: Draft<LabDocument>, from: string, to: string): string | undefined {
  if (from === to) return undefined;
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/.test(to))
    return `"${to}" is not a valid id: 1..32 characters of A-Z a-z 0-9 _ . -, starting with a letter or digit`;
  const taken =
    d.devices.some((x) => x.id === to) ||
    d.segments.some((s) => s.id === to) ||
    (d.virtualLabs ?? []).some((v) => v.id === to || v.appliance.id === to);
  if (taken) return `"${to}" is already used by another item`;
  for (const dev of d.devices) {
    if (dev.id === from) dev.id = to;
    for (const i of dev.interfaces) if (i.segment === from) i.segment = to;
  }
  for (const s of d.segments) if (s.id === from) s.id = to;
  for (const v of d.virtualLabs ?? []) {
    if (v.appliance.id === from) v.appliance.id = to;
    if (v.appliance.productionNetwork === from) v.appliance.productionNetwork = to;
    if (v.backupServer === from) v.backupServer = to;
    if (v.clients) v.clients = v.clients.map((c) => (c === from ? to : c));
    for (const n of v.isolatedNetworks) {
      if (n.segment === from) n.segment = to;
      if (n.productionNetwork === from) n.productionNetwork = to;
    }
    for (const m of v.staticMappings ?? []) if (m.productionNetwork === from) m.productionNetwork = to;
  }
  if (d.layout?.[from]) {
    d.layout[to] = d.layout[from];
    delete d.layout[from];
  }
  return undefined;
}
