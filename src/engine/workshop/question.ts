/**
 * Workshop questions: predict-then-reveal points tied to a step of a trace. A question names the step
 * (`StepRef`) and what to predict there; the correct answer is never stored as truth: it is derived
 * from the engine's trace when the question is played (answer.ts), so an exercise cannot teach a wrong
 * answer after the engine (the kernel's model) says otherwise.
 */
import type { StepRef } from '../timeline/timeline.ts';

export type { StepRef } from '../timeline/timeline.ts';

/**
 * - `nat-address`: at a `nat` step, the address after the rewrite (destination for DNAT/NETMAP/REDIRECT,
 *   source for SNAT/MASQUERADE)
 * - `route-table`: at a `route` step, the routing table the RPDB picked
 * - `out-interface`: at a `route` step that sends the packet out, the output device
 * - `rule-match`: at a `chain` step, which rule of the chain matches first (1-based), or none (the policy
 *   decides, or a user chain returns)
 * - `mark`: at a `rule` step that changed the packet's mark (MARK, CONNMARK --restore-mark), the new mark
 * - `verdict`: at the last step of a leg, delivered or dropped (and the drop reason)
 */
export type QuestionKind =
  'nat-address' | 'route-table' | 'out-interface' | 'rule-match' | 'mark' | 'verdict';

export const QUESTION_KINDS: readonly QuestionKind[] = [
  'nat-address',
  'route-table',
  'out-interface',
  'rule-match',
  'mark',
  'verdict',
];

/** What each kind asks, in a few words (the editor's column, the docs). */
export const KIND_TITLE: Record<QuestionKind, string> = {
  'nat-address': 'address after NAT',
  'route-table': 'routing table',
  'out-interface': 'output interface',
  'rule-match': 'first matching rule',
  mark: 'packet mark',
  verdict: 'delivered or dropped',
};

/** A question as an exercise file holds it. */
export interface Question {
  readonly at: StepRef;
  readonly kind: QuestionKind;
  /** The instructor's own wording; the generated prompt is used when absent. */
  readonly prompt?: string;
  /** The instructor's expected answer, kept only as a check against the engine's (flagged when it differs). */
  readonly expected?: string;
}

/** One multiple-choice option: `value` is what is submitted, `label` what is shown. */
export interface Choice {
  readonly value: string;
  readonly label: string;
}

/** A point of a trace an instructor can ask about. */
export interface Candidate {
  readonly at: StepRef;
  readonly kind: QuestionKind;
  /** The device whose step it is. */
  readonly device: string;
  /** The question in the user's vocabulary ("vlab nat PREROUTING: what is the destination after NETMAP?"). */
  readonly prompt: string;
  /** Choices where they help (tables of the RPDB, rules of the chain, interfaces, verdicts). */
  readonly options?: readonly Choice[];
}

/** The engine's answer to a question: the canonical text and why. */
export interface Answer {
  readonly value: string;
  readonly explanation: string;
}

export interface Check {
  readonly correct: boolean;
  /** The engine's answer, canonical (`192.168.149.36`, `2`, `0x6`, `dropped: rp_filter`). */
  readonly expected: string;
  readonly explanation: string;
}

export interface Score {
  readonly correct: number;
  readonly total: number;
  /** Rounded to a whole percent; 0 when there is nothing to score. */
  readonly percent: number;
}

/** A key for a (step, kind) pair: a route step offers two questions. */
export function candidateKey(c: { readonly at: StepRef; readonly kind: QuestionKind }): string {
  return `${c.at.leg}:${c.at.hop}:${c.at.step}:${c.kind}`;
}

/** Orders refs as the packet meets them: request before reply, then hop, then step. */
export function compareRefs(a: StepRef, b: StepRef): number {
  if (a.leg !== b.leg) return a.leg === 'request' ? -1 : 1;
  return a.hop - b.hop || a.step - b.step;
}
