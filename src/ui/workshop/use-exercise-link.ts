/**
 * An exercise shared by link (`#exercise=…`): opened once the workbench is up, then the fragment is
 * taken out of the address bar (a reload keeps the lab, now saved, without restarting the exercise).
 * A damaged link is reported and left in the address bar.
 */
import { useEffect } from 'react';
import { exerciseFragment, exerciseFromFragment } from '../../state/workshop/link.ts';
import { useActions } from '../app/lab-hooks.ts';
import { openExercise } from './open-exercise.ts';

export function useExerciseLink(): void {
  const act = useActions();
  useEffect(() => {
    const hash = window.location.hash;
    if (exerciseFragment(hash) === undefined) return;
    let live = true;
    void exerciseFromFragment(hash).then((r) => {
      if (!live) return;
      if (!r.ok) {
        const why = r.error.map((i) => `${i.path ? `${i.path}: ` : ''}${i.message}`).join('; ');
        act.notify({ tone: 'error', text: `The exercise link could not be opened: ${why}` });
        return;
      }
      openExercise(r.value, act);
      try {
        const url = new URL(window.location.href);
        url.hash = '';
        window.history.replaceState(window.history.state, '', url);
      } catch {
        /* the address bar keeps the link */
      }
    });
    return () => {
      live = false;
    };
  }, [act]);
}
