/** The current step in words, and the explainer that belongs to it (bits, RPDB, conntrack). */
import type { Network } from '../../engine/model/network.ts';
import type { TraceResult } from '../../engine/sim/steps.ts';
import { stepTitle } from '../../engine/timeline/step-title.ts';
import type { Frame } from '../../engine/timeline/timeline.ts';

export function StepDetail({
  frame,
}: {
  readonly result: TraceResult;
  readonly frame: Frame;
  readonly network: Network;
}) {
  return (
    <div className="step-detail" data-testid="step-detail">
      <p className="step-detail__narration">{stepTitle(frame.step)}</p>
    </div>
  );
}
