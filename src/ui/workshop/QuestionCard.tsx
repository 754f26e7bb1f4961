/**
 * One predict-then-reveal question: the prompt, a text field or the choices, Enter (or Check) submits;
 * once revealed, ✓ or ✗ with words (never colour alone), the learner's answer, the engine's, and why.
 */
import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { KIND_TITLE, type Choice, type QuestionKind } from '../../engine/workshop/question.ts';
import './workshop.css';

export interface QuestionView {
  readonly prompt: string;
  readonly kind: QuestionKind;
  readonly options?: readonly Choice[];
}

export interface RevealedAnswer {
  readonly correct: boolean;
  readonly expected: string;
  readonly explanation: string;
  readonly given: string;
}

/** Up to this many choices are radio buttons; more are a list box. */
const MAX_RADIOS = 8;

const PLACEHOLDER: Record<QuestionKind, string> = {
  'nat-address': 'an IPv4 address, e.g. 10.0.0.1',
  'route-table': 'a table: a number, or main, local, default',
  'out-interface': 'an interface, e.g. eth0',
  'rule-match': 'a rule number, or policy',
  mark: 'a mark, e.g. 0x1 or 1',
  verdict: 'delivered, or dropped and why',
};

/** The choice's label for a value, or the value itself. */
const labelOf = (options: readonly Choice[] | undefined, value: string) =>
  options?.find((o) => o.value === value)?.label ?? value;

export function QuestionCard({
  question,
  onSubmit,
  revealed,
}: {
  readonly question: QuestionView;
  readonly onSubmit: (answer: string) => void;
  readonly revealed?: RevealedAnswer;
}) {
  const ids = useId();
  // the draft belongs to one question: a new question starts empty
  const [draft, setDraft] = useState<{ readonly for: QuestionView; readonly value: string }>({
    for: question,
    value: '',
  });
  const value = draft.for === question ? draft.value : '';
  const set = (v: string) => setDraft({ for: question, value: v });
  const { options } = question;
  const locked = revealed !== undefined;
  const canSubmit = !locked && value.trim() !== '';

  function submit(e?: FormEvent | KeyboardEvent) {
    e?.preventDefault();
    if (canSubmit) onSubmit(value);
  }

  let control;
  if (options && options.length <= MAX_RADIOS)
    control = (
      <fieldset className="ws-question__choices" disabled={locked}>
        <legend className="ws-sr-only">Your prediction</legend>
        {options.map((o, i) => (
          <label key={o.value} className="ws-question__choice">
            <input
              type="radio"
              name={`${ids}-choice`}
              value={o.value}
              checked={value === o.value}
              onChange={() => set(o.value)}
              data-testid={`ws-choice-${i}`}
            />
            <span>{o.label}</span>
          </label>
        ))}
      </fieldset>
    );
  else if (options)
    control = (
      <label className="field">
        <span className="field__label">Your prediction</span>
        <select value={value} disabled={locked} onChange={(e) => set(e.target.value)} data-testid="ws-answer">
          <option value="">Choose…</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
    );
  else
    control = (
      <label className="field field--mono">
        <span className="field__label">Your prediction</span>
        <input
          type="text"
          value={value}
          disabled={locked}
          placeholder={PLACEHOLDER[question.kind]}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => set(e.target.value)}
          data-testid="ws-answer"
        />
      </label>
    );

  return (
    <section className="ws-question" aria-labelledby={`${ids}-prompt`} data-testid="ws-question">
      <p className="ws-question__kind">Predict: {KIND_TITLE[question.kind]}</p>
      <h3 className="ws-question__prompt" id={`${ids}-prompt`}>
        {question.prompt}
      </h3>
      <form
        className="ws-question__form"
        onSubmit={submit}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.nativeEvent.isComposing && !(e.target instanceof HTMLButtonElement))
            submit(e);
        }}
      >
        {control}
        {!locked && (
          <button type="submit" className="btn btn--primary" disabled={!canSubmit} data-testid="ws-submit">
            Check
          </button>
        )}
      </form>
      {revealed && (
        <div
          role="status"
          className={`ws-reveal ${revealed.correct ? 'ws-reveal--right' : 'ws-reveal--wrong'}`}
          data-testid="ws-reveal"
        >
          <p className="ws-reveal__verdict">
            <span className="ws-reveal__mark" aria-hidden="true">
              {revealed.correct ? '✓' : '✗'}
            </span>{' '}
            {revealed.correct ? 'Correct' : 'Not quite'}
          </p>
          <dl className="ws-reveal__answers">
            <dt>You said</dt>
            <dd data-testid="ws-given">{labelOf(options, revealed.given)}</dd>
            <dt>The kernel says</dt>
            <dd data-testid="ws-expected">{labelOf(options, revealed.expected)}</dd>
          </dl>
          <p className="ws-reveal__why" data-testid="ws-explanation">
            {revealed.explanation}
          </p>
        </div>
      )}
    </section>
  );
}
