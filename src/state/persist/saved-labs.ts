/**
 * The labs saved in the browser: one storage entry per lab holding the lab document alone (compact
 * JSON, exactly what a `.lab.json` download contains: never the selection, history or drafts), an
 * index of their names, modification times and sizes, and a pointer to the lab being worked on.
 *
 * A save that cannot be opened (damaged JSON, not a lab, written by a newer natlab) is never deleted:
 * it is moved out of the list into "kept aside", with the reason, and its text stays in storage until
 * the user downloads or discards it.
 *
 * Keys: `natlab.labs` (index), `natlab.lab.<id>` (a lab), `natlab.current` (the open lab's id),
 * `natlab.keptAside` (the saves kept aside, whose text stays under their `natlab.lab.<id>` key).
 */
import type { LabDocument, LabIssue } from '../../engine/lab/format.ts';
import { loadLab } from '../../lab/load.ts';
import { storageKeys, tryStorage, type StorageLike, type StorageProblem, type Stored } from './storage.ts';

export const INDEX_KEY = 'natlab.labs';
export const LAB_KEY_PREFIX = 'natlab.lab.';
export const CURRENT_KEY = 'natlab.current';
export const KEPT_ASIDE_KEY = 'natlab.keptAside';

export const labKey = (id: string) => `${LAB_KEY_PREFIX}${id}`;

export interface SavedLabMeta {
  readonly id: string;
  /** The document's `name`. */
  readonly name: string;
  /** When it was last saved (ms since the epoch; 0 when unknown, e.g. a rebuilt index). */
  readonly modified: number;
  /** Size of the saved document in bytes (UTF-8, as a download). */
  readonly size: number;
}

export interface KeptAside {
  readonly id: string;
  readonly name: string;
  /** Why it could not be opened, for the user. */
  readonly reason: string;
  readonly keptAt: number;
  readonly size: number;
}

export type OpenSaved =
  | { readonly ok: true; readonly doc: LabDocument; readonly meta: SavedLabMeta }
  | { readonly ok: false; readonly kind: 'missing'; readonly message: string }
  | {
      readonly ok: false;
      readonly kind: 'kept-aside';
      readonly message: string;
      readonly keptAside: KeptAside;
    };

export interface SavedLabsOptions {
  readonly now?: () => number;
  readonly newId?: () => string;
}

export type SavedLabs = ReturnType<typeof createSavedLabs>;

const encoder = new TextEncoder();
export const byteSize = (text: string) => encoder.encode(text).length;

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

function randomId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** At most three issues, `path: message`, and how many more. */
export function issuesText(issues: readonly LabIssue[]): string {
  const shown = issues.slice(0, 3).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
  const more = issues.length - shown.length;
  return shown.join('; ') + (more > 0 ? ` (and ${more} more)` : '');
}

function parseIndex(text: string | null): SavedLabMeta[] | undefined {
  if (text === null) return [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(json) || !Array.isArray(json.labs)) return undefined;
  return json.labs.filter(
    (m: unknown): m is SavedLabMeta =>
      isObject(m) &&
      typeof m.id === 'string' &&
      typeof m.name === 'string' &&
      typeof m.modified === 'number' &&
      typeof m.size === 'number',
  );
}

function parseKeptAside(text: string | null): KeptAside[] {
  if (text === null) return [];
  try {
    const json: unknown = JSON.parse(text);
    if (!Array.isArray(json)) return [];
    return json.filter(
      (k: unknown): k is KeptAside =>
        isObject(k) &&
        typeof k.id === 'string' &&
        typeof k.name === 'string' &&
        typeof k.reason === 'string' &&
        typeof k.keptAt === 'number' &&
        typeof k.size === 'number',
    );
  } catch {
    // A damaged list: the saves it named are found again under their keys and re-checked when opened.
    return [];
  }
}

