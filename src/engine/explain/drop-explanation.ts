/** A leg's drop as a sentence plus the thing to click: the rule, route, `ip rule` or sysctl responsible. */
import type { DropReason, Leg } from '../sim/steps.ts';
import type { StepRef } from '../timeline/timeline.ts';
import { explainDropStep, type DropCulprit } from './drop-sentence.ts';

export interface DropExplanation {
  readonly sentence: string;
  readonly reason: DropReason;
  /** The device the packet died on. */
  readonly device: string;
  readonly culprit: DropCulprit | null;
  /** Where the drop step is. */
  readonly at: StepRef;
}

/**
 * The explanation of the leg's drop — the last `drop` step of its hops, which includes a request that
 * arrived but is never answered (`echo_ignored`) — or null when nothing was dropped.
 */
export function dropExplanation(leg: Leg, which: 'request' | 'reply' = 'request'): DropExplanation | null {
  for (let h = leg.hops.length - 1; h >= 0; h--) {
    const hop = leg.hops[h]!;
    for (let i = hop.steps.length - 1; i >= 0; i--) {
      const s = hop.steps[i]!;
      if (s.kind !== 'drop') continue;
      const words = explainDropStep(s, hop, i);
      return {
        sentence: words.sentence,
        reason: s.reason,
        device: hop.device,
        culprit: words.culprit,
        at: { leg: which, hop: h, step: i },
      };
    }
  }
  if (!leg.drop) return null;
  // A drop without its step (defensive): explain it from the leg's summary, on the last hop.
  const h = leg.hops.length - 1;
  const hop = leg.hops[h] ?? { device: leg.drop.device, in: null, out: null, steps: [] };
  const words = explainDropStep(
    { kind: 'drop', reason: leg.drop.reason, detail: leg.drop.detail },
    hop,
    hop.steps.length,
  );
  return {
    sentence: words.sentence,
    reason: leg.drop.reason,
    device: leg.drop.device,
    culprit: words.culprit,
    at: { leg: which, hop: Math.max(h, 0), step: Math.max(hop.steps.length - 1, 0) },
  };
}
