import { useEffect, useRef } from 'react';
import type { LabDocument } from '../../engine/lab/format.ts';
import { useActions } from '../app/lab-hooks.ts';

/**
 * Items without a position (an imported lab, a namespace script) are laid out with dagre, once per
 * document, without a history step (the lab arrived that way). The layout engine loads on demand.
 */
export function useAutoLayout(unplaced: readonly string[], doc: LabDocument): void {
  const act = useActions();
  const done = useRef<LabDocument | null>(null);
  useEffect(() => {
    if (unplaced.length === 0 || done.current === doc) return;
    done.current = doc;
    let live = true;
    void import('../../state/auto-layout.ts').then(({ autoLayout }) => {
      if (!live) return;
      act.run('Auto-layout', (d) => autoLayout(d, unplaced), { capture: 'never' });
    });
    return () => {
      live = false;
    };
  }, [unplaced, doc, act]);
}
