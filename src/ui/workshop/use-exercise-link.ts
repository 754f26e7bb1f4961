/**
 * An exercise shared by link (`#exercise=…`): opened once the workbench is up, then the fragment is
 * taken out of the address bar (a reload keeps the lab, now saved, without restarting the exercise).
 * A damaged link is reported and left in the address bar. The link's reader (and the exercise checks
 * behind it) is imported only when the address has a fragment, so it is not part of the initial load.
 */
import { useEffect } from 'react';
import { useActions } from '../app/lab-hooks.ts';

export function useExerciseLink(): void {
  const act = useActions();
  useEffect(() => {
    const hash = window.location.hash;
    if (hash === '' || hash === '#') return; // no fragment, no exercise link
    let live = true;
    void (async () => {
      const [link, { openExercise }] = await Promise.all([
        import('../../state/workshop/link.ts'),
        import('./open-exercise.ts'),
      ]);
      if (!live || link.exerciseFragment(hash) === undefined) return;
      const r = await link.exerciseFromFragment(hash);
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
    })();
    return () => {
      live = false;
    };
  }, [act]);
}
