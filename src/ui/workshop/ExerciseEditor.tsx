/**
 * The instructor's side: every point of the traced flow that can be asked, grouped by leg and device
 * in the order the packet meets them; tick the ones to ask, then save the exercise file or share a link.
 * Presentational: the selection is the caller's (keys are `candidateKey`s).
 */
import { useId } from 'react';
import { candidateKey, KIND_TITLE, type Candidate } from '../../engine/workshop/question.ts';
import './workshop.css';

interface Group {
  readonly key: string;
  readonly title: string;
  readonly items: readonly Candidate[];
}

function groupsOf(candidates: readonly Candidate[]): Group[] {
  const out: { key: string; title: string; items: Candidate[] }[] = [];
  for (const c of candidates) {
    const key = `${c.at.leg}:${c.at.hop}`;
    const last = out[out.length - 1];
    if (last?.key === key) last.items.push(c);
    else
      out.push({ key, title: `${c.at.leg === 'request' ? 'Request' : 'Reply'} · ${c.device}`, items: [c] });
  }
  return out;
}

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

export function ExerciseEditor({
  candidates,
  chosen,
  onChange,
  onSave,
  onShare,
  title,
  onTitleChange,
}: {
  readonly candidates: readonly Candidate[];
  /** The ticked candidates, by `candidateKey`. */
  readonly chosen: ReadonlySet<string>;
  readonly onChange: (chosen: ReadonlySet<string>) => void;
  readonly onSave: () => void;
  readonly onShare: () => void;
  /** The exercise's title, editable when `onTitleChange` is given. */
  readonly title?: string;
  readonly onTitleChange?: (title: string) => void;
}) {
  const ids = useId();
  const keys = candidates.map(candidateKey);
  const count = keys.filter((k) => chosen.has(k)).length;
  const toggle = (k: string) => {
    const next = new Set(chosen);
    if (next.has(k)) next.delete(k);
    else next.add(k);
    onChange(next);
  };
  const none = count === 0;
  const untitled = onTitleChange !== undefined && !title?.trim();

  return (
    <section className="ws-editor" aria-labelledby={`${ids}-head`} data-testid="ws-editor">
      <header className="ws-editor__head">
        <h3 id={`${ids}-head`}>Questions to ask</h3>
        <span className="ws-editor__count" data-testid="ws-chosen-count">
          {plural(count, 'question')} of {candidates.length} chosen
        </span>
        <button type="button" className="btn btn--ghost" onClick={() => onChange(new Set(keys))}>
          Ask all
        </button>
        <button type="button" className="btn btn--ghost" disabled={none} onClick={() => onChange(new Set())}>
          Clear
        </button>
      </header>
      {onTitleChange && (
        <label className="field">
          <span className="field__label">Exercise title</span>
          <input
            type="text"
            value={title ?? ''}
            onChange={(e) => onTitleChange(e.target.value)}
            data-testid="ws-title"
          />
        </label>
      )}
      {candidates.length === 0 ? (
        <p className="ws-editor__empty">
          Trace a flow first: its steps are the points a question can be asked at.
        </p>
      ) : (
        groupsOf(candidates).map((g) => (
          <fieldset key={g.key} className="ws-editor__group">
            <legend>{g.title}</legend>
            {g.items.map((c) => {
              const k = candidateKey(c);
              return (
                <label key={k} className="ws-editor__item">
                  <input
                    type="checkbox"
                    checked={chosen.has(k)}
                    onChange={() => toggle(k)}
                    data-testid={`ws-pick-${k}`}
                  />
                  <span className="ws-editor__kind">{KIND_TITLE[c.kind]}</span>
                  <span className="ws-editor__prompt">{c.prompt}</span>
                  {c.options && <span className="ws-editor__hint">{plural(c.options.length, 'choice')}</span>}
                </label>
              );
            })}
          </fieldset>
        ))
      )}
      <footer className="ws-editor__foot">
        {untitled && !none && (
          <span className="field__problem">Give the exercise a title to save or share it.</span>
        )}
        <button
          type="button"
          className="btn"
          disabled={none || untitled}
          onClick={onShare}
          data-testid="ws-share"
        >
          Copy share link
        </button>
        <button
          type="button"
          className="btn btn--primary"
          disabled={none || untitled}
          onClick={onSave}
          data-testid="ws-save"
        >
          Save exercise file
        </button>
      </footer>
    </section>
  );
}
