/** One dump to edit (a textarea with line numbers) and the problems found in it, each at its line. */
import { useId, useRef, type UIEvent } from 'react';
import type { CustomError, DumpSection } from '../../state/rules-view/index.ts';

interface Props {
  readonly id: DumpSection;
  readonly label: string;
  readonly value: string;
  readonly errors: readonly CustomError[];
  readonly onChange: (text: string) => void;
}

const PLACEHOLDERS: Record<DumpSection, string> = {
  iptables: '*filter\n:FORWARD ACCEPT [0:0]\n-A FORWARD -i eth1 -j DROP\nCOMMIT',
  rules:
    '0:\tfrom all lookup local\n100:\tfrom 10.1.0.0/16 lookup 7\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default',
  routes: 'default via 192.168.1.1 dev eth0\n10.1.0.0/16 via 10.0.0.2 dev eth1 table 7',
};

export function DumpField({ id, label, value, errors, onChange }: Props) {
  const uid = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLPreElement>(null);
  const bad = new Set(errors.map((e) => e.line));
  const count = Math.max(value.split('\n').length, 1);
  const numbers = Array.from({ length: count }, (_, i) =>
    bad.has(i + 1) ? (
      <span key={i} className="rules-dump__bad">
        {`!${i + 1}\n`}
      </span>
    ) : (
      `${i + 1}\n`
    ),
  );
  const onScroll = (e: UIEvent<HTMLTextAreaElement>) => {
    if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
  };
  /** Selects line `n` of the text (1-based). */
  const goTo = (n: number) => {
    const t = area.current;
    if (!t || n < 1) return;
    const lines = value.split('\n');
    const start = lines.slice(0, n - 1).reduce((a, l) => a + l.length + 1, 0);
    t.focus();
    t.setSelectionRange(start, start + (lines[n - 1]?.length ?? 0));
  };
  return (
    <div className={`field rules-dump${errors.length ? ' field--invalid' : ''}`}>
      <label htmlFor={uid} className="field__label">
        {label}
      </label>
      <div className="rules-dump__box">
        <pre className="rules-dump__gutter" ref={gutter} aria-hidden="true">
          {numbers}
        </pre>
        <textarea
          id={uid}
          ref={area}
          data-testid={`rules-text-${id}`}
          value={value}
          placeholder={PLACEHOLDERS[id]}
          spellCheck={false}
          wrap="off"
          rows={8}
          aria-invalid={errors.length > 0}
          aria-describedby={errors.length ? `${uid}-errors` : undefined}
          onChange={(e) => onChange(e.target.value)}
          onScroll={onScroll}
        />
      </div>
      {errors.length > 0 && (
        <ul id={`${uid}-errors`} className="rules-dump__errors" aria-live="polite">
          {errors.map((e, i) => (
            <li key={i} className="field__problem" data-testid="rules-error" data-line={e.line}>
              {e.line > 0 ? (
                <button type="button" className="btn--link rules-dump__at" onClick={() => goTo(e.line)}>
                  line {e.line}
                </button>
              ) : (
                <span className="strong">{label}</span>
              )}
              {e.text && <code className="rules-dump__text">{e.text}</code>}
              <span>{e.message}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
