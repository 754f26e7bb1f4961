/** Saves that could not be opened: listed with the reason, downloadable, deleted only on request. */
import { downloadText } from '../components/download.ts';
import type { KeptAside, SavedLabs } from '../../state/persist/saved-labs.ts';
import { ConfirmDelete } from './ConfirmDelete.tsx';
import { formatSize, formatWhen } from './format.ts';
import { labFileName } from './lab-file.ts';

interface Props {
  readonly aside: readonly KeptAside[];
  readonly labs: SavedLabs;
  /** The row asking "delete it?" (`aside:ID`), shared with the saved labs' rows. */
  readonly confirming: string | null;
  readonly setConfirming: (id: string | null) => void;
  readonly report: (r: { ok: true } | { ok: false; problem: { message: string } }, success: string) => void;
}

export function KeptAsideList({ aside, labs, confirming, setConfirming, report }: Props) {
  return (
    <section className="files__aside" data-testid="kept-aside">
      <h3>Kept aside</h3>
      <p className="muted small">
        These saves could not be opened. natlab keeps them so that nothing is lost: download one to repair it
        or to open it with a newer natlab.
      </p>
      <ul>
        {aside.map((k) => (
          <li key={k.id} data-testid="kept-aside-item">
            <div className="files__aside-text">
              <span className="files__label">{k.name || '(no name)'}</span>
              <span className="muted small">
                {' '}
                · {formatSize(k.size)} · kept aside {formatWhen(k.keptAt)}
              </span>
              <p className="files__reason">{k.reason}</p>
            </div>
            <div className="files__actions">
              {confirming === `aside:${k.id}` ? (
                <ConfirmDelete
                  question="Delete it for good?"
                  name={k.name}
                  onKeep={() => setConfirming(null)}
                  onDelete={() => {
                    setConfirming(null);
                    report(labs.discardKeptAside(k.id), `Deleted “${k.name}”.`);
                  }}
                />
              ) : (
                <>
                  <button
                    type="button"
                    className="btn"
                    aria-label={`Download “${k.name}” (kept aside)`}
                    onClick={() =>
                      downloadText(labFileName(k.name), labs.text(k.id) ?? '', 'application/json')
                    }
                  >
                    Download
                  </button>
                  <button
                    type="button"
                    className="btn btn--ghost btn--danger"
                    aria-label={`Delete “${k.name}” (kept aside)`}
                    onClick={() => setConfirming(`aside:${k.id}`)}
                  >
                    Delete
                  </button>
                </>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
