/** Fresh ids and interface names for new canvas items. */
import type { Draft } from 'immer';
import type { DeviceDoc, LabDocument } from '../../engine/lab/format.ts';

type Doc = LabDocument | Draft<LabDocument>;

/** Every id in use: devices, segments, virtual labs and their appliances (they share one namespace). */
export function usedIds(doc: Doc): Set<string> {
  const ids = new Set<string>();
  for (const d of doc.devices) ids.add(d.id);
  for (const s of doc.segments) ids.add(s.id);
  for (const v of doc.virtualLabs ?? []) {
    ids.add(v.id);
    ids.add(v.appliance.id);
  }
  return ids;
}

/** `base`, else `base2`, `base3`… — the first id not in use (ids are ≤ 32 characters). */
export function freshId(doc: Doc, base: string, taken: ReadonlySet<string> = usedIds(doc)): string {
  const slug =
    base
      .toLowerCase()
      .replace(/[^a-z0-9_.-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '')
      .slice(0, 28) || 'item';
  if (!taken.has(slug)) return slug;
  const stem = /\D\d+$/.test(slug) ? slug.replace(/\d+$/, '') : slug;
  for (let n = 2; ; n++) if (!taken.has(`${stem}${n}`)) return `${stem}${n}`;
}

/** The first `ethN` the device does not have. */
export function freshIfname(device: Pick<DeviceDoc, 'interfaces'>): string {
  const names = new Set(device.interfaces.map((i) => i.name));
  for (let n = 0; ; n++) if (!names.has(`eth${n}`)) return `eth${n}`;
}
