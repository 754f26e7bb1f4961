/**
 * Document paths (`devices[2].interfaces[0].addresses[1]`, the form diagnostics and provenance use) and
 * the canvas items that own them, both ways.
 */
import type { LabDocument } from '../engine/lab/format.ts';

export type Owner =
  | { readonly kind: 'device'; readonly index: number; readonly id: string }
  | { readonly kind: 'segment'; readonly index: number; readonly id: string }
  | { readonly kind: 'virtual-lab'; readonly index: number; readonly id: string };

/** The canvas item a path belongs to; a virtual lab is drawn as its appliance (node id = appliance id). */
export function ownerOfPath(doc: LabDocument, path: string): Owner | undefined {
  const m = /^(devices|segments|virtualLabs)\[(\d+)\]/.exec(path);
  if (!m) return undefined;
  const index = Number(m[2]);
  if (m[1] === 'devices') {
    const d = doc.devices[index];
    return d && { kind: 'device', index, id: d.id };
  }
  if (m[1] === 'segments') {
    const s = doc.segments[index];
    return s && { kind: 'segment', index, id: s.id };
  }
  const v = doc.virtualLabs?.[index];
  return v && { kind: 'virtual-lab', index, id: v.appliance.id };
}

/** The document path of a canvas node, or undefined for an unknown id. */
export function pathOfNode(doc: LabDocument, id: string): string | undefined {
  const d = doc.devices.findIndex((x) => x.id === id);
  if (d >= 0) return `devices[${d}]`;
  const s = doc.segments.findIndex((x) => x.id === id);
  if (s >= 0) return `segments[${s}]`;
  const v = (doc.virtualLabs ?? []).findIndex((x) => x.appliance.id === id);
  if (v >= 0) return `virtualLabs[${v}]`;
  return undefined;
}

/** Reads the value at a document path (undefined when absent). */
export function valueAt(doc: unknown, path: string): unknown {
  let node: unknown = doc;
  for (const key of pathKeys(path)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/** `a.b[2]["x.y"]` → `['a', 'b', 2, 'x.y']`. */
export function pathKeys(path: string): (string | number)[] {
  const keys: (string | number)[] = [];
  const re = /(?:^|\.)([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  for (const m of path.matchAll(re))
    keys.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3]!) as string)));
  return keys;
}

/** `['a', 'b', 2, 'x.y']` → `a.b[2]["x.y"]`. */
export function pathOf(keys: readonly (string | number)[]): string {
  return keys
    .map((k, i) =>
      typeof k === 'number'
        ? `[${k}]`
        : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k)
          ? `${i ? '.' : ''}${k}`
          : `[${JSON.stringify(k)}]`,
    )
    .join('');
}
