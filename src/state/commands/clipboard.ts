/**
 * Copy, paste and duplicate: the selected networks, machines and appliances (their virtual labs) as a
 * small lab fragment; pasting gives every item a fresh id and keeps the links among pasted items.
 */
import type { Draft } from 'immer';
import type { DeviceDoc, LabDocument, LayoutDoc, SegmentDoc } from '../../engine/lab/format.ts';
import type { VirtualLabDesign } from '../../engine/vlab/design.ts';
import { freshId, usedIds } from './ids.ts';

export interface Clip {
  readonly natlabClip: 1;
  readonly segments: readonly SegmentDoc[];
  readonly devices: readonly DeviceDoc[];
  readonly virtualLabs: readonly VirtualLabDesign[];
  readonly layout: Readonly<Record<string, LayoutDoc>>;
}

export function copyItems(doc: LabDocument, ids: readonly string[]): Clip | undefined {
  const want = new Set(ids);
  const segments = doc.segments.filter((s) => want.has(s.id));
  const devices = doc.devices.filter((x) => want.has(x.id));
  const virtualLabs = (doc.virtualLabs ?? []).filter((v) => want.has(v.appliance.id));
  if (!segments.length && !devices.length && !virtualLabs.length) return undefined;
  const layout: Record<string, LayoutDoc> = {};
  for (const id of ids) {
    const p = doc.layout?.[id];
    if (p) layout[id] = p;
  }
  return { natlabClip: 1, segments, devices, virtualLabs, layout };
}

/** Parses clipboard text written by {@link copyItems}; undefined for anything else. */
export function parseClip(text: string): Clip | undefined {
  try {
    const v = JSON.parse(text) as Partial<Clip>;
    if (
      v?.natlabClip === 1 &&
      Array.isArray(v.segments) &&
      Array.isArray(v.devices) &&
      Array.isArray(v.virtualLabs)
    )
      return { layout: {}, ...v } as Clip;
  } catch {
    /* not ours */
  }
  return undefined;
}

/** Adds the clip's items with fresh ids, moved by `offset`; returns the new node ids. */
export function pasteClip(d: Draft<LabDocument>, clip: Clip, offset: { x: number; y: number }): string[] {
  const taken = usedIds(d);
  const rename = new Map<string, string>();
  const fresh = (id: string) => {
    const n = freshId(d, id, taken);
    taken.add(n);
    rename.set(id, n);
    return n;
  };
  for (const s of clip.segments) fresh(s.id);
  for (const x of clip.devices) fresh(x.id);
  for (const v of clip.virtualLabs) {
    fresh(v.id);
    fresh(v.appliance.id);
  }
  const seg = (id: string | null | undefined) =>
    id == null ? id : (rename.get(id) ?? (d.segments.some((s) => s.id === id) ? id : null));
  const any = (id: string) => rename.get(id) ?? id;
  for (const s of clip.segments)
    d.segments.push({ ...(structuredClone(s) as Draft<SegmentDoc>), id: rename.get(s.id)! });
  for (const x of clip.devices) {
    const copy = structuredClone(x) as Draft<DeviceDoc>;
    copy.id = rename.get(x.id)!;
    copy.interfaces.forEach((i) => {
      i.segment = seg(i.segment) ?? null;
    });
    d.devices.push(copy);
  }
  for (const v of clip.virtualLabs) {
    const copy = structuredClone(v) as Draft<VirtualLabDesign>;
    copy.id = rename.get(v.id)!;
    copy.appliance.id = rename.get(v.appliance.id)!;
    copy.appliance.productionNetwork = any(v.appliance.productionNetwork);
    copy.backupServer = any(v.backupServer);
    copy.isolatedNetworks.forEach((n) => {
      n.segment = any(n.segment);
      n.productionNetwork = any(n.productionNetwork);
    });
    (d.virtualLabs ??= []).push(copy);
  }
  const layout = (d.layout ??= {});
  const out: string[] = [];
  for (const [old, id] of rename) {
    const p = clip.layout[old];
    if (p) layout[id] = { ...p, x: p.x + offset.x, y: p.y + offset.y };
    if (clip.virtualLabs.some((v) => v.id === old)) continue;
    out.push(id);
  }
  return out;
}
