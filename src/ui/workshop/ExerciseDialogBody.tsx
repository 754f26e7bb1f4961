/**
 * Opening an exercise: choose a `.exercise.json` file, or paste its text or a `#exercise=` link. Every
 * problem is listed with its path in the file; an expected answer the engine disagrees with is shown
 * before the exercise opens, which then needs a second click.
 */
import { useState, type ChangeEvent } from 'react';
import type { LabIssue } from '../../engine/lab/format.ts';
import { exerciseFromFragment } from '../../state/workshop/link.ts';
import { parseExercise, type ExerciseResult, type LoadedExercise } from '../../state/workshop/parse.ts';
import './workshop.css';

function Problems({ title, issues }: { readonly title: string; readonly issues: readonly LabIssue[] }) {
  return (
    <div className="ws-problems" role="alert" data-testid="ws-problems">
      <p className="ws-problems__title">{title}</p>
      <ul>
        {issues.map((i, n) => (
          <li key={n} className={i.severity === 'warning' ? 'ws-problems__warning' : undefined}>
            {i.path && <code className="ws-problems__path">{i.path}</code>} {i.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A pasted link (or its fragment) rather than the file's JSON. */
const isLink = (text: string) =>
  /^(?:https?:\/\/\S*)?#?exercise=/.test(text) || /^https?:\/\/\S*#\S*exercise=/.test(text);

export function ExerciseDialogBody({ onOpen }: { readonly onOpen: (exercise: LoadedExercise) => void }) {
  const [text, setText] = useState('');
  const [problems, setProblems] = useState<readonly LabIssue[]>();
  const [pending, setPending] = useState<LoadedExercise>();
  const [busy, setBusy] = useState(false);

  function settle(r: ExerciseResult) {
    if (!r.ok) {
      setPending(undefined);
      setProblems(r.error);
    } else if (r.value.warnings.length) {
      setProblems(undefined);
      setPending(r.value);
    } else {
      setProblems(undefined);
      setPending(undefined);
      onOpen(r.value);
    }
  }

  async function open(input: string) {
    const t = input.trim();
    if (!t) return;
    if (!isLink(t)) return settle(parseExercise(input));
    setBusy(true);
    try {
      settle(await exerciseFromFragment(t));
    } finally {
      setBusy(false);
    }
  }

  async function readFile(e: ChangeEvent<HTMLInputElement>) {
    const f = e.target.files?.[0];
    e.target.value = ''; // choosing the same file again reads it again
    if (!f) return;
    try {
      const t = await f.text();
      setText(t);
      settle(parseExercise(t));
    } catch (x) {
      setPending(undefined);
      setProblems([
        {
          path: '',
          message: `${f.name} could not be read: ${x instanceof Error ? x.message : String(x)}`,
          severity: 'error',
        },
      ]);
    }
  }

  return (
    <div className="ws-open" data-testid="ws-open">
      <label className="field">
        <span className="field__label">Exercise file (.exercise.json)</span>
        <input
          type="file"
          accept=".json,application/json"
          onChange={(e) => void readFile(e)}
          data-testid="ws-file"
        />
      </label>
      <label className="field">
        <span className="field__label">…or paste the file’s text or a share link</span>
        <textarea
          className="ws-open__text"
          value={text}
          spellCheck={false}
          onChange={(e) => {
            setText(e.target.value);
            setPending(undefined);
          }}
          data-testid="ws-text"
        />
      </label>
      {problems && <Problems title="The exercise cannot be opened:" issues={problems} />}
      {pending && (
        <Problems
          title={`“${pending.exercise.title}” opens, but the file disagrees with the engine; the engine’s answers count:`}
          issues={pending.warnings}
        />
      )}
      <div className="ws-open__actions">
        {pending ? (
          <button
            type="button"
            className="btn btn--primary"
            onClick={() => onOpen(pending)}
            data-testid="ws-open-anyway"
          >
            Open anyway
          </button>
        ) : (
          <button
            type="button"
            className="btn btn--primary"
            disabled={busy || !text.trim()}
            onClick={() => void open(text)}
            data-testid="ws-open-button"
          >
            {busy ? 'Opening…' : 'Open exercise'}
          </button>
        )}
      </div>
    </div>
  );
}
