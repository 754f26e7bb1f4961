/**
 * Every point of a trace an instructor can ask about: each NAT rewrite, routing decision, chain walk,
 * mark change and the end of each leg, with a generated prompt and, where they help, choices.
 */
import type { Network } from '../model/network.ts';
import type { TraceResult } from '../sim/steps.ts';
import type { StepRef } from '../timeline/timeline.ts';
import { err, ok, type Result } from '../util/result.ts';
import { fits, kindProblem, locate, type Located, type RefProblem } from './locate.ts';
import { optionsOf } from './options.ts';
import { promptOf } from './prompts.ts';
import { QUESTION_KINDS, type Candidate, type Question, type QuestionKind } from './question.ts';

function candidateOf(kind: QuestionKind, at: Located, net: Network): Candidate {
  const options = optionsOf(kind, at, net.byId.get(at.hop.device));
  return {
    at: at.ref,
    kind,
    device: at.hop.device,
    prompt: promptOf(kind, at),
    ...(options ? { options } : {}),
  };
}

/** The questions one step can ask (a route step: the table, and the interface when it sends out). */
export function candidatesAt(result: TraceResult, network: Network, ref: StepRef): Candidate[] {
  const at = locate(result, ref);
  if (!at.ok) return [];
  return QUESTION_KINDS.filter((k) => fits(k, at.value)).map((k) => candidateOf(k, at.value, network));
}

/** Every candidate of the trace, in the order the packet meets them. */
export function questionCandidates(result: TraceResult, network: Network): Candidate[] {
  const out: Candidate[] = [];
  for (const leg of ['request', 'reply'] as const) {
    const l = result[leg];
    if (!l) continue;
    l.hops.forEach((hop, h) =>
      hop.steps.forEach((_, s) => out.push(...candidatesAt(result, network, { leg, hop: h, step: s }))),
    );
  }
  return out;
}

/**
 * The question as it is played: the candidate at its step (prompt and choices), with the instructor's
 * prompt when the file has one. An error names the ref field or the kind that does not fit.
 */
export function questionAt(
  result: TraceResult,
  network: Network,
  q: Question,
): Result<Candidate, RefProblem> {
  const at = locate(result, q.at);
  if (!at.ok) return at;
  if (!fits(q.kind, at.value)) return err(kindProblem(q.kind, at.value));
  const c = candidateOf(q.kind, at.value, network);
  return ok(q.prompt !== undefined && q.prompt.trim() !== '' ? { ...c, prompt: q.prompt } : c);
}
