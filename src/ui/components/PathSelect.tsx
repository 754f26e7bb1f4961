/** A choice bound to one document path (one history step per change). */
import { memo, useId } from 'react';
import { valueAt } from '../../state/paths.ts';
import { useActions, useDerived, useLab } from '../app/lab-hooks.ts';

interface Props {
  readonly path: string;
  readonly label: string;
  readonly options: readonly { readonly value: string; readonly label: string }[];
  /** Offer "—" for "not set" (the key is removed). */
  readonly optional?: string;
  /** Numbers are stored as numbers. */
  readonly numeric?: boolean;
  readonly hint?: string;
  readonly testId?: string;
  /** Hide the visible label (a table cell); the select keeps it as its accessible name. */
  readonly bare?: boolean;
}

export const PathSelect = memo(function PathSelect({
  path,
  label,
  options,
  optional,
  numeric,
  hint,
  testId,
  bare,
}: Props) {
  const id = useId();
  const act = useActions();
  const value = useLab((s) => valueAt(s.doc, path));
  const problems = useDerived().diagnostics.filter((d) => d.paths.includes(path));
  const current = value === undefined || value === null ? '' : String(value as string | number);
  const known = options.some((o) => o.value === current);
  return (
    <div
      className={`field${bare ? ' field--bare' : ''}${problems.some((d) => d.severity === 'error') ? ' field--invalid' : ''}`}
      data-path={path}
    >
      <label htmlFor={id} className={bare ? 'visually-hidden' : 'field__label'}>
        {label}
      </label>
      <select
        id={id}
        data-testid={testId}
        value={current}
        onFocus={() => act.focusField(path)}
        onChange={(e) => {
          const v = e.target.value;
          act.setField(path, v === '' ? undefined : numeric ? Number(v) : v, `Change ${label}`);
          act.seal();
        }}
      >
        {optional !== undefined && <option value="">{optional}</option>}
        {!known && current !== '' && <option value={current}>{current} (missing)</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {problems.map((d, i) => (
        <p key={`${d.code}-${i}`} className="field__problem" title={d.why}>
          <span className="field__code">{d.code}</span> {d.message}
        </p>
      ))}
      {problems.length === 0 && hint && <p className="field__hint">{hint}</p>}
    </div>
  );
});