/** The `name` of a saved text, without validating it (for a list rebuilt from the stored keys). */
function nameOf(text: string): string {
  try {
    const json: unknown = JSON.parse(text);
    if (isObject(json) && typeof json.name === 'string') return json.name;
  } catch {
    // damaged: its name may still be readable near the start
    const m = /"name"\s*:\s*("(?:[^"\\\n]|\\.){0,400}")/.exec(text.slice(0, 4096));
    try {
      const name: unknown = m ? JSON.parse(m[1]!) : undefined;
      if (typeof name === 'string') return name;
    } catch {
      /* not even that */
    }
  }
  return '(unnamed lab)';
}

const fail = (kind: StorageProblem['kind'], message: string): Stored<never> => ({
  ok: false,
  problem: { kind, message },
});

/** The saved labs in `storage` (stateless: every call reads the storage, so several views agree). */
export function createSavedLabs(storage: StorageLike, opts: SavedLabsOptions = {}) {
  const now = opts.now ?? Date.now;
  const newId = opts.newId ?? randomId;

  const read = (key: string): string | null => {
    const r = tryStorage(() => storage.getItem(key));
    return r.ok ? r.value : null;
  };

  function keptAside(): KeptAside[] {
    return parseKeptAside(read(KEPT_ASIDE_KEY));
  }

  /**
   * The index, reconciled with the stored keys: entries whose lab is gone are dropped, labs without
   * an entry (an index write that failed, a damaged index) are listed again.
   */
  function index(): SavedLabMeta[] {
    const keys = tryStorage(() => storageKeys(storage));
    const stored = new Set(
      (keys.ok ? keys.value : [])
        .filter((k) => k.startsWith(LAB_KEY_PREFIX))
        .map((k) => k.slice(LAB_KEY_PREFIX.length)),
    );
    for (const k of keptAside()) stored.delete(k.id);
    const listed = parseIndex(read(INDEX_KEY)) ?? [];
    const out: SavedLabMeta[] = [];
    const seen = new Set<string>();
    for (const m of listed) {
      if (!stored.has(m.id) || seen.has(m.id)) continue;
      seen.add(m.id);
      out.push(m);
    }
    for (const id of stored) {
      if (seen.has(id)) continue;
      const text = read(labKey(id)) ?? '';
      out.push({ id, name: nameOf(text), modified: 0, size: byteSize(text) });
    }
    return out;
  }

  const writeIndex = (labs: readonly SavedLabMeta[]) =>
    tryStorage(() => storage.setItem(INDEX_KEY, JSON.stringify({ version: 1, labs })));

  function current(): string | undefined {
    const id = read(CURRENT_KEY);
    return id === null || id === '' ? undefined : id;
  }

  function setCurrent(id: string | undefined): Stored<void> {
    return tryStorage(() =>
      id === undefined ? storage.removeItem(CURRENT_KEY) : storage.setItem(CURRENT_KEY, id),
    );
  }

  function uniqueId(): string {
    for (;;) {
      const id = newId();
      if (read(labKey(id)) === null) return id;
    }
  }

  /** Writes a lab's text (a new entry when `id` is undefined) and its index entry. */
  function saveText(text: string, name: string, id: string = uniqueId()): Stored<SavedLabMeta> {
    const w = tryStorage(() => storage.setItem(labKey(id), text));
    if (!w.ok) return w;
    const meta: SavedLabMeta = { id, name, modified: now(), size: byteSize(text) };
    // The lab itself is saved: an index entry that could not be written is rebuilt from the key when
    // the list is read (failing here would make the caller save the same lab again under a new id).
    writeIndex([meta, ...index().filter((m) => m.id !== id)]);
    return { ok: true, value: meta };
  }

  function readDoc(id: string): Stored<{ json: Record<string, unknown>; text: string }> {
    const text = read(labKey(id));
    if (text === null) return fail('missing', 'this saved lab is no longer in the browser storage');
    try {
      const json: unknown = JSON.parse(text);
      if (isObject(json)) return { ok: true, value: { json, text } };
    } catch {
      /* below */
    }
    return fail('unreadable', 'this save is not a lab document (open it to see why)');
  }

  function keepAside(id: string, reason: string, name?: string): KeptAside {
    const text = read(labKey(id)) ?? '';
    const entry: KeptAside = {
      id,
      name: name ?? index().find((m) => m.id === id)?.name ?? nameOf(text),
      reason,
      keptAt: now(),
      size: byteSize(text),
    };
    // The text stays where it is: moving it aside is only taking it out of the list (no copy that a
    // full storage could refuse, nothing deleted).
    const aside = tryStorage(() =>
      storage.setItem(KEPT_ASIDE_KEY, JSON.stringify([...keptAside().filter((k) => k.id !== id), entry])),
    );
    if (aside.ok) writeIndex(index());
    if (current() === id) setCurrent(undefined);
    return entry;
  }

  return {
    /** The saved labs, the most recently changed first. */
    list(): SavedLabMeta[] {
      return index().sort((a, b) => b.modified - a.modified || a.name.localeCompare(b.name));
    },
    /** Saves `doc` under `id`, or as a new saved lab. */
    save(doc: LabDocument, id?: string): Stored<SavedLabMeta> {
      return saveText(JSON.stringify(doc), doc.name, id);
    },
    saveText,
    /** The stored text of a saved lab (or of one kept aside), exactly as saved. */
    text(id: string): string | undefined {
      return read(labKey(id)) ?? undefined;
    },
    /**
     * Opens a saved lab: migrated and validated (loadLab). A save that is not a lab document — damaged
     * JSON, invalid, from a newer natlab — is kept aside and reported. A document with errors the
     * designer shows (a lab being built) opens.
     */
    open(id: string): OpenSaved {
      const meta = index().find((m) => m.id === id);
      const text = read(labKey(id));
      if (text === null || !meta) {
        writeIndex(index());
        return { ok: false, kind: 'missing', message: 'This saved lab is no longer in the browser storage.' };
      }
      const r = loadLab(text);
      if (r.ok) return { ok: true, doc: r.doc, meta };
      if (r.doc) return { ok: true, doc: r.doc, meta };
      const reason = issuesText(r.issues);
      const keptAside = keepAside(id, reason, meta.name);
      return {
        ok: false,
        kind: 'kept-aside',
        keptAside,
        message: `The saved lab “${meta.name}” could not be opened and was kept aside (Saved labs lists it; download it from there): ${reason}.`,
      };
    },
    remove(id: string): Stored<void> {
      const r = tryStorage(() => storage.removeItem(labKey(id)));
      if (!r.ok) return r;
      if (current() === id) setCurrent(undefined);
      return writeIndex(index());
    },
    /** Changes the saved document's `name` (the rest of the text is kept as it is). */
    rename(id: string, name: string): Stored<SavedLabMeta> {
      const d = readDoc(id);
      if (!d.ok) return d;
      return saveText(JSON.stringify({ ...d.value.json, name }), name, id);
    },
    /** A copy saved as a new lab, named "… (copy)". */
    duplicate(id: string): Stored<SavedLabMeta> {
      const d = readDoc(id);
      if (!d.ok) return d;
      const name = `${typeof d.value.json.name === 'string' ? d.value.json.name : 'Lab'} (copy)`;
      return saveText(JSON.stringify({ ...d.value.json, name }), name);
    },
    /** A saved lab whose text is exactly `text` (opening the same example twice reuses its unchanged save). */
    findIdentical(text: string): string | undefined {
      const size = byteSize(text);
      return index().find((m) => m.size === size && read(labKey(m.id)) === text)?.id;
    },
    current,
    setCurrent,
    keptAside,
    keepAside,
    /** Deletes a save kept aside (only when the user asks). */
    discardKeptAside(id: string): Stored<void> {
      const r = tryStorage(() => storage.removeItem(labKey(id)));
      if (!r.ok) return r;
      return tryStorage(() =>
        storage.setItem(KEPT_ASIDE_KEY, JSON.stringify(keptAside().filter((k) => k.id !== id))),
      );
    },
  };
}
