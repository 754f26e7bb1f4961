/**
 * Which lab the designer opens (placeholder: replaced by the persistence work — shared URL fragment,
 * ?lab=NAME, the autosaved lab, then the default example).
 */
import type { LabDocument } from '../../engine/lab/format.ts';
import { loadLab } from '../../lab/load.ts';
import { fetchLabText } from '../app/use-lab-text.ts';

export interface Startup {
  readonly doc: LabDocument;
  /** Problems to tell the user about (a broken shared link, a save kept aside…). */
  readonly notices: readonly string[];
}

export const DEFAULT_LAB = 'surebackup-basic';

export async function loadStartupLab(location: { search: string; hash: string }): Promise<Startup> {
  const name = new URLSearchParams(location.search).get('lab') ?? DEFAULT_LAB;
  const r = loadLab(await fetchLabText(name));
  if (r.doc) return { doc: r.doc, notices: r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`) };
  throw new Error(r.ok ? 'unreachable' : r.issues.map((i) => i.message).join('; '));
}
