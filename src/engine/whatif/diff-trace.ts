/**
 * Two traces of one probe side by side (before and after a what-if): the first step where they part,
 * and how the outcome changed. Steps are compared as data, leg by leg (request, then reply), hop by hop.
 */
import type { Hop, Leg, Outcome, Step, TraceResult } from '../sim/steps.ts';

/** A step: `result[leg].hops[hop].steps[step]`. */
export interface StepRef {
  readonly leg: 'request' | 'reply';
  readonly hop: number;
  readonly step: number;
}

export interface TraceDiff {
  /** Both traces take the same steps (the outcome is then the same too). */
  readonly same: boolean;
  /** The first step that differs (the same position in both); a side is null where its trace has none. */
  readonly first: {
    readonly at: StepRef;
    readonly device: { readonly before: string | null; readonly after: string | null };
    readonly before: Step | null;
    readonly after: Step | null;
  } | null;
  readonly outcome: { readonly before: Outcome; readonly after: Outcome } | null;
}

export function diffTrace(a: TraceResult, b: TraceResult): TraceDiff {
  const first = firstInLeg('request', a.request, b.request) ?? firstInLeg('reply', a.reply, b.reply);
  return {
    same: first === null,
    first,
    outcome: a.outcome === b.outcome ? null : { before: a.outcome, after: b.outcome },
  };
}

function firstInLeg(leg: StepRef['leg'], a: Leg | null, b: Leg | null): TraceDiff['first'] {
  const ha = a?.hops ?? [];
  const hb = b?.hops ?? [];
  for (let h = 0; h < Math.max(ha.length, hb.length); h++) {
    const x = ha[h];
    const y = hb[h];
    const at = (step: number) => ({
      at: { leg, hop: h, step },
      device: { before: x?.device ?? null, after: y?.device ?? null },
      before: x?.steps[step] ?? null,
      after: y?.steps[step] ?? null,
    });
    if (!x || !y || x.device !== y.device || x.in !== y.in) return at(0);
    const n = Math.max(x.steps.length, y.steps.length);
    for (let s = 0; s < n; s++) if (!sameStep(x.steps[s], y.steps[s])) return at(s);
    if (!sameHopEnd(x, y)) return at(n);
  }
  return null;
}

const sameHopEnd = (x: Hop, y: Hop) => x.out === y.out;

function sameStep(x: Step | undefined, y: Step | undefined): boolean {
  if (!x || !y) return x === y;
  return x.kind === y.kind && JSON.stringify(x) === JSON.stringify(y);
}
