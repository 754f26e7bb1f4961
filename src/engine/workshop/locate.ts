/**
 * Finding the step a question points at, and whether a kind of question can be asked there. Problems
 * name the field of the ref that is wrong, so a file loader can point at `questions[2].at.hop`.
 */
import type { Hop, Leg, Step, TraceResult } from '../sim/steps.ts';
import type { StepRef } from '../timeline/timeline.ts';
import { err, ok, type Result } from '../util/result.ts';
import { QUESTION_KINDS, type QuestionKind } from './question.ts';

export interface Located {
  readonly ref: StepRef;
  readonly leg: Leg;
  readonly hop: Hop;
  readonly step: Step;
  /** The last step of the leg (where the packet is delivered or dies). */
  readonly last: boolean;
}

export interface RefProblem {
  /** The field that is wrong: a part of the ref, or the question's kind. */
  readonly field: 'leg' | 'hop' | 'step' | 'kind';
  readonly message: string;
}

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

export function locate(result: TraceResult, ref: StepRef): Result<Located, RefProblem> {
  const leg = ref.leg === 'request' ? result.request : ref.leg === 'reply' ? result.reply : undefined;
  if (ref.leg !== 'request' && ref.leg !== 'reply')
    return err({ field: 'leg', message: `the leg must be "request" or "reply"` });
  if (!leg)
    return err({
      field: 'leg',
      message: `this flow has no reply leg (${result.outcome}: ${result.summary})`,
    });
  if (!Number.isInteger(ref.hop) || ref.hop < 0 || ref.hop >= leg.hops.length)
    return err({
      field: 'hop',
      message: `the ${ref.leg} leg has no hop ${ref.hop}: it has ${plural(leg.hops.length, 'hop')} (0..${leg.hops.length - 1}: ${leg.hops.map((h) => h.device).join(', ')})`,
    });
  const hop = leg.hops[ref.hop]!;
  if (!Number.isInteger(ref.step) || ref.step < 0 || ref.step >= hop.steps.length)
    return err({
      field: 'step',
      message: `hop ${ref.hop} (${hop.device}) of the ${ref.leg} leg has no step ${ref.step}: it has ${plural(hop.steps.length, 'step')} (0..${hop.steps.length - 1})`,
    });
  const last = ref.hop === leg.hops.length - 1 && ref.step === hop.steps.length - 1;
  return ok({ ref, leg, hop, step: hop.steps[ref.step]!, last });
}

/** Whether a question of `kind` can be asked at this step. */
export function fits(kind: QuestionKind, at: Located): boolean {
  const s = at.step;
  switch (kind) {
    case 'nat-address':
      return s.kind === 'nat';
    case 'route-table':
      return s.kind === 'route' && s.route !== null;
    case 'out-interface':
      return s.kind === 'route' && sendsOut(s);
    case 'rule-match':
      return s.kind === 'chain';
    case 'mark':
      return s.kind === 'rule' && s.mark !== undefined;
    case 'verdict':
      return at.last;
  }
}

/** A route step whose answer sends the packet out of an interface (not local delivery, not an error). */
export function sendsOut(s: Extract<Step, { kind: 'route' }>): boolean {
  return (
    s.route !== null &&
    s.route.dev !== undefined &&
    (s.result === 'forward' || s.result === 'output') &&
    s.purpose !== 'rp_filter'
  );
}

const NEEDS: Record<QuestionKind, string> = {
  'nat-address': 'a nat step',
  'route-table': 'a route step that found a route',
  'out-interface': 'a route step that sends the packet out of an interface',
  'rule-match': 'a chain step',
  mark: 'a rule step that changed the mark',
  verdict: 'the last step of a leg',
};

/** "step 8 of hop 1 (vlab) is a chain step: a nat-address question needs a nat step; here: rule-match". */
export function kindProblem(kind: QuestionKind, at: Located): RefProblem {
  const here = QUESTION_KINDS.filter((k) => fits(k, at));
  const { ref, hop, step } = at;
  return {
    field: 'kind',
    message:
      `step ${ref.step} of hop ${ref.hop} (${hop.device}) of the ${ref.leg} leg is a ${step.kind} step: ` +
      `a ${kind} question needs ${NEEDS[kind]}` +
      (here.length ? `; this step can ask ${here.join(' or ')}` : '; no question can be asked here'),
  };
}

/** The step, checked to fit the kind. */
export function locateFor(
  result: TraceResult,
  ref: StepRef,
  kind: QuestionKind,
): Result<Located, RefProblem> {
  const at = locate(result, ref);
  if (!at.ok) return at;
  return fits(kind, at.value) ? at : err(kindProblem(kind, at.value));
}
