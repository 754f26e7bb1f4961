/**
 * Saved labs: every lab saved in this browser (name, last change, size) to open, rename, duplicate,
 * download or delete; "Open file…" reads a `.lab.json` (a broken file lists its problems and leaves the
 * open lab alone); saves that could not be opened are listed as kept aside, with the reason and a
 * download, so nothing is ever lost.
 */
import { useEffect, useMemo, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useStore } from 'zustand';
import { loadLab, MAX_LAB_BYTES } from '../../lab/load.ts';
import { claimLabId } from '../../state/persist/autosave.ts';
import { createSavedLabs, type KeptAside, type SavedLabMeta } from '../../state/persist/saved-labs.ts';
import { Dialog } from '../components/Dialog.tsx';
import { useActions, useLabStore } from '../app/lab-hooks.ts';
import { autosaveHub, flushAutosave } from './autosave-hub.ts';
import { browserStorage } from './browser-storage.ts';
import { downloadText } from '../components/download.ts';
import { ConfirmDelete } from './ConfirmDelete.tsx';
import { KeptAsideList } from './KeptAsideList.tsx';
import { labFileName, labFileText } from './lab-file.ts';
import { formatSize, formatWhen } from './format.ts';
import './files.css';

interface Problem {
  readonly title: string;
  readonly issues?: readonly { readonly path: string; readonly message: string }[];
}

