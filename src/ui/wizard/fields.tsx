/**
 * The wizard's inputs: each bound to one answer by its field name (`appliance.ip`), labelled, named and
 * test-id'd by it, with the step's problems for it underneath — what is wrong, how to fix it, and a
 * one-click fix where natlab knows the value.
 */
import { useId, type ReactNode } from 'react';
import { answerAt, type Problem } from '../../state/wizard/index.ts';
import { testIdOf, useFieldProblems, useWizardForm } from './wizard-form.ts';

export function FieldMessages({
  id,
  problems,
  hint,
}: {
  readonly id: string;
  readonly problems: readonly Problem[];
  readonly hint?: ReactNode;
}) {
  const { set } = useWizardForm();
  return (
    <div id={id} aria-live="polite">
      {problems.map((p, i) => (
        <p
          key={i}
          className={
            p.severity === 'error'
              ? 'field__problem'
              : p.severity === 'warning'
                ? 'field__problem field__problem--warning'
                : 'field__hint wizard__note'
          }
          data-testid="wizard-problem"
          data-severity={p.severity}
        >
          {p.message}
          {p.fix && (
            <button type="button" className="btn btn--link" onClick={() => set(p.field, p.fix!.value)}>
              {p.fix.label}
            </button>
          )}
        </p>
      ))}
      {!problems.some((p) => p.severity !== 'info') && hint && <p className="field__hint">{hint}</p>}
    </div>
  );
}

interface TextProps {
  readonly field: string;
  readonly label: string;
  readonly placeholder?: string;
  readonly hint?: ReactNode;
  readonly mono?: boolean;
  /** Hide the visible label (a table cell); the input keeps it as its accessible name. */
  readonly bare?: boolean;
}

export function WText({ field, label, placeholder, hint, mono, bare }: TextProps) {
  const id = useId();
  const { answers, set } = useWizardForm();
  const problems = useFieldProblems(field);
  const value = String(answerAt(answers, field) ?? '');
  const invalid = problems.some((p) => p.severity === 'error');
  return (
    <div
      className={`field${mono ? ' field--mono' : ''}${invalid ? ' field--invalid' : ''}${bare ? ' field--bare' : ''}`}
    >
      <label htmlFor={id} className={bare ? 'visually-hidden' : 'field__label'}>
        {label}
      </label>
      <input
        id={id}
        name={field}
        data-testid={testIdOf(field)}
        value={value}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={invalid}
        aria-describedby={`${id}-msg`}
        onChange={(e) => set(field, e.target.value)}
      />
      <FieldMessages id={`${id}-msg`} problems={problems} hint={hint} />
    </div>
  );
}

interface SelectProps {
  readonly field: string;
  readonly label: string;
  readonly options: readonly { readonly value: string; readonly label: string }[];
  readonly hint?: ReactNode;
  readonly bare?: boolean;
}

export function WSelect({ field, label, options, hint, bare }: SelectProps) {
  const id = useId();
  const { answers, set } = useWizardForm();
  const problems = useFieldProblems(field);
  const value = String(answerAt(answers, field) ?? '');
  const invalid = problems.some((p) => p.severity === 'error');
  return (
    <div className={`field${invalid ? ' field--invalid' : ''}${bare ? ' field--bare' : ''}`}>
      <label htmlFor={id} className={bare ? 'visually-hidden' : 'field__label'}>
        {label}
      </label>
      <select
        id={id}
        name={field}
        data-testid={testIdOf(field)}
        value={value}
        aria-invalid={invalid}
        aria-describedby={`${id}-msg`}
        onChange={(e) => set(field, e.target.value)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldMessages id={`${id}-msg`} problems={problems} hint={hint} />
    </div>
  );
}

export function WCheck({
  field,
  label,
  hint,
}: {
  readonly field: string;
  readonly label: string;
  readonly hint?: ReactNode;
}) {
  const id = useId();
  const { answers, set } = useWizardForm();
  const problems = useFieldProblems(field);
  return (
    <div className="field wizard__check">
      <label className="check">
        <input
          type="checkbox"
          name={field}
          data-testid={testIdOf(field)}
          checked={answerAt(answers, field) === true}
          aria-describedby={`${id}-msg`}
          onChange={(e) => set(field, e.target.checked)}
        />
        <span>{label}</span>
      </label>
      <FieldMessages id={`${id}-msg`} problems={problems} hint={hint} />
    </div>
  );
}

interface RadiosProps {
  readonly field: string;
  readonly legend: string;
  readonly options: readonly {
    readonly value: string;
    readonly label: string;
    readonly detail?: ReactNode;
  }[];
}

export function WRadios({ field, legend, options }: RadiosProps) {
  const id = useId();
  const { answers, set } = useWizardForm();
  const problems = useFieldProblems(field);
  const value = String(answerAt(answers, field) ?? '');
  return (
    <fieldset className="wizard__radios" aria-describedby={`${id}-msg`}>
      <legend className="field__label">{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className={`wizard__radio${o.value === value ? ' wizard__radio--on' : ''}`}>
          <input
            type="radio"
            name={field}
            value={o.value}
            data-testid={`${testIdOf(field)}-${o.value}`}
            checked={o.value === value}
            onChange={() => set(field, o.value)}
          />
          <span>
            <span className="wizard__radio-label">{o.label}</span>
            {o.detail && <span className="wizard__radio-detail">{o.detail}</span>}
          </span>
        </label>
      ))}
      <FieldMessages id={`${id}-msg`} problems={problems} />
    </fieldset>
  );
}

/** Problems of a list as a whole (`isolated`, `mappings`). */
export function ListProblems({ field }: { readonly field: string }) {
  const problems = useFieldProblems(field);
  const id = useId();
  return problems.length ? <FieldMessages id={id} problems={problems} /> : null;
}
