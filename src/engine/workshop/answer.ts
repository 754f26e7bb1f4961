/**
 * The correct answer of a question, derived from the engine's trace when it is played (never stored as
 * truth in an exercise file), with an explanation in the kernel's words.
 */
import { formatIpv4 } from '../addr/ipv4.ts';
import { CHAIN_OF_HOOK } from '../model/netfilter.ts';
import { tableName } from '../model/route.ts';
import type { Hop, Step, TraceResult } from '../sim/steps.ts';
import { err, ok, type Result } from '../util/result.ts';
import { locateFor, type Located, type RefProblem } from './locate.ts';
import { DELIVERED, DROP_TEXT, dropValue } from './options.ts';
import { natField, natRuleOf } from './prompts.ts';
import type { Answer, Question } from './question.ts';

type NatStep = Extract<Step, { kind: 'nat' }>;
type RouteStep = Extract<Step, { kind: 'route' }>;
type ChainStep = Extract<Step, { kind: 'chain' }>;
type RuleStep = Extract<Step, { kind: 'rule' }>;

const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;

const NAT_HOW: Record<string, string> = {
  NETMAP: 'NETMAP keeps the host part of the address and replaces the network part',
  MASQUERADE: 'MASQUERADE uses the address the output interface would choose as source',
  DNAT: 'DNAT picks the address from the rule’s --to-destination range',
  SNAT: 'SNAT picks the address from the rule’s --to-source range',
  REDIRECT: 'REDIRECT sends the packet to an address of the interface it came in on',
};

function natAnswer(at: Located, s: NatStep): Answer {
  const dst = s.manip === 'DNAT';
  const before = formatIpv4(dst ? s.before.dst : s.before.src);
  const after = formatIpv4(dst ? s.after.dst : s.after.src);
  const change = `the ${natField(s)} ${before === after ? `stays ${after}` : `goes ${before} → ${after}`}`;
  const chain = CHAIN_OF_HOOK[s.hook];
  let why: string;
  switch (s.cause) {
    case 'rule': {
      const rule = natRuleOf(at.hop, at.ref.step);
      const how = rule ? NAT_HOW[rule.target] : undefined;
      why = rule
        ? `nat ${chain} rule ${rule.index} (${rule.text}) sets up the binding: ${change}${how ? `; ${how}` : ''}.`
        : `a rule in nat ${chain} sets up the binding: ${change}.`;
      break;
    }
    case 'conntrack':
      why = `conntrack knows this connection and applies its binding (no rule is consulted): ${change}.`;
      break;
    case 'null-binding':
      why = `no rule in nat ${chain} matched, so conntrack records a null binding: ${change}.`;
      break;
    case 'related':
      why = `the ICMP error belongs to a NATed connection, and conntrack translates it: ${change}.`;
      break;
  }
  return { value: after, explanation: why };
}

function routeTableAnswer(s: RouteStep): Answer {
  const route = s.route!;
  const name = tableName(route.table);
  const hit = s.rules.find((r) => r.outcome === 'hit');
  const by = hit
    ? `ip rule ${hit.pref} (${hit.text}) sends the lookup to table ${name}`
    : `table ${name} answers`;
  return { value: name, explanation: `${by}, which has: ${route.text}.` };
}

function outInterfaceAnswer(s: RouteStep): Answer {
  const route = s.route!;
  const dev = route.dev!;
  const via =
    s.nexthop !== undefined && s.nexthop !== s.flow.dst ? `, to the next hop ${formatIpv4(s.nexthop)}` : '';
  return {
    value: dev,
    explanation: `table ${tableName(route.table)} answers with ${route.text}: the packet leaves on ${dev}${via}.`,
  };
}

/** The first thing the walk of this chain did: a rule that matched, its policy, or a return. */
function firstEvent(hop: Hop, stepIndex: number, c: ChainStep): Step | undefined {
  for (let i = stepIndex + 1; i < hop.steps.length; i++) {
    const s = hop.steps[i]!;
    if (
      (s.kind === 'rule' || s.kind === 'policy' || s.kind === 'return') &&
      s.table === c.table &&
      s.chain === c.chain
    )
      return s;
  }
  return undefined;
}

function ruleMatchAnswer(at: Located, c: ChainStep): Result<Answer, RefProblem> {
  const e = firstEvent(at.hop, at.ref.step, c);
  const where = `${c.table} ${c.chain}`;
  if (e?.kind === 'rule') {
    const goesOn =
      e.verdict === 'continue'
        ? ` (-j ${e.target} does not end the walk: the next rules are still tried)`
        : '';
    return ok({
      value: String(e.index),
      explanation: `rule ${e.index} of ${where} matches first: ${e.text}${goesOn}.`,
    });
  }
  if (e?.kind === 'policy')
    return ok({
      value: 'policy',
      explanation: `no rule of ${where} matches: the chain's policy ${e.verdict.toUpperCase()} decides.`,
    });
  if (e?.kind === 'return')
    return ok({
      value: 'return',
      explanation: `no rule of ${where} matches: the walk returns to the calling chain.`,
    });
  return err({ field: 'step', message: `the trace does not show how the walk of ${where} ended` });
}

function markAnswer(s: RuleStep): Answer {
  const m = s.mark!;
  const how =
    s.target === 'MARK'
      ? 'MARK computes (mark & ~mask) ^ value'
      : s.target === 'CONNMARK'
        ? 'CONNMARK --restore-mark copies the connection’s mark (ctmark) into the packet'
        : `-j ${s.target} sets it`;
  return {
    value: hex(m.to),
    explanation: `${s.chain} rule ${s.index} (${s.text}): ${how}, so the mark goes ${hex(m.from)} → ${hex(m.to)}.`,
  };
}

function verdictAnswer(at: Located): Answer {
  const leg = at.leg;
  if (leg.delivered) {
    const seen = leg.seen ? `, which sees ${formatIpv4(leg.seen.src)} > ${formatIpv4(leg.seen.dst)}` : '';
    return {
      value: DELIVERED,
      explanation: `the ${leg.what} is delivered to ${leg.receiver ?? '?'}${seen}.`,
    };
  }
  const d = leg.drop;
  if (!d) return { value: 'dropped', explanation: `the ${leg.what} is dropped.` };
  return {
    value: dropValue(d.reason),
    explanation: `the ${leg.what} is dropped at ${d.device}: ${DROP_TEXT[d.reason]} (${d.detail}).`,
  };
}

/** The engine's answer to `question` on `result`; an error when the step does not exist or does not fit. */
export function answerOf(question: Question, result: TraceResult): Result<Answer, RefProblem> {
  const r = locateFor(result, question.at, question.kind);
  if (!r.ok) return r;
  const at = r.value;
  const s = at.step;
  switch (question.kind) {
    case 'nat-address':
      return s.kind === 'nat' ? ok(natAnswer(at, s)) : err({ field: 'kind', message: 'not a nat step' });
    case 'route-table':
      return s.kind === 'route'
        ? ok(routeTableAnswer(s))
        : err({ field: 'kind', message: 'not a route step' });
    case 'out-interface':
      return s.kind === 'route'
        ? ok(outInterfaceAnswer(s))
        : err({ field: 'kind', message: 'not a route step' });
    case 'rule-match':
      return s.kind === 'chain'
        ? ruleMatchAnswer(at, s)
        : err({ field: 'kind', message: 'not a chain step' });
    case 'mark':
      return s.kind === 'rule' ? ok(markAnswer(s)) : err({ field: 'kind', message: 'not a rule step' });
    case 'verdict':
      return ok(verdictAnswer(at));
  }
}
