/** What an import found wrong (or warns about), each problem where it is: a document path, a script line, a dump line. */
export type ImportTab = 'lab' | 'script' | 'device';

export interface Problem {
  /** Where: a document path, `line 3`, `ip route line 4`. */
  readonly where?: string;
  readonly message: string;
  /** The command or line it is about. */
  readonly detail?: string;
  readonly warning?: boolean;
}

export interface Failure {
  readonly tab: ImportTab;
  readonly title: string;
  readonly hint?: string;
  readonly problems: readonly Problem[];
  /** Go ahead anyway (a lab that loads but does not compile can still be opened and fixed). */
  readonly anyway?: { readonly label: string; run(): void };
}

export interface Done {
  readonly tab: ImportTab;
  readonly title: string;
  readonly problems: readonly Problem[];
}

export function ImportProblems({ failure }: { readonly failure: Failure }) {
  return (
    <div className="import__problems" data-testid="import-error" role="alert">
      <strong>{failure.title}</strong>
      {failure.hint && <p className="small">{failure.hint}</p>}
      <ul>
        {failure.problems.map((p, i) => (
          <li key={i}>
            {p.warning && <span className="badge badge--warning">warning</span>}
            {p.warning && ' '}
            {p.where && <span className="import__where">{p.where}</span>}
            {p.where && ': '}
            {p.message}
            {p.detail && <code className="import__cmd">{p.detail}</code>}
          </li>
        ))}
      </ul>
      {failure.anyway && (
        <button
          type="button"
          className="btn"
          data-testid="import-anyway"
          style={{ marginTop: 8 }}
          onClick={failure.anyway.run}
        >
          {failure.anyway.label}
        </button>
      )}
    </div>
  );
}
