import { describe, expect, it } from 'vitest';
import type { LabDocument } from '../../engine/lab/format.ts';
import { emptyLab } from '../lab-store.ts';
import { exampleLabs, refusingStorage } from './persist.test-support.ts';
import { createSavedLabs, CURRENT_KEY, INDEX_KEY, KEPT_ASIDE_KEY, labKey } from './saved-labs.ts';
import { memoryStorage } from './storage.ts';

function setup(init: Record<string, string> = {}, quota?: number) {
  const storage = memoryStorage(init, quota === undefined ? {} : { quota });
  let t = 1_000;
  let n = 0;
  const labs = createSavedLabs(storage, { now: () => (t += 1000), newId: () => `id${++n}` });
  return { storage, labs };
}

describe('saved labs', () => {
  it('saves every example and opens it again deep-equal, the stored text being the document alone', () => {
    const { storage, labs } = setup();
    for (const { doc } of exampleLabs()) {
      const s = labs.save(doc);
      expect(s.ok).toBe(true);
      if (!s.ok) continue;
      expect(storage.getItem(labKey(s.value.id))).toBe(JSON.stringify(doc));
      const o = labs.open(s.value.id);
      expect(o.ok && o.doc).toEqual(doc);
      expect(s.value.name).toBe(doc.name);
      expect(s.value.size).toBe(new TextEncoder().encode(JSON.stringify(doc)).length);
    }
    expect(labs.list()).toHaveLength(exampleLabs().length);
  });

  it('lists the most recently changed first; rename, duplicate, delete and the current lab', () => {
    const { labs } = setup();
    const a = labs.save(emptyLab('A'));
    const b = labs.save(emptyLab('B'));
    expect(labs.list().map((m) => m.name)).toEqual(['B', 'A']);
    if (!a.ok || !b.ok) throw new Error('not saved');

    expect(labs.rename(a.value.id, 'Ä <b>renamed</b>').ok).toBe(true);
    expect(labs.list().map((m) => m.name)).toEqual(['Ä <b>renamed</b>', 'B']);
    const renamed = labs.open(a.value.id);
    expect(renamed.ok && renamed.doc.name).toBe('Ä <b>renamed</b>');

    const d = labs.duplicate(b.value.id);
    expect(d.ok && d.value.name).toBe('B (copy)');
    expect(labs.list()).toHaveLength(3);

    labs.setCurrent(b.value.id);
    expect(labs.current()).toBe(b.value.id);
    expect(labs.remove(b.value.id).ok).toBe(true);
    expect(labs.current()).toBeUndefined();
    expect(labs.list().map((m) => m.name)).toEqual(['B (copy)', 'Ä <b>renamed</b>']);
    expect(labs.open(b.value.id)).toMatchObject({ ok: false, kind: 'missing' });
  });

  it('keeps a damaged save aside with the reason, never deleting it, and takes it out of the list', () => {
    const { storage, labs } = setup();
    const s = labs.save(emptyLab('Mine'));
    if (!s.ok) throw new Error('not saved');
    const broken = '{"schemaVersion": 2, "name": "Mine", "segments": [';
    storage.setItem(labKey(s.value.id), broken);
    labs.setCurrent(s.value.id);

    const o = labs.open(s.value.id);
    expect(o).toMatchObject({ ok: false, kind: 'kept-aside' });
    if (o.ok || o.kind !== 'kept-aside') return;
    expect(o.message).toContain('“Mine” could not be opened and was kept aside');
    expect(o.message).toContain('not valid JSON');
    expect(o.keptAside).toMatchObject({ id: s.value.id, name: 'Mine', size: broken.length });
    expect(labs.keptAside()).toEqual([o.keptAside]);
    expect(labs.text(s.value.id)).toBe(broken);
    expect(labs.list()).toEqual([]);
    expect(labs.current()).toBeUndefined();

    // only the user deletes it
    expect(labs.discardKeptAside(s.value.id).ok).toBe(true);
    expect(labs.keptAside()).toEqual([]);
    expect(storage.getItem(labKey(s.value.id))).toBeNull();
  });

  it('keeps aside a save written by a newer natlab, saying so', () => {
    const { storage, labs } = setup();
    const newer = JSON.stringify({ ...emptyLab('Future'), schemaVersion: 99, wormholes: [] });
    storage.setItem(labKey('future'), newer);
    expect(labs.list().map((m) => m.name)).toEqual(['Future']);
    const o = labs.open('future');
    expect(o.ok).toBe(false);
    expect(!o.ok && o.message).toMatch(
      /written by a newer natlab \(schema version 99; this natlab reads up to 2\)/,
    );
    expect(labs.text('future')).toBe(newer);
    expect(labs.keptAside().map((k) => k.name)).toEqual(['Future']);
  });

  it('keeps aside a save that is JSON but not a lab, listing the issues with their paths', () => {
    const { storage, labs } = setup();
    storage.setItem(labKey('x'), JSON.stringify({ ...emptyLab('Odd'), segments: [{ id: 7 }] }));
    const o = labs.open('x');
    expect(!o.ok && o.message).toContain('segments[0].id: expected string, got number 7');
  });

  it('opens a lab that is being built (it has errors the designer shows) instead of keeping it aside', () => {
    const { labs } = setup();
    const wip = {
      ...emptyLab('WIP'),
      devices: [{ id: 'a', kind: 'host', interfaces: [{ name: 'eth0', segment: 'nope' }] }],
    } as LabDocument;
    const s = labs.save(wip);
    const o = s.ok && labs.open(s.value.id);
    expect(o && o.ok && o.doc).toEqual(wip);
    expect(labs.keptAside()).toEqual([]);
  });

  it('reports a full storage instead of throwing, leaving the previous save intact', () => {
    const { storage, labs } = setup({}, 2_000);
    const s = labs.save(emptyLab('Small'));
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    const big = { ...emptyLab('Small'), description: 'x'.repeat(5_000) };
    const r = labs.save(big, s.value.id);
    expect(r).toMatchObject({ ok: false, problem: { kind: 'quota' } });
    expect(!r.ok && r.problem.message).toContain('storage for natlab is full');
    expect(storage.getItem(labKey(s.value.id))).toBe(JSON.stringify(emptyLab('Small')));
  });

  it('works without throwing when the browser refuses storage', () => {
    const labs = createSavedLabs(refusingStorage);
    expect(labs.list()).toEqual([]);
    expect(labs.current()).toBeUndefined();
    expect(labs.save(emptyLab())).toMatchObject({ ok: false, problem: { kind: 'unavailable' } });
    expect(labs.open('x')).toMatchObject({ ok: false, kind: 'missing' });
  });

  it('rebuilds a damaged index from the stored labs', () => {
    const { storage, labs } = setup();
    labs.save(emptyLab('One'));
    labs.save(emptyLab('Two'));
    storage.setItem(INDEX_KEY, '{not json');
    expect(
      labs
        .list()
        .map((m) => m.name)
        .sort(),
    ).toEqual(['One', 'Two']);
    // a damaged kept-aside list: the saves it named are checked again when opened
    storage.setItem(KEPT_ASIDE_KEY, 'nope');
    expect(labs.keptAside()).toEqual([]);
  });

  it('finds an unchanged save with the same text', () => {
    const { labs } = setup();
    const s = labs.save(emptyLab('Same'));
    expect(labs.findIdentical(JSON.stringify(emptyLab('Same')))).toBe(s.ok && s.value.id);
    expect(labs.findIdentical(JSON.stringify(emptyLab('Other')))).toBeUndefined();
  });

  it('keeps the current pointer under its own key', () => {
    const { storage, labs } = setup();
    labs.setCurrent('abc');
    expect(storage.getItem(CURRENT_KEY)).toBe('abc');
    labs.setCurrent(undefined);
    expect(storage.getItem(CURRENT_KEY)).toBeNull();
  });
});
