/** The learner's score so far: correct answers of all questions, as a count and a percentage. */
import { percentOf } from '../../engine/workshop/check.ts';
import './workshop.css';

export function ScoreBadge({ correct, total }: { readonly correct: number; readonly total: number }) {
  const percent = percentOf(correct, total);
  return (
    <span
      className="ws-score"
      role="status"
      aria-label={`Score: ${correct} of ${total} correct (${percent}%)`}
      data-testid="ws-score"
    >
      <span className="ws-score__label">Score</span> {correct}/{total}
      <span className="ws-score__percent"> · {percent}%</span>
    </span>
  );
}
