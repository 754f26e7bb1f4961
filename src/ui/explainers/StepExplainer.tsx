/**
 * The step at `at` in words (the narration) and the explainers that belong to it: the mark grid of a
 * rule that matches or sets a mark, NETMAP's bits or MASQUERADE's address choice for a translation, the
 * RPDB walk and table of a route lookup, the conntrack entry and its de-NAT, what killed a packet.
 */
import { conntrackViewInHop } from '../../engine/explain/conntrack-view.ts';
import { explainDropStep } from '../../engine/explain/drop-sentence.ts';
import { natSourceOfStep } from '../../engine/explain/nat-source.ts';
import { narrate } from '../../engine/explain/narrate.ts';
import { netmapOfNatStep } from '../../engine/explain/netmap-bits.ts';
import { markViewsOfStep } from '../../engine/explain/mark-source.ts';
import { routeDecision } from '../../engine/explain/route-decision.ts';
import { markBefore, natRuleStepBefore } from '../../engine/explain/step-context.ts';
import type { Device } from '../../engine/model/device.ts';
import type { Network } from '../../engine/model/network.ts';
import type { Hop, Step, TraceResult } from '../../engine/sim/steps.ts';
import type { StepRef } from '../../engine/timeline/timeline.ts';
import { ConntrackEntry } from './ConntrackEntry.tsx';
import { DropCulprit } from './DropCulprit.tsx';
import { FwmarkGrid } from './FwmarkGrid.tsx';
import { NatSource } from './NatSource.tsx';
import { NetmapBits } from './NetmapBits.tsx';
import { RouteDecision } from './RouteDecision.tsx';
import { XmarkGrid } from './XmarkGrid.tsx';
import './explainers.css';

export interface StepExplainerProps {
  readonly result: TraceResult;
  readonly at: StepRef;
  readonly network: Network;
}

function conntrackOfHop(hop: Hop, index: number) {
  for (let i = index - 1; i >= 0; i--)
    if (hop.steps[i]!.kind === 'conntrack') return conntrackViewInHop(hop, i);
  return null;
}

function Explainers({
  step,
  hop,
  index,
  device,
}: {
  step: Step;
  hop: Hop;
  index: number;
  device: Device | undefined;
}) {
  switch (step.kind) {
    case 'rule':
      return (
        <>
          {markViewsOfStep(step, device, markBefore(hop, index)).map((v, i) =>
            v.match ? (
              <FwmarkGrid key={i} grid={v.match} />
            ) : v.xmark ? (
              <XmarkGrid
                key={i}
                grid={v.xmark}
                title={step.target === 'CONNMARK' ? `CONNMARK: ${v.formula}` : undefined}
              />
            ) : (
              <p key={i} className="explainer-verdict">
                <code>{v.formula}</code>
              </p>
            ),
          )}
        </>
      );
    case 'nat': {
      if (step.cause === 'conntrack' || step.cause === 'related') {
        const ct = conntrackOfHop(hop, index);
        return ct ? <ConntrackEntry view={ct} /> : null;
      }
      const netmap = netmapOfNatStep(step, device, natRuleStepBefore(hop, index));
      if (netmap) return <NetmapBits netmap={netmap} />;
      const src = natSourceOfStep(step, device, hop, index);
      return src ? <NatSource view={src} /> : null;
    }
    case 'route':
      return device ? <RouteDecision decision={routeDecision(step, device)} /> : null;
    case 'conntrack': {
      const ct = conntrackViewInHop(hop, index);
      return ct ? <ConntrackEntry view={ct} /> : null;
    }
    case 'drop': {
      const words = explainDropStep(step, hop, index);
      return words.culprit ? <DropCulprit culprit={words.culprit} /> : null;
    }
    default:
      return null;
  }
}

export function StepExplainer({ result, at, network }: StepExplainerProps) {
  const leg = at.leg === 'request' ? result.request : result.reply;
  const hop = leg?.hops[at.hop];
  const step = hop?.steps[at.step];
  if (!hop || !step)
    return (
      <section className="explainer" data-testid="step-explainer">
        <p className="explainer__narration">This step is not in the trace.</p>
      </section>
    );
  const device = network.byId.get(hop.device);
  const previous = hop.steps[at.step - 1];
  const sentence = narrate(step, { leg: at.leg, hop, device, ...(previous ? { previous } : {}) });
  return (
    <section className="explainer" data-testid="step-explainer" aria-label="What happens at this step">
      <p className="explainer__narration" data-testid="step-narration">
        {sentence}
      </p>
      <Explainers step={step} hop={hop} index={at.step} device={device} />
    </section>
  );
}
