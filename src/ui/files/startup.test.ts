import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { claimedLabId } from '../../state/persist/autosave.ts';
import { createSavedLabs, labKey } from '../../state/persist/saved-labs.ts';
import { memoryStorage } from '../../state/persist/storage.ts';
import { emptyLab } from '../../state/lab-store.ts';
import { encodeShare } from '../../state/share/share.ts';
import { loadStartupLab, type StartupDeps } from './startup.ts';

const LABS = path.resolve(import.meta.dirname, '../../../public/labs');
const labText = (name: string) => readFileSync(path.join(LABS, `${name}.lab.json`), 'utf8');
const nameOf = (name: string) => (JSON.parse(labText(name)) as { name: string }).name;

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

function deps(storage = memoryStorage()) {
  const fetched: string[] = [];
  const urls: { search: string; hash: string }[] = [];
  const d: StartupDeps = {
    storage,
    fetchText: async (name) => {
      fetched.push(name);
      if (!/^[a-z0-9-]+$/.test(name)) throw new Error('unsafe name reached fetch');
      try {
        return labText(name);
      } catch {
        throw new Error(`There is no lab named "${name}" (/labs/${name}.lab.json was not found).`);
      }
    },
    replaceUrl: (search, hash) => urls.push({ search, hash }),
  };
  return { d, fetched, urls, storage, labs: createSavedLabs(storage) };
}

