/**
 * Undo/redo over immer patches (docs/architecture.md P8). Every document change goes through
 * {@link applyCommand}, which states its capture policy: `now` records one history entry, `never`
 * changes the document without one (drag frames), and a `coalesce` key merges consecutive changes
 * with the same key into one entry (typing in one inspector field is one step per field edit).
 */
import { applyPatches, enablePatches, produceWithPatches, type Draft, type Patch } from 'immer';
import type { LabDocument } from '../engine/lab/format.ts';

enablePatches();

export interface HistoryEntry {
  readonly label: string;
  readonly patches: readonly Patch[];
  readonly inverse: readonly Patch[];
  /** Consecutive commands with the same key merge into this entry. */
  readonly coalesce?: string;
}

export interface History {
  readonly past: readonly HistoryEntry[];
  readonly future: readonly HistoryEntry[];
}

export const EMPTY_HISTORY: History = { past: [], future: [] };

/** How many steps are kept; older ones are dropped. */
export const HISTORY_LIMIT = 500;

export type Capture = 'now' | 'never';

export interface CommandOptions {
  readonly capture?: Capture;
  readonly coalesce?: string;
}

export type Recipe = (draft: Draft<LabDocument>) => void;

export interface Applied {
  readonly doc: LabDocument;
  readonly history: History;
  readonly changed: boolean;
}

export function applyCommand(
  doc: LabDocument,
  history: History,
  label: string,
  recipe: Recipe,
  opts: CommandOptions = {},
): Applied {
  const [next, patches, inverse] = produceWithPatches(doc, recipe);
  if (patches.length === 0) return { doc, history, changed: false };
  if (opts.capture === 'never') return { doc: next, history, changed: true };
  const last = history.past[history.past.length - 1];
  if (opts.coalesce !== undefined && last?.coalesce === opts.coalesce) {
    // The merged entry redoes both and undoes both (inverse patches run in reverse order).
    const merged: HistoryEntry = {
      label: last.label,
      patches: [...last.patches, ...patches],
      inverse: [...inverse, ...last.inverse],
      coalesce: opts.coalesce,
    };
    return {
      doc: next,
      history: { past: [...history.past.slice(0, -1), merged], future: [] },
      changed: true,
    };
  }
  const entry: HistoryEntry = {
    label,
    patches,
    inverse,
    ...(opts.coalesce !== undefined ? { coalesce: opts.coalesce } : {}),
  };
  const past = [...history.past, entry];
  return {
    doc: next,
    history: { past: past.length > HISTORY_LIMIT ? past.slice(-HISTORY_LIMIT) : past, future: [] },
    changed: true,
  };
}

/**
 * Records a change made without capture (a drag) as one entry: `before` is the document when the
 * gesture started, `doc` the current one.
 */
export function captureSince(
  before: LabDocument,
  doc: LabDocument,
  history: History,
  label: string,
): History {
  if (before === doc) return history;
  const [, patches, inverse] = produceWithPatches(before, () => doc as Draft<LabDocument>);
  if (patches.length === 0) return history;
  return { past: [...history.past, { label, patches, inverse }].slice(-HISTORY_LIMIT), future: [] };
}

export function undo(doc: LabDocument, history: History): Applied {
  const entry = history.past[history.past.length - 1];
  if (!entry) return { doc, history, changed: false };
  // A closed entry: the next edit of the same field starts a new step.
  const { coalesce: _closed, ...closed } = entry;
  void _closed;
  return {
    doc: applyPatches(doc, entry.inverse as Patch[]),
    history: { past: history.past.slice(0, -1), future: [closed, ...history.future] },
    changed: true,
  };
}

export function redo(doc: LabDocument, history: History): Applied {
  const entry = history.future[0];
  if (!entry) return { doc, history, changed: false };
  return {
    doc: applyPatches(doc, entry.patches as Patch[]),
    history: { past: [...history.past, entry], future: history.future.slice(1) },
    changed: true,
  };
}

/** Ends coalescing (a field lost focus): the next change starts a new entry. */
export function sealHistory(history: History): History {
  const last = history.past[history.past.length - 1];
  if (!last?.coalesce) return history;
  const { coalesce: _sealed, ...sealed } = last;
  void _sealed;
  return { past: [...history.past.slice(0, -1), sealed], future: history.future };
}
