/** Explaining a trace: one sentence per step, and the bit grids, RPDB walk and conntrack entry behind it. */
export { narrate, type NarrationContext } from './narrate.ts';
export { dropExplanation, type DropExplanation } from './drop-explanation.ts';
export { explainDropStep, type CulpritKind, type DropCulprit, type DropWords } from './drop-sentence.ts';
export {
  gridWidth,
  markMatchGrid,
  xmarkGrid,
  type Bit,
  type MarkMatchBit,
  type MarkMatchGrid,
  type MarkSemantics,
  type XmarkBit,
  type XmarkGrid,
  type XmarkOp,
} from './mark-grid.ts';
export {
  fwmarkOfRpdbRule,
  markOpText,
  markOpsOfRule,
  markOpsOfText,
  markViewsOfStep,
  type MarkOp,
  type RuleMarkView,
} from './mark-source.ts';
export {
  netmapBits,
  netmapOfNatStep,
  type AddressBit,
  type NetmapBits,
  type NetmapOfStep,
} from './netmap-bits.ts';
export {
  natSourceOfStep,
  type MasqueradeView,
  type NatSourceView,
  type SnatView,
  type SourceCandidate,
} from './nat-source.ts';
export {
  routeDecision,
  type CandidateVerdict,
  type RouteCandidate,
  type RouteDecision,
  type RpdbOutcome,
  type RpdbRuleDecision,
} from './route-decision.ts';
export {
  conntrackView,
  conntrackViewInHop,
  parseTupleText,
  type ConntrackView,
  type DeNat,
  type TupleView,
} from './conntrack-view.ts';
export { markBefore, natRuleStepBefore, ruleOfStep } from './step-context.ts';
export { ruleSentence, conditions } from './rule-sentence.ts';
