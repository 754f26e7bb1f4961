/** One printed line: its tokens coloured, and — when the lab made it — a button that selects its field. */
import { memo } from 'react';
import type { LineMark, RulesLine, Token } from '../../state/rules-view/index.ts';

function Tokens({ tokens }: { readonly tokens: readonly Token[] }) {
  return tokens.map((t, i) =>
    t.kind ? (
      <span key={i} className={`tok tok--${t.kind}`}>
        {t.text}
      </span>
    ) : (
      t.text
    ),
  );
}

interface Props {
  readonly line: RulesLine;
  readonly mark: LineMark | undefined;
  /** Position among the panel's focusable lines (roving tabindex). */
  readonly stop: number;
  readonly tabbable: boolean;
  readonly onSelect: (path: string) => void;
  readonly onFocusStop: (stop: number) => void;
}

export const RuleLine = memo(function RuleLine({ line, mark, stop, tabbable, onSelect, onFocusStop }: Props) {
  const cls = `rules-line${mark ? ` rules-line--${mark}` : ''}`;
  const text = line.text === '' ? '\u00a0' : undefined;
  if (line.path === undefined)
    return (
      <div className={cls} data-testid="rules-line" title={line.sentence}>
        {text ?? <Tokens tokens={line.tokens} />}
      </div>
    );
  const path = line.path;
  const title = line.sentence ? `${line.sentence}\nFrom ${path}` : `From ${path}`;
  return (
    <button
      type="button"
      className={`${cls} rules-line--linked`}
      data-testid="rules-line"
      data-path={path}
      data-stop={stop}
      tabIndex={tabbable ? 0 : -1}
      title={title}
      aria-current={mark === 'field' ? 'true' : undefined}
      onClick={() => onSelect(path)}
      onFocus={() => onFocusStop(stop)}
    >
      <Tokens tokens={line.tokens} />
    </button>
  );
});
