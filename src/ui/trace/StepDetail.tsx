/** The current step in one sentence, and the explainer that belongs to it (bits, RPDB, conntrack). */
import type { Network } from '../../engine/model/network.ts';
import type { TraceResult } from '../../engine/sim/steps.ts';
import type { Frame } from '../../engine/timeline/timeline.ts';
import { StepExplainer } from '../explainers/StepExplainer.tsx';

export function StepDetail({
  result,
  frame,
  network,
}: {
  readonly result: TraceResult;
  readonly frame: Frame;
  readonly network: Network;
}) {
  return (
    <div className="step-detail" data-testid="step-detail">
      <StepExplainer result={result} at={frame.ref} network={network} />
    </div>
  );
}
