/**
 * Finding what a step needs from the steps around it in its hop: the mark the packet carried, the nat
 * rule behind a translation, the route lookup a NAT or drop followed, and the iptables rule a rule step
 * printed.
 */
import type { Device } from '../model/device.ts';
import type { Rule } from '../model/netfilter.ts';
import { parseRule } from '../netfilter/parse-rule.ts';
import { ruleText } from '../netfilter/walk.ts';
import type { Hop, Step } from '../sim/steps.ts';

export type StepOf<K extends Step['kind']> = Extract<Step, { kind: K }>;
export type RuleStep = StepOf<'rule'>;
export type NatStep = StepOf<'nat'>;
export type RouteStep = StepOf<'route'>;
export type ConntrackStep = StepOf<'conntrack'>;

/** Position of `step` in its hop (by identity), or -1. */
export function indexInHop(hop: Hop, step: Step): number {
  return hop.steps.indexOf(step);
}

/**
 * The packet mark when the step at `index` runs: the nearest earlier step that shows it (a MARK or
 * CONNMARK rule's new mark, a chain's entry packet, a NAT result, the received or sent packet).
 */
export function markBefore(hop: Hop, index: number): number {
  for (let i = index - 1; i >= 0; i--) {
    const s = hop.steps[i]!;
    if (s.kind === 'rule' && s.mark) return s.mark.to;
    if (s.kind === 'chain' || s.kind === 'receive' || s.kind === 'send' || s.kind === 'transmit')
      return s.packet.mark;
    if (s.kind === 'nat') return s.after.mark;
  }
  return 0;
}

const NAT_TARGETS = new Set(['DNAT', 'SNAT', 'MASQUERADE', 'NETMAP', 'REDIRECT']);

/** The nat-table rule whose target set up the binding a `nat` step (cause `rule`) applies. */
export function natRuleStepBefore(hop: Hop, index: number): RuleStep | null {
  const s = hop.steps[index - 1];
  return s?.kind === 'rule' && s.table === 'nat' && NAT_TARGETS.has(s.target) ? s : null;
}

/** The latest route lookup before `index` that routed the packet (not a reverse-path lookup). */
export function routeStepBefore(hop: Hop, index: number): RouteStep | null {
  for (let i = index - 1; i >= 0; i--) {
    const s = hop.steps[i]!;
    if (s.kind === 'route' && s.purpose !== 'rp_filter' && s.purpose !== 'connect') return s;
  }
  return null;
}

/** The nearest earlier step of a kind. */
export function stepBefore<K extends Step['kind']>(hop: Hop, index: number, kind: K): StepOf<K> | null {
  for (let i = index - 1; i >= 0; i--) {
    const s = hop.steps[i]!;
    if (s.kind === kind) return s as StepOf<K>;
  }
  return null;
}

/**
 * The iptables rule a rule step printed: the device's rule at that position when its text agrees,
 * else the step's text parsed as `iptables -t TABLE -A CHAIN` would.
 */
export function ruleOfStep(step: RuleStep, device: Device | undefined): Rule | null {
  const r = device?.ruleset.get(step.table)?.chains.get(step.chain)?.rules[step.index - 1];
  if (r && ruleText(r) === step.text) return r;
  const parsed = parseRule(step.text, { table: step.table, chain: step.chain });
  return parsed.ok ? parsed.value : null;
}
