/** The id of a device, network or appliance: renamed everywhere it is referenced when the field is left. */
import { useId, useState } from 'react';
import { useActions } from '../app/lab-hooks.ts';

export function IdField({ id: current, what }: { readonly id: string; readonly what: string }) {
  const inputId = useId();
  const act = useActions();
  const [text, setText] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | undefined>();
  const commit = () => {
    if (text === null || text === current) {
      setText(null);
      setProblem(undefined);
      return;
    }
    const p = act.renameId(current, text.trim());
    setProblem(p);
    if (!p) setText(null);
  };
  return (
    <div className={`field field--mono${problem ? ' field--invalid' : ''}`}>
      <label htmlFor={inputId} className="field__label">
        Id
      </label>
      <input
        id={inputId}
        data-testid="inspector-id"
        value={text ?? current}
        spellCheck={false}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') {
            setText(null);
            setProblem(undefined);
          }
        }}
      />
      {problem ? (
        <p className="field__problem">{problem}</p>
      ) : (
        <p className="field__hint">
          The {what}’s name in files, scripts and network namespaces; references follow a rename.
        </p>
      )}
    </div>
  );
}
