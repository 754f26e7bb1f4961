/**
 * Which lab the designer opens, in this order:
 * 1. a shared link `#lab=…`: opened and saved as a new saved lab (an unchanged copy already saved is
 *    reused), then the fragment is taken out of the address bar so a reload does not import it again;
 *    a broken link is reported (and left in the address bar: it may be the only copy) and the next
 *    choice opens;
 * 2. `?lab=NAME`, an example from public/labs/ (an invalid or unknown name is an error page): opened
 *    and saved the same way, and `?lab` is taken out of the address bar, so a reload shows the lab with
 *    the changes made since rather than the example again;
 * 3. the lab worked on last (autosaved); one that cannot be opened is kept aside and reported;
 * 4. the default example (an empty lab, with a notice, when even that cannot be loaded).
 * The lab opened is claimed for its saved lab (claimLabId), so the autosave goes on writing into it.
 */
import type { LabDocument } from '../../engine/lab/format.ts';
import { loadLab } from '../../lab/load.ts';
import { claimLabId } from '../../state/persist/autosave.ts';
import { createSavedLabs, issuesText, type SavedLabs } from '../../state/persist/saved-labs.ts';
import type { StorageLike, Stored } from '../../state/persist/storage.ts';
import type * as ShareReader from '../../state/share/share.ts';
import { emptyLab } from '../../state/lab-store.ts';
import { DEFAULT_LAB, labFromSearch } from '../app/lab-url.ts';
import { fetchLabText } from '../app/use-lab-text.ts';
import { browserStorage } from './browser-storage.ts';

export { DEFAULT_LAB };

export interface Startup {
  readonly doc: LabDocument;
  /** Problems to tell the user about (a broken shared link, a save kept aside…). */
  readonly notices: readonly string[];
  /** The saved lab `doc` is (undefined: not saved yet; the autosave saves it at its first change). */
  readonly labId?: string;
}

export interface StartupDeps {
  /** Where labs are saved (default: localStorage; undefined when the browser refuses it). */
  readonly storage?: StorageLike | undefined;
  readonly fetchText?: (name: string) => Promise<string>;
  /** Replaces the address bar's search and hash without a navigation (history.replaceState). */
  readonly replaceUrl?: (search: string, hash: string) => void;
}

function replaceBrowserUrl(search: string, hash: string): void {
  try {
    const url = new URL(window.location.href);
    url.search = search;
    url.hash = hash;
    window.history.replaceState(window.history.state, '', url);
  } catch {
    /* the address bar keeps the link: a reload opens it again, nothing is lost */
  }
}

/** The shared-link reader (share.ts: decompression, the lab's checks), loaded only for an address that may hold a link. */
type Share = typeof ShareReader;

function withoutLabParam(share: Share, search: string): string {
  const params = new URLSearchParams(search);
  if (!params.has(share.SHARE_PARAM)) return search;
  params.delete(share.SHARE_PARAM);
  const rest = params.toString();
  return rest ? `?${rest}` : '';
}

/** Saves a lab that was just opened (reusing an unchanged save of the same text) and makes it current. */
function saveOpened(labs: SavedLabs | undefined, doc: LabDocument): Stored<string> {
  if (!labs) {
    return {
      ok: false,
      problem: { kind: 'unavailable', message: 'this browser does not let natlab store labs' },
    };
  }
  const text = JSON.stringify(doc);
  let id = labs.findIdentical(text);
  if (id === undefined) {
    const s = labs.saveText(text, doc.name);
    if (!s.ok) return s;
    id = s.value.id;
  }
  labs.setCurrent(id);
  claimLabId(doc, id);
  return { ok: true, value: id };
}

let inflight:
  { search: string; hash: string; deps: StartupDeps | undefined; promise: Promise<Startup> } | undefined;

/**
 * The lab to open. Start-up changes storage (a save kept aside, a shared lab saved), so a second call
 * for the same address while the first is running (React's StrictMode runs effects twice) shares the
 * first one's result instead of finding its work done and losing its notices.
 */
export function loadStartupLab(
  location: { search: string; hash: string },
  deps?: StartupDeps,
): Promise<Startup> {
  const { search, hash } = location;
  if (inflight && inflight.search === search && inflight.hash === hash && inflight.deps === deps)
    return inflight.promise;
  const promise = startup({ search, hash }, deps ?? {});
  const mine = { search, hash, deps, promise };
  inflight = mine;
  const done = () => {
    if (inflight === mine) inflight = undefined;
  };
  promise.then(done, done);
  return promise;
}

async function startup(location: { search: string; hash: string }, deps: StartupDeps): Promise<Startup> {
  const storage = 'storage' in deps ? deps.storage : browserStorage();
  const fetchText = deps.fetchText ?? ((name: string) => fetchLabText(name));
  const replaceUrl = deps.replaceUrl ?? replaceBrowserUrl;
  const labs = storage ? createSavedLabs(storage) : undefined;
  const notices: string[] = [];
  if (!labs)
    notices.push(
      'This browser does not let natlab store labs: your changes are not saved (download the lab to keep it).',
    );
  const { search, hash } = location;
  // an address without a query or a fragment holds no link: the share reader stays out of the initial load
  const share: Share | undefined = search || hash ? await import('../../state/share/share.ts') : undefined;

  /** The lab came from the address bar: saved, then the address bar is cleaned. */
  const opened = (reader: Share, doc: LabDocument, what: string): Startup => {
    const saved = saveOpened(labs, doc);
    if (!saved.ok) {
      if (labs)
        notices.push(`${what} is open but could not be saved in this browser: ${saved.problem.message}.`);
      return { doc, notices };
    }
    replaceUrl(withoutLabParam(reader, search), reader.withoutShare(hash));
    return { doc, notices, labId: saved.value };
  };

  // 1. a shared link
  const shared = share?.shareFragment(hash);
  if (share && shared !== undefined) {
    const r = await share.decodeShare(shared);
    if (r.ok) return opened(share, r.doc, 'The shared lab');
    notices.push(
      `The shared link could not be opened: ${r.message}${r.issues.length ? ` (${issuesText(r.issues)})` : ''}.`,
    );
  }

  // 2. ?lab=NAME
  if (share && new URLSearchParams(search).has(share.SHARE_PARAM)) {
    const ref = labFromSearch(search);
    if (!ref.ok) throw new Error(ref.message);
    const r = loadLab(await fetchText(ref.name));
    if (!r.doc)
      throw new Error(`The example "${ref.name}" does not load: ${issuesText(r.ok ? [] : r.issues)}`);
    return opened(share, r.doc, `The example “${r.doc.name}”`);
  }

  // 3. the lab worked on last
  const current = labs?.current();
  if (labs && current !== undefined) {
    const o = labs.open(current);
    if (o.ok) {
      claimLabId(o.doc, current);
      return { doc: o.doc, notices, labId: current };
    }
    if (o.kind === 'kept-aside') notices.push(o.message);
  }

  // 4. the default example
  try {
    const r = loadLab(await fetchText(DEFAULT_LAB));
    if (r.doc) return { doc: r.doc, notices };
    notices.push(
      `The default example does not load (${issuesText(r.ok ? [] : r.issues)}): an empty lab is open.`,
    );
  } catch (e) {
    notices.push(`${e instanceof Error ? e.message : String(e)} An empty lab is open.`);
  }
  return { doc: emptyLab(), notices };
}
