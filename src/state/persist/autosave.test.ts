import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLabStore, emptyLab, labActions } from '../lab-store.ts';
import { claimLabId, createAutosave } from './autosave.ts';
import { countingStorage, exampleLabs, refusingStorage } from './persist.test-support.ts';
import { createSavedLabs, labKey } from './saved-labs.ts';
import { memoryStorage } from './storage.ts';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-03-01T12:00:00Z'));
});
afterEach(() => vi.useRealTimers());

function setup(doc = exampleLabs()[0]!.doc, quota?: number) {
  const { storage, labWrites } = countingStorage(memoryStorage({}, quota === undefined ? {} : { quota }));
  const store = createLabStore(doc);
  const act = labActions(store);
  const autosave = createAutosave(store, storage);
  const labs = createSavedLabs(storage);
  return { storage, store, act, autosave, labs, labWrites };
}

describe('autosave', () => {
  it('does not save an unchanged lab, then saves it at its first change as a new saved lab', () => {
    const { store, act, autosave, labs } = setup();
    expect(autosave.status.getState()).toEqual({ kind: 'idle' });
    vi.advanceTimersByTime(1000);
    expect(labs.list()).toEqual([]);

    act.setField('name', 'Edited');
    expect(autosave.status.getState()).toEqual({ kind: 'pending' });
    vi.advanceTimersByTime(0);
    const id = autosave.labId()!;
    expect(autosave.status.getState()).toMatchObject({ kind: 'saved', id });
    expect(labs.current()).toBe(id);
    const o = labs.open(id);
    expect(o.ok && o.doc).toEqual(store.getState().doc);
  });

  it('writes at most once per 250 ms, the last change included (trailing)', () => {
    const { act, autosave, labs, labWrites } = setup();
    act.setField('name', 'a');
    vi.advanceTimersByTime(0);
    expect(labWrites()).toEqual([[labKey(autosave.labId()!), 1]]);
    for (const name of ['ab', 'abc', 'abcd', 'abcde']) {
      act.setField('name', name);
      vi.advanceTimersByTime(40);
    }
    expect(labWrites()[0]![1]).toBe(1);
    vi.advanceTimersByTime(100);
    expect(labWrites()[0]![1]).toBe(2);
    const o = labs.open(autosave.labId()!);
    expect(o.ok && o.doc.name).toBe('abcde');
    vi.advanceTimersByTime(5000);
    expect(labWrites()[0]![1]).toBe(2);
  });

  it('flush() writes the pending change at once (page hidden or closed)', () => {
    const { act, autosave, labs } = setup();
    act.setField('name', 'a');
    vi.advanceTimersByTime(0);
    act.setField('name', 'before unload');
    expect(autosave.flush()).toMatchObject({ kind: 'saved' });
    const o = labs.open(autosave.labId()!);
    expect(o.ok && o.doc.name).toBe('before unload');
  });

  it('never writes selection, drafts, history or notices: only changes of the document', () => {
    const { store, act, autosave, labWrites } = setup();
    act.setField('name', 'x');
    autosave.flush();
    const before = labWrites()[0]![1];
    act.selectNodes([store.getState().doc.devices[0]!.id]);
    act.setDraft('name', 'half-typed');
    act.seal();
    act.notify({ tone: 'info', text: 'hi' });
    vi.advanceTimersByTime(1000);
    autosave.flush();
    expect(labWrites()[0]![1]).toBe(before);
    const saved: unknown = JSON.parse(autosave.labs.text(autosave.labId()!)!);
    expect(saved).toEqual(store.getState().doc);
  });

  it('restores exactly what was open after a reload (undo, redo and drags included)', () => {
    const { store, act, autosave, storage } = setup();
    const first = store.getState().doc.devices[0]!.id;
    act.setField('name', 'Reloaded');
    act.nudge(0, 0);
    act.selectNodes([first]);
    act.nudge(10, 5);
    act.dragStart();
    act.dragMove([{ id: first, x: 300, y: 200 }]);
    act.dragEnd([{ id: first, x: 310, y: 210 }]);
    act.undo();
    act.redo();
    autosave.dispose();

    // "reload": a new page reads the current lab
    const labs = createSavedLabs(storage);
    const o = labs.open(labs.current()!);
    expect(o.ok && o.doc).toEqual(store.getState().doc);
  });

  it('opening another lab starts a new saved lab; the previous one keeps its changes', () => {
    const [a, b] = exampleLabs();
    const { store, act, autosave, labs } = setup(a!.doc);
    act.setField('name', 'My edited A');
    vi.advanceTimersByTime(10);
    act.setField('name', 'My edited A, last change');
    const idA = autosave.labId()!;

    act.open(b!.doc); // the Examples menu
    const idB = autosave.labId()!;
    expect(idB).not.toBe(idA);
    expect(labs.current()).toBe(idB);
    const oa = labs.open(idA);
    expect(oa.ok && oa.doc.name).toBe('My edited A, last change');
    const ob = labs.open(idB);
    expect(ob.ok && ob.doc).toEqual(b!.doc);

    act.setField('name', 'B edited');
    autosave.flush();
    const oa2 = labs.open(idA);
    expect(oa2.ok && oa2.doc.name).toBe('My edited A, last change');
    expect(labs.list()).toHaveLength(2);
    expect(store.getState().doc.name).toBe('B edited');
  });

  it('opening the same unchanged lab twice reuses its save; an edited one is never reused', () => {
    const [a, b] = exampleLabs();
    const { act, autosave, labs } = setup(a!.doc);
    act.open(b!.doc);
    const first = autosave.labId();
    act.open(a!.doc);
    act.open(b!.doc);
    expect(autosave.labId()).toBe(first);
    act.setField('name', 'changed B');
    autosave.flush();
    act.open(b!.doc);
    expect(autosave.labId()).not.toBe(first);
    expect(labs.list()).toHaveLength(3);
  });

  it('opening a claimed saved lab goes on writing into it', () => {
    const [a, b] = exampleLabs();
    const { act, autosave, labs } = setup(a!.doc);
    const saved = labs.save({ ...b!.doc, name: 'Saved B' });
    if (!saved.ok) throw new Error('not saved');
    const o = labs.open(saved.value.id);
    if (!o.ok) throw new Error('not opened');
    claimLabId(o.doc, saved.value.id);
    act.open(o.doc);
    expect(autosave.labId()).toBe(saved.value.id);
    act.setField('name', 'Saved B, edited');
    autosave.flush();
    expect(labs.list().map((m) => m.name)).toEqual(['Saved B, edited']);
  });

  it('starts from the claimed id of the first document (the lab restored at start-up)', () => {
    const storage = memoryStorage();
    const labs = createSavedLabs(storage);
    const doc = emptyLab('Restored');
    const s = labs.save(doc);
    if (!s.ok) throw new Error('not saved');
    const restored = labs.open(s.value.id);
    if (!restored.ok) throw new Error('not opened');
    claimLabId(restored.doc, s.value.id);
    const store = createLabStore(restored.doc);
    const autosave = createAutosave(store, storage);
    expect(autosave.status.getState()).toMatchObject({ kind: 'saved', id: s.value.id });
    labActions(store).setField('name', 'Restored and edited');
    autosave.flush();
    expect(labs.list().map((m) => [m.id, m.name])).toEqual([[s.value.id, 'Restored and edited']]);
  });

  it('drag frames of a fresh lab are changes of that lab, not another lab', () => {
    const { store, act, autosave, labs } = setup();
    const id = store.getState().doc.devices[0]!.id;
    act.setField('name', 'Fresh');
    vi.advanceTimersByTime(0);
    const saved = autosave.labId();
    act.dragStart();
    act.dragMove([{ id, x: 1, y: 2 }]);
    vi.advanceTimersByTime(300);
    act.dragMove([{ id, x: 3, y: 4 }]);
    act.dragEnd([{ id, x: 5, y: 6 }]);
    autosave.flush();
    expect(autosave.labId()).toBe(saved);
    expect(labs.list()).toHaveLength(1);
  });

  it('writes nothing while a drag is in progress, and the dragged lab once it ends', () => {
    const { store, act, autosave, labs, labWrites } = setup();
    const id = store.getState().doc.devices[0]!.id;
    act.dragStart();
    for (let k = 0; k < 10; k++) {
      act.dragMove([{ id, x: k, y: k }]);
      vi.advanceTimersByTime(100);
    }
    expect(labWrites()).toEqual([]);
    expect(autosave.status.getState()).toEqual({ kind: 'pending' });
    act.dragEnd([{ id, x: 50, y: 60 }]);
    vi.advanceTimersByTime(0);
    expect(labWrites()).toEqual([[labKey(autosave.labId()!), 1]]);
    const o = labs.open(autosave.labId()!);
    expect(o.ok && o.doc.layout?.[id]).toEqual({ x: 50, y: 60 });
  });

  it('the auto-layout of a just-opened lab (no history step) belongs to that lab', () => {
    const { act, autosave, labs } = setup();
    act.open({ ...emptyLab('Imported'), segments: [{ id: 'lan', kind: 'production' }] });
    vi.advanceTimersByTime(300);
    const opened = autosave.labId();
    act.run('Auto-layout', (d) => void (d.layout = { lan: { x: 10, y: 20 } }), { capture: 'never' });
    autosave.flush();
    expect(autosave.labId()).toBe(opened);
    expect(labs.list().filter((m) => m.name === 'Imported')).toHaveLength(1);
  });

  it('reports a full storage in its status without throwing, and saves again once there is room', () => {
    const { act, autosave, labs, store } = setup(emptyLab('Tiny'), 1_000);
    act.setField('name', 'Tiny 2');
    vi.advanceTimersByTime(0);
    expect(autosave.status.getState()).toMatchObject({ kind: 'saved' });
    expect(() => act.setField('description', 'x'.repeat(2_000))).not.toThrow();
    vi.advanceTimersByTime(300);
    expect(autosave.status.getState()).toMatchObject({ kind: 'failed', problem: { kind: 'quota' } });
    // still failed while more changes come (not "saving…")
    act.setField('description', 'x'.repeat(2_001));
    expect(autosave.status.getState().kind).toBe('failed');
    vi.advanceTimersByTime(300);
    // the user shortens it: saved again
    act.setField('description', 'short');
    vi.advanceTimersByTime(300);
    expect(autosave.status.getState()).toMatchObject({ kind: 'saved' });
    const o = labs.open(autosave.labId()!);
    expect(o.ok && o.doc).toEqual(store.getState().doc);
  });

  it('reports a storage the browser refuses', () => {
    const store = createLabStore(emptyLab());
    const autosave = createAutosave(store, refusingStorage);
    labActions(store).setField('name', 'x');
    expect(autosave.flush()).toMatchObject({ kind: 'failed', problem: { kind: 'unavailable' } });
  });

  it('stops watching once disposed (after a last write)', () => {
    const { act, autosave, labWrites } = setup();
    act.setField('name', 'last');
    autosave.dispose();
    expect(labWrites()[0]![1]).toBe(1);
    act.setField('name', 'after');
    vi.advanceTimersByTime(1000);
    expect(labWrites()[0]![1]).toBe(1);
  });
});
