import { memo } from 'react';

export interface PanelIssue {
  readonly path: string;
  readonly message: string;
}

interface Props {
  readonly title: string;
  readonly issues: readonly PanelIssue[];
  readonly hint?: string;
  /** `warning` is calmer: the lab still loaded. */
  readonly tone?: 'error' | 'warning';
}

/** Lists every problem, `path: message`, so a broken lab never shows as a blank page. */
export const ErrorPanel = memo(function ErrorPanel({ title, issues, hint, tone = 'error' }: Props) {
  return (
    <section
      className={`issue-panel issue-panel--${tone}`}
      data-testid={tone === 'error' ? 'lab-error' : 'lab-warnings'}
      role={tone === 'error' ? 'alert' : 'status'}
    >
      <h2 className="issue-panel__title">{title}</h2>
      {hint && <p className="issue-panel__hint">{hint}</p>}
      <ul className="issue-panel__list">
        {issues.map((issue, i) => (
          <li key={i}>
            {issue.path && <code className="issue-panel__path">{issue.path}</code>}
            {issue.path && ': '}
            <span>{issue.message}</span>
          </li>
        ))}
      </ul>
    </section>
  );
});
