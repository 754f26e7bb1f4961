/**
 * The instructor's side in the workbench: pick the points of the traced flow to ask about, add more
 * flows, then save the exercise file (the lab with its questions) or copy a link to it.
 */
import { useMemo, useRef, useState } from 'react';
import { exerciseProbe, flowFromCandidates } from '../../engine/workshop/exercise.ts';
import { questionCandidates } from '../../engine/workshop/candidates.ts';
import { candidateKey } from '../../engine/workshop/question.ts';
import { shareUrl } from '../../state/share/share.ts';
import { exerciseToUrlFragment } from '../../state/workshop/link.ts';
import { newExercise, serializeExercise } from '../../state/workshop/serialize.ts';
import { useLab } from '../app/lab-hooks.ts';
import { copyText, downloadText } from '../components/download.ts';
import { useTrace } from '../trace/use-trace.ts';
import { ExerciseEditor } from './ExerciseEditor.tsx';
import { useWorkshop } from './workshop-mode.ts';

const fileName = (title: string) =>
  `${title.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'exercise'}.exercise.json`;

export function MakeExercise() {
  const { network, view } = useTrace();
  const doc = useLab((s) => s.doc);
  const draft = useWorkshop((s) => s.draft);
  const title = useWorkshop((s) => s.title);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [status, setStatus] = useState('');
  const root = useRef<HTMLDivElement>(null);
  const candidates = useMemo(
    () => (view?.ok && network ? questionCandidates(view.value.result, network) : []),
    [view, network],
  );
  if (!view?.ok)
    return (
      <p className="muted">
        Trace a flow first (the trace bar above the canvas): its steps become the questions.
      </p>
    );
  const probe = exerciseProbe(view.value.probe);
  const current = () =>
    flowFromCandidates(
      probe,
      candidates.filter((c) => chosen.has(candidateKey(c))),
    );
  const exercise = () => newExercise(title.trim(), doc, [...draft, current()]);
  return (
    <div ref={root} className="ws-make" data-testid="make-exercise">
      {draft.length > 0 && (
        <p>
          {draft.length} flow{draft.length === 1 ? '' : 's'} added before this one.{' '}
          <button type="button" className="btn btn--link" onClick={() => useWorkshop.getState().clearDraft()}>
            Start over
          </button>
        </p>
      )}
      <ExerciseEditor
        candidates={candidates}
        chosen={chosen}
        onChange={setChosen}
        title={title}
        onTitleChange={(t) => useWorkshop.getState().setTitle(t)}
        onSave={() => {
          const ex = exercise();
          downloadText(fileName(ex.title), serializeExercise(ex), 'application/json', root.current);
          setStatus(`Saved ${fileName(ex.title)}.`);
        }}
        onShare={() => {
          void exerciseToUrlFragment(exercise()).then(async (fragment) => {
            const url = shareUrl(window.location.href.split('#')[0]!, fragment);
            setStatus((await copyText(url, root.current)) ? 'Link copied.' : url);
          });
        }}
      />
      <button
        type="button"
        className="btn"
        disabled={chosen.size === 0}
        onClick={() => {
          useWorkshop.getState().addDraftFlow(current());
          setChosen(new Set());
          setStatus('Flow added: trace the next flow and pick its questions.');
        }}
        data-testid="add-flow"
      >
        Add this flow and trace another
      </button>
      {status && (
        <p role="status" className="ws-make__status" data-testid="make-status">
          {status}
        </p>
      )}
    </div>
  );
}
