/** With what-if changes on: the flow before and after them, and the first step where they part. */
import type { TraceDiff } from '../../engine/whatif/diff-trace.ts';
import type { TraceView } from '../../state/playback/trace-view.ts';
import { frameIndexOf, type Timeline } from '../../engine/timeline/timeline.ts';
import { stepTitle } from '../../engine/timeline/step-title.ts';
import { useUi } from '../app/ui-state.ts';
import { playback } from './playback.ts';
import { useWhatIf, whatIf } from './whatif.ts';

const word = (o: string) => o.replace(/-/g, ' ');

export function WhatIfBanner({
  before,
  timeline,
}: {
  readonly before: { readonly view: TraceView; readonly diff: TraceDiff };
  readonly timeline: Timeline;
}) {
  const n = useWhatIf((s) => s.toggles.length);
  const { diff } = before;
  const first = diff.first;
  const at = first ? frameIndexOf(timeline, first.at) : -1;
  return (
    <div
      className={`whatif-banner${diff.outcome ? ' whatif-banner--changed' : ''}`}
      data-testid="whatif-banner"
    >
      <strong>What-if</strong> ({n} change{n === 1 ? '' : 's'}):{' '}
      {diff.outcome ? (
        <>
          this flow was <em>{word(diff.outcome.before)}</em>, now <em>{word(diff.outcome.after)}</em>.
        </>
      ) : diff.same ? (
        'this flow takes exactly the same steps.'
      ) : (
        'same outcome, different steps.'
      )}
      {first && at >= 0 && first.after && (
        <button
          type="button"
          className="btn btn--link"
          onClick={() => playback.getState().seek(at, timeline.frames.length)}
          title={first.before ? `before: ${stepTitle(first.before)}` : undefined}
        >
          first difference: {first.device.after} {stepTitle(first.after)}
        </button>
      )}
      <button type="button" className="btn btn--link" onClick={() => useUi.getState().showDock('matrix')}>
        edit
      </button>
      <button type="button" className="btn btn--link" onClick={() => whatIf.getState().clear()}>
        reset
      </button>
    </div>
  );
}
