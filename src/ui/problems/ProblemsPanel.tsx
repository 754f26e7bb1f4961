/**
 * The Problems panel: the loader's and the linter's diagnostics, live, errors first. A row selects the
 * culprit (the canvas item and its field); a fix button applies the linter's one-click fix (one undo step).
 */
import { useMemo } from 'react';
import type { Diagnostic } from '../../engine/vlab/lint/index.ts';
import { ownerOfPath } from '../../state/paths.ts';
import { useActions, useDerived, useLabStore } from '../app/lab-hooks.ts';
import './problems.css';

const ICON = { error: '✖', warning: '▲', info: 'ℹ' } as const;

export function ProblemsPanel() {
  const { diagnostics } = useDerived();
  const act = useActions();
  const store = useLabStore();
  const counts = useMemo(() => {
    const c = { error: 0, warning: 0, info: 0 };
    for (const d of diagnostics) c[d.severity]++;
    return c;
  }, [diagnostics]);
  if (diagnostics.length === 0)
    return (
      <div className="empty-state" data-testid="problems-empty">
        <strong>No problems</strong>
        The lab compiles and none of the lint checks found a problem.
      </div>
    );
  const reveal = (d: Diagnostic) => {
    const path = d.paths[0];
    if (!path) return;
    const owner = ownerOfPath(store.getState().doc, path);
    if (owner) act.selectNodes([owner.id], path);
    else act.focusField(path);
  };
  return (
    <div className="problems" data-testid="problems-panel">
      <p className="problems__summary">
        {counts.error} error{counts.error === 1 ? '' : 's'} · {counts.warning} warning
        {counts.warning === 1 ? '' : 's'}
        {counts.info ? ` · ${counts.info} note${counts.info === 1 ? '' : 's'}` : ''}
      </p>
      <ul className="problems__list">
        {diagnostics.map((d, i) => (
          <li
            key={`${d.code}-${i}`}
            className={`problem problem--${d.severity}`}
            data-testid="problem"
            data-code={d.code}
          >
            <button type="button" className="problem__main" onClick={() => reveal(d)} title={d.why}>
              <span className="problem__icon" aria-label={d.severity}>
                {ICON[d.severity]}
              </span>
              <span className="problem__code">{d.code}</span>
              <span className="problem__message">{d.message}</span>
              {d.paths[0] && <span className="problem__path">{d.paths[0]}</span>}
            </button>
            {d.fix && (
              <button
                type="button"
                className="btn problem__fix"
                data-testid="problem-fix"
                onClick={() => act.applyFix(d.fix!)}
              >
                {d.fix.label}
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
