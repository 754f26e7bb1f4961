/**
 * Autosave: watches the designer's store and writes the lab document into the saved labs whenever it
 * changes (by identity), at most once per `wait` ms with a trailing write, and at once on `flush()`
 * (the page is hidden or closed). Only `doc` is written: selection, drafts, history never are.
 *
 * Which saved lab a document belongs to:
 * - the store's first document: `opts.labId`, or the id claimed for it with {@link claimLabId} (the
 *   start-up code claims the lab it restored); none → it becomes a new saved lab at its first change;
 * - after `actions.open(doc)` (the history is reset to EMPTY_HISTORY with a new document): the id
 *   claimed for `doc` (the Saved labs dialog claims the lab it opens), else an unchanged saved lab with
 *   exactly this text (opening the same example twice), else a new saved lab. The lab that was open
 *   keeps its own entry: its pending changes are written to it first, it is never overwritten.
 *
 * Storage problems (a full quota) are reported in `status`, never thrown.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LabDocument } from '../../engine/lab/format.ts';
import type { LabState, LabStore } from '../lab-store.ts';
import { createSavedLabs, type SavedLabs, type SavedLabsOptions } from './saved-labs.ts';
import type { StorageLike, StorageProblem } from './storage.ts';

export type SaveStatus =
  /** Nothing to save yet: the lab is unchanged since it was opened and is not a saved lab. */
  | { readonly kind: 'idle' }
  /** Changed, written within `wait` ms. */
  | { readonly kind: 'pending' }
  | { readonly kind: 'saved'; readonly at: number; readonly id: string }
  /** The last write failed; the next change (or flush) tries again. */
  | { readonly kind: 'failed'; readonly at: number; readonly problem: StorageProblem };

export interface AutosaveOptions extends SavedLabsOptions {
  /** Least time between two writes, ms (default 250). */
  readonly wait?: number;
  /** The saved lab the store's first document is (default: the id claimed for it). */
  readonly labId?: string;
}

export interface Autosave {
  readonly status: StoreApi<SaveStatus>;
  readonly labs: SavedLabs;
  /** The saved lab being written (undefined until an unsaved lab is first saved). */
  labId(): string | undefined;
  /** Writes a pending change now. */
  flush(): SaveStatus;
  /** Flushes and stops watching the store. */
  dispose(): void;
}

const claims = new WeakMap<LabDocument, string>();

/**
 * Says that `doc` is the saved lab `id`: when it is opened (or is the store's first document) the
 * autosave goes on writing into that lab instead of starting a new one.
 */
export function claimLabId(doc: LabDocument, id: string): void {
  claims.set(doc, id);
}

export function claimedLabId(doc: LabDocument): string | undefined {
  return claims.get(doc);
}

/**
 * Whether a store change is another lab being opened (`actions.open` counts sessions). Changes made
 * without a history step on a freshly opened lab — a drag frame, the auto-layout of a lab without
 * positions — are not.
 */
export function openedAnotherLab(state: LabState, prev: LabState): boolean {
  return state.doc !== prev.doc && state.session !== prev.session;
}

export function createAutosave(store: LabStore, storage: StorageLike, opts: AutosaveOptions = {}): Autosave {
  const labs = createSavedLabs(storage, opts);
  const wait = opts.wait ?? 250;
  const now = opts.now ?? Date.now;

  const first = store.getState().doc;
  let id = opts.labId ?? claimedLabId(first);
  /** What storage holds for `id` (a write of the same text is skipped). */
  let written = id === undefined ? undefined : labs.text(id);
  if (written === undefined) id = undefined;
  /** The document still to write. */
  let pending: LabDocument | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastWrite = -Infinity;

  const meta = id === undefined ? undefined : labs.list().find((m) => m.id === id);
  const status = createStore<SaveStatus>()(() =>
    id === undefined ? { kind: 'idle' } : { kind: 'saved', at: meta?.modified ?? now(), id },
  );
  const set = (s: SaveStatus) => {
    status.setState(s, true);
    return s;
  };

  function write(doc: LabDocument): SaveStatus {
    pending = undefined;
    lastWrite = now();
    const text = JSON.stringify(doc);
    if (id !== undefined && text === written) {
      labs.setCurrent(id);
      return set({ kind: 'saved', at: lastWrite, id });
    }
    const r = labs.saveText(text, doc.name, id);
    if (!r.ok) {
      pending = doc;
      return set({ kind: 'failed', at: lastWrite, problem: r.problem });
    }
    id = r.value.id;
    written = text;
    labs.setCurrent(id);
    return set({ kind: 'saved', at: r.value.modified, id });
  }

  function cancelTimer() {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  }

  function schedule() {
    if (timer !== undefined) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        // not in the middle of a drag: serialising a 3 000-node lab every 250 ms cost a drag ~90 ms
        // of each second (issue 7); the drag's end writes it
        if (pending && !store.getState().gestureStart) write(pending);
      },
      Math.max(0, lastWrite + wait - now()),
    );
  }

  /** Another lab was opened: it is written at once, as its own saved lab. */
  function switchTo(doc: LabDocument) {
    const text = JSON.stringify(doc);
    const claimed = claimedLabId(doc);
    const known =
      claimed !== undefined && labs.text(claimed) !== undefined ? claimed : labs.findIdentical(text);
    id = known;
    written = known === undefined ? undefined : labs.text(known);
    write(doc);
  }

  const unsubscribe = store.subscribe((state, prev) => {
    if (state.doc === prev.doc) {
      if (prev.gestureStart && !state.gestureStart && pending) schedule();
      return;
    }
    if (openedAnotherLab(state, prev)) {
      cancelTimer();
      if (pending) write(pending);
      switchTo(state.doc);
      return;
    }
    pending = state.doc;
    if (status.getState().kind !== 'failed' && status.getState().kind !== 'pending') set({ kind: 'pending' });
    schedule();
  });

  function flush(): SaveStatus {
    cancelTimer();
    return pending ? write(pending) : status.getState();
  }

  return {
    status,
    labs,
    labId: () => id,
    flush,
    dispose() {
      unsubscribe();
      flush();
    },
  };
}
