/**
 * A text field bound to one document path: what the user types is checked as they type (field-checks),
 * a valid value goes into the document at once (one history step per field edit), an invalid one stays
 * in the field as a draft with the reason — never discarded. Problems the compiler and the linter
 * report at this path are shown under it, with their one-click fix.
 */
import { memo, useId } from 'react';
import { valueAt } from '../../state/paths.ts';
import { formatField, parseField, type FieldKind } from '../../state/validate/field-checks.ts';
import { useActions, useDerived, useLab } from '../app/lab-hooks.ts';

interface Props {
  readonly path: string;
  readonly kind: FieldKind;
  readonly label: string;
  readonly hint?: string;
  readonly placeholder?: string;
  /** Hide the visible label (a table cell); the input keeps it as its accessible name. */
  readonly bare?: boolean;
  readonly testId?: string;
}

export const PathField = memo(function PathField({
  path,
  kind,
  label,
  hint,
  placeholder,
  bare,
  testId,
}: Props) {
  const id = useId();
  const act = useActions();
  const value = useLab((s) => valueAt(s.doc, path));
  const draft = useLab((s) => s.drafts[path]);
  const focused = useLab((s) => s.selection.field === path);
  const problems = useDerived().diagnostics.filter((d) => d.paths.includes(path));
  const text = draft ?? formatField(kind, value);
  const parsed = draft !== undefined ? parseField(kind, draft) : undefined;
  const draftProblem = parsed && !parsed.ok ? parsed.message : undefined;
  const own = problems.filter((d) => d.paths[0] === path);
  const worst = draftProblem ? 'error' : own.find((d) => d.severity === 'error') ? 'error' : own[0]?.severity;
  const describedBy = `${id}-msg`;
  return (
    <div
      className={`field${kind === 'text' || kind === 'text-optional' ? '' : ' field--mono'}${worst === 'error' ? ' field--invalid' : ''}${focused ? ' field--focused' : ''}${bare ? ' field--bare' : ''}`}
      data-path={path}
    >
      <label htmlFor={id} className={bare ? 'visually-hidden' : 'field__label'}>
        {label}
      </label>
      <input
        id={id}
        data-testid={testId}
        value={text}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={worst === 'error'}
        aria-describedby={describedBy}
        onFocus={() => act.focusField(path)}
        onBlur={act.seal}
        onChange={(e) => {
          const next = e.target.value;
          const r = parseField(kind, next);
          if (r.ok) {
            act.setDraft(path, undefined);
            act.setField(path, r.value, `Edit ${label}`);
          } else act.setDraft(path, next);
        }}
      />
      <div id={describedBy} aria-live="polite">
        {draftProblem && (
          <p className="field__problem" data-testid="field-problem">
            {draftProblem}
          </p>
        )}
        {!draftProblem &&
          problems.map((d, i) =>
            d.paths[0] === path ? (
              <p
                key={`${d.code}-${i}`}
                className={`field__problem${d.severity === 'error' ? '' : ' field__problem--warning'}`}
                data-testid="field-problem"
                title={d.why}
              >
                <span className="field__code">{d.code}</span> {d.message}
                {d.fix && (
                  <button type="button" className="btn btn--link" onClick={() => act.applyFix(d.fix!)}>
                    {d.fix.label}
                  </button>
                )}
              </p>
            ) : (
              // the problem is told at its main field; here it is only named
              <p key={`${d.code}-${i}`} className="field__problem field__problem--aside" title={d.message}>
                <span className="field__code">{d.code}</span> also concerns this field
              </p>
            ),
          )}
        {!draftProblem && problems.length === 0 && hint && <p className="field__hint">{hint}</p>}
      </div>
    </div>
  );
});
