/**
 * The designer's store (zustand vanilla + immer): the lab document — the single source of truth — its
 * history, and the ephemeral editor state (selection, field drafts, a drag in progress, a notice).
 * Actions are commands on the document; each states whether it enters history (history.ts).
 * No React here: the UI subscribes through hooks (src/ui/app/store-context.tsx).
 */
import type { Draft } from 'immer';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LabDocument } from '../engine/lab/format.ts';
import type { Fix } from '../engine/vlab/lint/index.ts';
import { addItem, cannotAdd, type PaletteKind, type XY } from './commands/add.ts';
import { copyItems, pasteClip, type Clip } from './commands/clipboard.ts';
import { connectAppliance, connectInterface, disconnect, type ConnectResult } from './commands/connect.ts';
import { applyFix, renameId, setField } from './commands/fields.ts';
import { moveNodes, nudgeNodes, type Move } from './commands/layout.ts';
import { removeItems } from './commands/remove.ts';
import {
  applyCommand,
  captureSince,
  EMPTY_HISTORY,
  redo,
  sealHistory,
  undo,
  type CommandOptions,
  type History,
} from './history.ts';
import { EMPTY_SELECTION, sameSelection, type Selection } from './selection.ts';

export interface Notice {
  readonly tone: 'info' | 'error';
  readonly text: string;
}

export interface LabState {
  readonly doc: LabDocument;
  readonly history: History;
  readonly selection: Selection;
  /** Field text the user typed that is not (yet) a valid value, by document path: kept, never dropped. */
  readonly drafts: Readonly<Record<string, string>>;
  /** The document when a drag started (a drag is one history step, recorded when it ends). */
  readonly gestureStart?: LabDocument;
  readonly notice?: Notice;
  /** Counts opened labs: the canvas fits the view to each newly opened lab. */
  readonly session: number;
}

export type LabStore = StoreApi<LabState>;

export function emptyLab(name = 'Untitled lab'): LabDocument {
  return { schemaVersion: 2, name, segments: [], devices: [], layout: {} };
}

export function createLabStore(doc: LabDocument = emptyLab()): LabStore {
  return createStore<LabState>()(() => ({
    doc,
    session: 0,
    history: EMPTY_HISTORY,
    selection: EMPTY_SELECTION,
    drafts: {},
  }));
}