export function SavedLabsDialog({ onClose }: { readonly onClose: () => void }) {
  const act = useActions();
  const store = useLabStore();
  const storage = useMemo(() => browserStorage(), []);
  const labs = useMemo(() => (storage ? createSavedLabs(storage) : undefined), [storage]);
  const controller = useStore(autosaveHub, (s) => s.controller);
  // re-read the lists whenever the autosave writes, and after each action here
  useStore(autosaveHub, (s) => s.status);
  const [, setVersion] = useState(0);
  const refresh = () => setVersion((v) => v + 1);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<{ id: string; value: string } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    // the open lab's last changes are in the list
    flushAutosave();
  }, []);

  const list: SavedLabMeta[] = labs?.list() ?? [];
  const aside: KeptAside[] = labs?.keptAside() ?? [];
  const currentId = controller?.labId();

  function report(r: { ok: true } | { ok: false; problem: { message: string } }, success: string) {
    if (r.ok) {
      setProblem(null);
      setDone(success);
    } else {
      setDone(null);
      setProblem({ title: `${success.replace(/\.$/, '')} failed: ${r.problem.message}.` });
    }
    refresh();
  }

  function openLab(meta: SavedLabMeta) {
    if (!labs) return;
    flushAutosave();
    const o = labs.open(meta.id);
    if (!o.ok) {
      setDone(null);
      setProblem({ title: o.message });
      refresh();
      return;
    }
    claimLabId(o.doc, meta.id);
    act.open(o.doc);
    act.notify({ tone: 'info', text: `Opened “${o.doc.name}”.` });
    onClose();
  }

  function rename(e: FormEvent) {
    e.preventDefault();
    if (!labs || !renaming) return;
    const name = renaming.value.trim();
    if (!name) return;
    setRenaming(null);
    if (renaming.id === currentId) {
      act.setField('name', name, 'Rename the lab');
      act.seal();
      flushAutosave();
      report({ ok: true }, `Renamed to “${name}”.`);
    } else report(labs.rename(renaming.id, name), `Renamed to “${name}”.`);
  }

  function download(meta: SavedLabMeta) {
    const text =
      meta.id === currentId
        ? `${JSON.stringify(store.getState().doc, null, 2)}\n`
        : labFileText(labs?.text(meta.id) ?? '');
    downloadText(labFileName(meta.name), text, 'application/json');
  }

  async function openFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    const keep = `${file.name} was not opened; the open lab is unchanged.`;
    if (file.size > MAX_LAB_BYTES) {
      setProblem({
        title: `${keep} It is ${formatSize(file.size)}; natlab reads lab files up to ${formatSize(MAX_LAB_BYTES)}.`,
      });
      return;
    }
    let text: string;
    try {
      text = await file.text();
    } catch (err) {
      setProblem({
        title: `${keep} It could not be read: ${err instanceof Error ? err.message : String(err)}`,
      });
      return;
    }
    const r = loadLab(text);
    const issues = r.ok ? [] : r.issues;
    if (!r.doc) {
      setDone(null);
      setProblem({ title: `${keep} It is not a lab natlab can open:`, issues });
      return;
    }
    flushAutosave();
    act.open(r.doc);
    const n = issues.length;
    act.notify({
      tone: 'info',
      text: `Opened ${file.name}${n ? ` (${n} problem${n === 1 ? '' : 's'} to fix: see Problems)` : ''}.`,
    });
    onClose();
  }

  return (
    <Dialog
      title="Saved labs"
      onClose={onClose}
      wide
      testId="saved-labs-dialog"
      footer={
        <>
          <input
            ref={fileInput}
            type="file"
            accept=".json,.lab.json,application/json"
            className="visually-hidden"
            tabIndex={-1}
            aria-hidden="true"
            data-testid="open-file-input"
            onChange={(e) => void openFile(e)}
          />
          <button
            type="button"
            className="btn"
            data-testid="open-file"
            onClick={() => fileInput.current?.click()}
          >
            Open file…
          </button>
          <button type="button" className="btn btn--primary" onClick={onClose}>
            Close
          </button>
        </>
      }
    >
      <p className="files__intro muted">
        natlab saves the lab you work on in this browser as you change it. Download a lab to keep it elsewhere
        or to use it with the natlab command line.
      </p>
      {problem && (
        <div className="files__problem" role="alert" data-testid="files-problem">
          <p>{problem.title}</p>
          {problem.issues && problem.issues.length > 0 && (
            <ul>
              {problem.issues.slice(0, 50).map((i, n) => (
                <li key={n}>
                  {i.path && <code>{i.path}</code>}
                  {i.path && ': '}
                  {i.message}
                </li>
              ))}
              {problem.issues.length > 50 && <li>…and {problem.issues.length - 50} more</li>}
            </ul>
          )}
        </div>
      )}
      {done && (
        <p className="files__done" role="status">
          {done}
        </p>
      )}
      {!labs ? (
        <div className="empty-state">
          <strong>This browser does not let natlab store labs.</strong>
          Your changes are not saved here: download the lab (Export) to keep it, or open a .lab.json file.
        </div>
      ) : list.length === 0 ? (
        <div className="empty-state" data-testid="saved-labs-empty">
          <strong>No saved labs yet</strong>
          As soon as you change a lab, natlab saves it here. Open an example (Examples), start a new virtual
          lab, or open a .lab.json file with Open file….
        </div>
      ) : (
        <table className="files__table" data-testid="saved-labs-list">
          <caption className="visually-hidden">Labs saved in this browser</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Modified</th>
              <th scope="col" className="files__num">
                Size
              </th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((m) => {
              const isCurrent = m.id === currentId;
              return (
                <tr
                  key={m.id}
                  data-testid="saved-lab"
                  data-lab-id={m.id}
                  className={isCurrent ? 'files__current' : undefined}
                >
                  <td className="files__name">
                    {renaming?.id === m.id ? (
                      <form className="files__rename" onSubmit={rename}>
                        <input
                          aria-label={`New name for “${m.name}”`}
                          value={renaming.value}
                          maxLength={200}
                          autoFocus
                          data-testid="rename-input"
                          onChange={(e) => setRenaming({ id: m.id, value: e.target.value })}
                          onKeyDown={(e) => {
                            if (e.key === 'Escape') {
                              e.preventDefault();
                              e.stopPropagation();
                              setRenaming(null);
                            }
                          }}
                        />
                        <button type="submit" className="btn" disabled={!renaming.value.trim()}>
                          Save
                        </button>
                        <button type="button" className="btn btn--ghost" onClick={() => setRenaming(null)}>
                          Cancel
                        </button>
                      </form>
                    ) : (
                      <>
                        <span className="files__label" title={m.name}>
                          {m.name || '(no name)'}
                        </span>
                        {isCurrent && <span className="badge files__badge">open</span>}
                      </>
                    )}
                  </td>
                  <td className="files__when">{formatWhen(m.modified)}</td>
                  <td className="files__num">{formatSize(m.size)}</td>
                  <td className="files__actions">
                    {confirming === m.id ? (
                      <ConfirmDelete
                        question="Delete it?"
                        name={m.name}
                        onKeep={() => setConfirming(null)}
                        onDelete={() => {
                          setConfirming(null);
                          report(labs.remove(m.id), `Deleted “${m.name}”.`);
                        }}
                      />
                    ) : (
                      <>
                        <button
                          type="button"
                          className="btn"
                          disabled={isCurrent}
                          title={isCurrent ? 'This lab is open' : undefined}
                          aria-label={`Open “${m.name}”`}
                          onClick={() => openLab(m)}
                        >
                          Open
                        </button>
                        <button
                          type="button"
                          className="btn btn--ghost"
                          aria-label={`Rename “${m.name}”`}
                          onClick={() => {
                            setConfirming(null);
                            setRenaming({ id: m.id, value: m.name });
                          }}
                        >
                          Rename
                        </button>
                        <button
                          type="button"
                          className="btn btn--ghost"
                          aria-label={`Duplicate “${m.name}”`}
                          onClick={() => {
                            flushAutosave();
                            report(labs.duplicate(m.id), `Duplicated “${m.name}”.`);
                          }}
                        >
                          Duplicate
                        </button>
                        <button
                          type="button"
                          className="btn btn--ghost"
                          aria-label={`Download “${m.name}”`}
                          onClick={() => download(m)}
                        >
                          Download
                        </button>
                        <button
                          type="button"
                          className="btn btn--ghost btn--danger"
                          disabled={isCurrent}
                          title={isCurrent ? 'This lab is open: open another lab to delete it' : undefined}
                          aria-label={`Delete “${m.name}”`}
                          onClick={() => {
                            setRenaming(null);
                            setConfirming(m.id);
                          }}
                        >
                          Delete
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {aside.length > 0 && labs && (
        <KeptAsideList
          aside={aside}
          labs={labs}
          confirming={confirming}
          setConfirming={setConfirming}
          report={report}
        />
      )}
    </Dialog>
  );
}
