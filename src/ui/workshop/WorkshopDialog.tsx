/** Workshop: open an exercise (example, file, pasted text or link) or make one from the current trace. */
import { useState } from 'react';
import { parseExercise } from '../../state/workshop/parse.ts';
import { useActions } from '../app/lab-hooks.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ExerciseDialogBody } from './ExerciseDialogBody.tsx';
import { MakeExercise } from './MakeExercise.tsx';
import { openExercise } from './open-exercise.ts';

/** Exercises shipped in public/exercises/. */
const EXAMPLE_EXERCISES = [
  { file: 'surebackup-basic', title: 'NETMAP and fwmark in a SureBackup virtual lab' },
] as const;

export function WorkshopDialog({ onClose }: { readonly onClose: () => void }) {
  const act = useActions();
  const [tab, setTab] = useState<'open' | 'make'>('open');
  const [problem, setProblem] = useState('');
  const openExample = async (file: string) => {
    const res = await fetch(`/exercises/${file}.exercise.json`);
    const r = parseExercise(await res.text());
    if (!r.ok) {
      setProblem(r.error.map((i) => `${i.path}: ${i.message}`).join('; '));
      return;
    }
    openExercise(r.value, act);
    onClose();
  };
  return (
    <Dialog title="Workshop" onClose={onClose} wide testId="workshop-dialog">
      <div className="tabs" role="tablist">
        <button
          type="button"
          role="tab"
          className="tab"
          aria-selected={tab === 'open'}
          onClick={() => setTab('open')}
        >
          Play an exercise
        </button>
        <button
          type="button"
          role="tab"
          className="tab"
          aria-selected={tab === 'make'}
          onClick={() => setTab('make')}
          data-testid="workshop-make-tab"
        >
          Make an exercise
        </button>
      </div>
      {tab === 'open' ? (
        <>
          <p>
            Predict, then see: the packet stops before each question's step, you answer, the engine reveals
            what the kernel does.
          </p>
          <ul className="ws-examples">
            {EXAMPLE_EXERCISES.map((e) => (
              <li key={e.file}>
                <button
                  type="button"
                  className="btn"
                  onClick={() => void openExample(e.file)}
                  data-testid={`exercise-${e.file}`}
                >
                  {e.title}
                </button>
              </li>
            ))}
          </ul>
          {problem && <p role="alert">{problem}</p>}
          <ExerciseDialogBody
            onOpen={(loaded) => {
              openExercise(loaded, act);
              onClose();
            }}
          />
        </>
      ) : (
        <MakeExercise />
      )}
    </Dialog>
  );
}