/** The commands of the designer, bound to a store. */
export function labActions(store: LabStore) {
  const get = store.getState;
  const set = (patch: Partial<LabState>) => store.setState(patch);
  let clip: Clip | undefined;

  function run(label: string, recipe: (d: Draft<LabDocument>) => void, opts?: CommandOptions): boolean {
    const s = get();
    const r = applyCommand(s.doc, s.history, label, recipe, opts);
    if (r.changed) set({ doc: r.doc, history: r.history });
    return r.changed;
  }

  /** After undo/redo: drop drafts (the fields now show the document again) and vanished selections. */
  function afterTimeTravel(doc: LabDocument, history: History) {
    const ids = new Set([
      ...doc.devices.map((x) => x.id),
      ...doc.segments.map((x) => x.id),
      ...(doc.virtualLabs ?? []).map((v) => v.appliance.id),
    ]);
    const s = get().selection;
    const nodes = s.nodes.filter((n) => ids.has(n));
    set({
      doc,
      history,
      drafts: {},
      selection: nodes.length === s.nodes.length ? s : { ...s, nodes, edges: [] },
    });
  }

  const actions = {
    /** Opens another lab: a new document, a fresh history. */
    open(next: LabDocument) {
      // one replacing update: a drag in progress and a notice belong to the lab that was open
      const { gestureStart: _g, notice: _n, ...rest } = get();
      void _g;
      void _n;
      store.setState(
        {
          ...rest,
          doc: next,
          history: EMPTY_HISTORY,
          selection: EMPTY_SELECTION,
          drafts: {},
          session: rest.session + 1,
        },
        true,
      );
    },
    /** Replaces the document as one undoable step (an import into the open lab, a wizard result). */
    replace(label: string, next: LabDocument) {
      run(label, () => next as Draft<LabDocument>);
    },
    run,
    undo() {
      const s = get();
      const r = undo(s.doc, s.history);
      if (r.changed) afterTimeTravel(r.doc, r.history);
    },
    redo() {
      const s = get();
      const r = redo(s.doc, s.history);
      if (r.changed) afterTimeTravel(r.doc, r.history);
    },
    /** A field lost focus: its next edit is a new history step. */
    seal() {
      const s = get();
      const h = sealHistory(s.history);
      if (h !== s.history) set({ history: h });
    },
    select(selection: Selection) {
      if (!sameSelection(selection, get().selection)) set({ selection });
    },
    selectNodes(nodes: readonly string[], field?: string) {
      actions.select({ nodes, edges: [], ...(field !== undefined ? { field } : {}) });
    },
    focusField(field: string | undefined) {
      const s = get().selection;
      if (s.field === field) return;
      const { field: _f, ...rest } = s;
      void _f;
      set({ selection: field === undefined ? rest : { ...rest, field } });
    },
    setDraft(path: string, text: string | undefined) {
      const drafts = { ...get().drafts };
      if (text === undefined) delete drafts[path];
      else drafts[path] = text;
      set({ drafts });
    },
    notify(notice: Notice | undefined) {
      set(notice ? { notice } : { notice: undefined });
    },
    /** One edit of a field: consecutive edits of the same field are one step until it is sealed. */
    setField(path: string, value: unknown, label = `Edit ${path}`) {
      const drafts = get().drafts;
      if (path in drafts) actions.setDraft(path, undefined);
      return run(label, (d) => setField(d, path, value), { coalesce: path });
    },
    renameId(from: string, to: string): string | undefined {
      let problem: string | undefined;
      run(`Rename ${from} to ${to}`, (d) => {
        problem = renameId(d, from, to);
      });
      if (!problem) {
        const s = get().selection;
        actions.select({ ...s, nodes: s.nodes.map((n) => (n === from ? to : n)) });
      }
      return problem;
    },
    applyFix(fix: Fix): boolean {
      let ok = false;
      run(fix.label, (d) => {
        ok = applyFix(d, fix.patch);
      });
      return ok;
    },
    add(kind: PaletteKind, at: XY): string | undefined {
      const reason = cannotAdd(get().doc, kind);
      if (reason) {
        actions.notify({ tone: 'error', text: reason });
        return undefined;
      }
      let id = '';
      run(`Add ${kind.replace('-', ' ')}`, (d) => {
        id = addItem(d, kind, at);
      });
      actions.selectNodes([id]);
      return id;
    },
    connect(source: string, handle: string, segment: string): ConnectResult {
      const doc = get().doc;
      let r: ConnectResult = { ok: false, reason: 'nothing to connect' };
      const isAppliance = (doc.virtualLabs ?? []).some((v) => v.appliance.id === source);
      run(`Connect ${source} to ${segment}`, (d) => {
        r = isAppliance ? connectAppliance(d, source, segment) : connectInterface(d, source, handle, segment);
      });
      if (!r.ok) actions.notify({ tone: 'error', text: `Cannot connect: ${r.reason}` });
      return r;
    },
    disconnect(edge: string): ConnectResult {
      let r: ConnectResult = { ok: false, reason: '' };
      run('Remove link', (d) => {
        r = disconnect(d, edge);
      });
      if (!r.ok) actions.notify({ tone: 'error', text: `Cannot remove the link: ${r.reason}` });
      return r;
    },
    deleteSelection() {
      const { nodes, edges } = get().selection;
      if (!nodes.length && !edges.length) return;
      run(nodes.length ? `Delete ${nodes.join(', ')}` : 'Remove link', (d) => removeItems(d, nodes, edges));
      actions.select(EMPTY_SELECTION);
    },
    copy(): Clip | undefined {
      const c = copyItems(get().doc, get().selection.nodes);
      if (c) clip = c;
      return c;
    },
    paste(from: Clip | undefined = clip, offset = { x: 40, y: 40 }): string[] {
      if (!from) return [];
      let ids: string[] = [];
      run('Paste', (d) => {
        ids = pasteClip(d, from, offset);
      });
      clip = from;
      actions.selectNodes(ids);
      return ids;
    },
    duplicate(): string[] {
      const c = copyItems(get().doc, get().selection.nodes);
      return c ? actions.paste(c, { x: 40, y: 40 }) : [];
    },
    nudge(dx: number, dy: number) {
      const ids = get().selection.nodes;
      if (ids.length) run('Move', (d) => nudgeNodes(d, ids, dx, dy), { coalesce: `nudge:${ids.join(',')}` });
    },
    /** Drag frames: the document follows the pointer without history entries. */
    dragStart() {
      if (!get().gestureStart) set({ gestureStart: get().doc });
    },
    dragMove(moves: readonly Move[]) {
      run('Move', (d) => moveNodes(d, moves), { capture: 'never' });
    },
    /** The drag is one step (or none, when nothing moved). */
    dragEnd(moves: readonly Move[] = []) {
      if (moves.length) run('Move', (d) => moveNodes(d, moves), { capture: 'never' });
      const s = get();
      const before = s.gestureStart;
      if (!before) return;
      const history = captureSince(before, s.doc, s.history, 'Move');
      const { gestureStart: _g, ...rest } = s;
      void _g;
      store.setState({ ...rest, history }, true);
    },
    /** Positions for items without one (auto-layout), as one step. */
    setPositions(moves: readonly Move[], label = 'Auto-layout') {
      run(label, (d) => moveNodes(d, moves));
    },
  };
  return actions;
}

export type LabActions = ReturnType<typeof labActions>;