describe('which lab opens at start-up', () => {
  it('opens the default example when nothing is saved, without saving it yet', async () => {
    const { d, fetched, labs } = deps();
    const s = await loadStartupLab({ search: '', hash: '' }, d);
    expect(s.doc.name).toBe(nameOf('surebackup-basic'));
    expect(s.notices).toEqual([]);
    expect(s.labId).toBeUndefined();
    expect(fetched).toEqual(['surebackup-basic']);
    expect(labs.list()).toEqual([]);
  });

  it('opens a shared link as a new saved lab, then takes the fragment out of the address bar', async () => {
    const { d, fetched, urls, labs } = deps();
    const shared = { ...emptyLab('Shared <b>lab</b> ✓'), description: 'from a colleague' };
    const fragment = await encodeShare(shared);
    const s = await loadStartupLab({ search: '?x=1', hash: fragment }, d);
    expect(s.doc).toEqual(shared);
    expect(s.notices).toEqual([]);
    expect(fetched).toEqual([]);
    expect(s.labId).toBeDefined();
    expect(claimedLabId(s.doc)).toBe(s.labId);
    expect(labs.current()).toBe(s.labId);
    expect(labs.list().map((m) => m.name)).toEqual(['Shared <b>lab</b> ✓']);
    expect(urls).toEqual([{ search: '?x=1', hash: '' }]);

    // the reload after that: the same lab, from the saved labs
    const again = await loadStartupLab({ search: '?x=1', hash: '' }, d);
    expect(again.doc).toEqual(shared);
    expect(again.labId).toBe(s.labId);

    // the same link opened twice: its unchanged copy is reused
    const twice = await loadStartupLab({ search: '', hash: fragment }, d);
    expect(twice.labId).toBe(s.labId);
    expect(labs.list()).toHaveLength(1);
  });

  it('reports a broken shared link, keeps it in the address bar and opens the lab worked on last', async () => {
    const { d, urls, labs } = deps();
    const mine = labs.save(emptyLab('Mine'));
    if (!mine.ok) throw new Error('not saved');
    labs.setCurrent(mine.value.id);
    const s = await loadStartupLab({ search: '', hash: '#lab=q1YqTs5IzU0M' }, d);
    expect(s.doc.name).toBe('Mine');
    expect(s.notices).toEqual([
      expect.stringMatching(
        /^The shared link could not be opened: the link is damaged: its data is not deflate-compressed/,
      ),
    ]);
    expect(urls).toEqual([]);
  });

  it('lists the problems, with their paths, of a shared link that is not a lab', async () => {
    const { d } = deps();
    const fragment = await encodeShare({ ...emptyLab(), segments: [{ id: 'a', kind: 'moon' }] } as never);
    const s = await loadStartupLab({ search: '', hash: fragment }, d);
    expect(s.notices[0]).toMatch(
      /^The shared link could not be opened: the link does not hold a natlab lab \(segments\[0\]\.kind: /,
    );
    expect(s.doc.name).toBe(nameOf('surebackup-basic'));
  });

  it('opens ?lab=NAME, saves it and takes ?lab out of the address bar so a reload keeps the changes', async () => {
    const { d, urls, labs, fetched } = deps();
    const s = await loadStartupLab({ search: '?lab=snf-routed&debug=1', hash: '#x=1' }, d);
    expect(s.doc.name).toBe(nameOf('snf-routed'));
    expect(fetched).toEqual(['snf-routed']);
    expect(labs.current()).toBe(s.labId);
    expect(urls).toEqual([{ search: '?debug=1', hash: '#x=1' }]);
    // an edit saved by the autosave, then a reload
    labs.save({ ...s.doc, name: 'snf edited' }, s.labId);
    const reload = await loadStartupLab({ search: '?debug=1', hash: '#x=1' }, d);
    expect(reload.doc.name).toBe('snf edited');
  });

  it('refuses an invalid ?lab= name before fetching, and reports an unknown one', async () => {
    const { d, fetched } = deps();
    await expect(loadStartupLab({ search: '?lab=../secrets', hash: '' }, d)).rejects.toThrow(
      '"../secrets" is not a valid lab name',
    );
    expect(fetched).toEqual([]);
    await expect(loadStartupLab({ search: '?lab=does-not-exist', hash: '' }, d)).rejects.toThrow(
      'There is no lab named "does-not-exist"',
    );
  });

  it('restores the lab worked on last, exactly, and claims it for the autosave', async () => {
    const { d, labs, fetched } = deps();
    const doc = JSON.parse(labText('surebackup-multi-network')) as ReturnType<typeof emptyLab>;
    const saved = labs.save({ ...doc, name: 'Worked on' });
    if (!saved.ok) throw new Error('not saved');
    labs.setCurrent(saved.value.id);
    const s = await loadStartupLab({ search: '', hash: '' }, d);
    expect(s.doc).toEqual({ ...doc, name: 'Worked on' });
    expect(s.labId).toBe(saved.value.id);
    expect(claimedLabId(s.doc)).toBe(saved.value.id);
    expect(fetched).toEqual([]);
  });

  it('keeps a damaged last lab aside, says so, and still opens (the default example)', async () => {
    const { d, labs, storage } = deps();
    const saved = labs.save(emptyLab('Damaged'));
    if (!saved.ok) throw new Error('not saved');
    labs.setCurrent(saved.value.id);
    storage.setItem(labKey(saved.value.id), '{"schemaVersion":2,"name":"Damaged","segm');
    const s = await loadStartupLab({ search: '', hash: '' }, d);
    expect(s.doc.name).toBe(nameOf('surebackup-basic'));
    expect(s.notices).toEqual([
      expect.stringMatching(
        /^The saved lab “Damaged” could not be opened and was kept aside .*not valid JSON/,
      ),
    ]);
    expect(labs.keptAside().map((k) => k.name)).toEqual(['Damaged']);
    expect(labs.text(saved.value.id)).toBe('{"schemaVersion":2,"name":"Damaged","segm');
    expect(labs.current()).toBeUndefined();
  });

  it('keeps aside a last lab written by a newer natlab', async () => {
    const { d, labs, storage } = deps();
    storage.setItem(labKey('n1'), JSON.stringify({ ...emptyLab('From the future'), schemaVersion: 7 }));
    labs.setCurrent('n1');
    const s = await loadStartupLab({ search: '', hash: '' }, d);
    expect(s.notices[0]).toMatch(
      /“From the future” could not be opened .*written by a newer natlab \(schema version 7/,
    );
    expect(s.doc.name).toBe(nameOf('surebackup-basic'));
  });

  it('opens an empty lab with a notice when even the default example cannot be fetched', async () => {
    const { d } = deps();
    const s = await loadStartupLab(
      { search: '', hash: '' },
      {
        ...d,
        fetchText: () =>
          Promise.reject(new Error('Could not reach the server for /labs/surebackup-basic.lab.json.')),
      },
    );
    expect(s.doc).toEqual(emptyLab());
    expect(s.notices).toEqual([
      'Could not reach the server for /labs/surebackup-basic.lab.json. An empty lab is open.',
    ]);
  });

  it('still opens when the browser refuses storage, saying that changes are not saved', async () => {
    const { d } = deps();
    const s = await loadStartupLab(
      { search: '', hash: await encodeShare(emptyLab('S')) },
      { ...d, storage: undefined },
    );
    expect(s.doc.name).toBe('S');
    expect(s.labId).toBeUndefined();
    expect(s.notices).toEqual([
      'This browser does not let natlab store labs: your changes are not saved (download the lab to keep it).',
    ]);
  });

  it('runs once when called twice at once (StrictMode effects), so no notice is lost', async () => {
    const { d, labs, storage } = deps();
    storage.setItem(labKey('bad'), '{"name":"Bad"');
    labs.setCurrent('bad');
    const where = { search: '', hash: '' };
    const [a, b] = await Promise.all([loadStartupLab(where, d), loadStartupLab(where, d)]);
    expect(b).toBe(a);
    expect(a.notices).toEqual([expect.stringMatching(/“Bad” could not be opened and was kept aside/)]);
  });

  it('uses localStorage, fetch and the address bar by default', async () => {
    const fetchMock = vi.fn(
      async () => new Response(labText('dnat-redirect'), { headers: { 'content-type': 'application/json' } }),
    );
    vi.stubGlobal('fetch', fetchMock);
    window.history.replaceState(null, '', '/?lab=dnat-redirect#top');
    const s = await loadStartupLab({ search: window.location.search, hash: window.location.hash });
    expect(s.doc.name).toBe(nameOf('dnat-redirect'));
    expect(fetchMock).toHaveBeenCalledWith('/labs/dnat-redirect.lab.json', expect.anything());
    expect(window.location.search).toBe('');
    expect(window.location.hash).toBe('#top');
    expect(localStorage.getItem('natlab.current')).toBe(s.labId);
    // a reload: no fetch, the saved lab
    const again = await loadStartupLab({ search: window.location.search, hash: window.location.hash });
    expect(again.doc).toEqual(s.doc);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });
});
