/** The trace's verdict in one line: answered, or where and why the packet died. */
import type { TraceResult } from '../../engine/sim/steps.ts';
import type { Timeline } from '../../engine/timeline/timeline.ts';
import { playback } from './playback.ts';

const OUTCOME: Record<TraceResult['outcome'], string> = {
  answered: 'answered',
  error: 'ICMP error',
  'request-dropped': 'request dropped',
  'reply-dropped': 'reply dropped',
  'reply-misdelivered': 'reply misdelivered',
  'no-reply': 'no reply',
};

export function TraceSummary({
  result,
  timeline,
}: {
  readonly result: TraceResult;
  readonly timeline: Timeline;
}) {
  const ok = result.outcome === 'answered';
  const drop = timeline.frames.findIndex((f) => f.end === 'drop');
  return (
    <div
      className={`trace-summary trace-summary--${ok ? 'ok' : 'bad'}`}
      data-testid="trace-summary"
      role="status"
    >
      <span className="trace-summary__badge">
        {ok ? '✓' : '✗'} {OUTCOME[result.outcome]}
      </span>
      <span className="trace-summary__text">{result.summary}</span>
      {drop >= 0 && (
        <button
          type="button"
          className="btn btn--link"
          onClick={() => playback.getState().seek(drop, timeline.frames.length)}
          data-testid="go-to-drop"
        >
          show where it died
        </button>
      )}
    </div>
  );
}
