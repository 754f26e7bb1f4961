/**
 * The trace's verdict: answered, or where and why the packet died in plain words, with the rule,
 * route, ip rule or sysctl responsible — click to see the step, or to open the device's rules.
 */
import { dropExplanation } from '../../engine/explain/drop-explanation.ts';
import type { TraceResult } from '../../engine/sim/steps.ts';
import { frameIndexOf, type Timeline } from '../../engine/timeline/timeline.ts';
import { useActions } from '../app/lab-hooks.ts';
import { useUi } from '../app/ui-state.ts';
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
  const act = useActions();
  const ok = result.outcome === 'answered';
  const drop =
    dropExplanation(result.request, 'request') ??
    (result.reply ? dropExplanation(result.reply, 'reply') : null);
  const at = drop ? frameIndexOf(timeline, drop.at) : -1;
  return (
    <div
      className={`trace-summary trace-summary--${ok ? 'ok' : 'bad'}`}
      data-testid="trace-summary"
      role="status"
    >
      <span className="trace-summary__badge">
        {ok ? '✓' : '✗'} {OUTCOME[result.outcome]}
      </span>
      <span className="trace-summary__text">{drop ? drop.sentence : result.summary}</span>
      {drop && at >= 0 && (
        <button
          type="button"
          className="btn btn--link"
          onClick={() => playback.getState().seek(at, timeline.frames.length)}
          data-testid="go-to-drop"
        >
          show where it died
        </button>
      )}
      {drop?.culprit && (
        <button
          type="button"
          className="btn btn--link"
          title={drop.culprit.text}
          onClick={() => {
            act.selectNodes([drop.culprit!.device]);
            useUi.getState().showDock('rules');
          }}
          data-testid="drop-culprit-link"
        >
          {drop.culprit.kind === 'sysctl' ? 'sysctl' : drop.culprit.kind}: <code>{drop.culprit.text}</code> on{' '}
          {drop.culprit.device}
        </button>
      )}
    </div>
  );
}
