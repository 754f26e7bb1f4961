/** An inline "Delete it? [Delete] [Keep]" in place of a row's buttons. */
export function ConfirmDelete({
  question,
  name,
  onDelete,
  onKeep,
}: {
  readonly question: string;
  readonly name: string;
  readonly onDelete: () => void;
  readonly onKeep: () => void;
}) {
  return (
    <span className="files__confirm" role="group" aria-label={`Delete “${name}”?`}>
      <span>{question}</span>
      <button type="button" className="btn btn--danger" data-testid="confirm-delete" onClick={onDelete}>
        Delete
      </button>
      <button type="button" className="btn btn--ghost" onClick={onKeep}>
        Keep
      </button>
    </span>
  );
}
