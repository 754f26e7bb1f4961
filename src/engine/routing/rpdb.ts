/**
 * The RPDB walk (`fib_rules_lookup`, net/core/fib_rules.c + `fib4_rule_action`/`fib4_rule_match`,
 * net/ipv4/fib_rules.c): rules in order; the first matching rule whose action yields a result wins; a
 * `lookup` whose table has no route (or hits `throw`) returns -EAGAIN and the walk continues; nothing
 * found at all is -ENETUNREACH ("Network is unreachable").
 */
import { maskOf } from '../addr/ipv4.ts';
import { fwmarkMatches } from '../netfilter/mark.ts';
import type { Route } from '../model/route.ts';
import type { RpdbRule } from '../model/rpdb.ts';
import { tableLookup, type FibErrno, type FibTable } from './fib.ts';
import type { Flow } from './flow.ts';

export interface RuleVisit {
  readonly rule: RpdbRule;
  /** no-match: selector false; miss: table had no route (EAGAIN); hit: result taken; action: rule action. */
  readonly outcome: 'no-match' | 'miss' | 'throw' | 'hit' | 'error' | 'nop' | 'goto' | 'suppressed';
}

export type FibLookup =
  | {
      readonly ok: true;
      readonly route: Route;
      readonly table: number;
      readonly rule: RpdbRule;
      readonly visits: readonly RuleVisit[];
    }
  | {
      readonly ok: false;
      readonly errno: FibErrno;
      /** The rule whose action or table produced the error; absent when no rule yielded anything. */
      readonly rule?: RpdbRule;
      readonly route?: Route;
      readonly table?: number;
      readonly visits: readonly RuleVisit[];
    };

/** What the RPDB needs to know about the device. */
export interface RpdbContext {
  readonly rules: readonly RpdbRule[];
  readonly fib: ReadonlyMap<number, FibTable>;
  readonly ifIndexOf: (dev: string) => number;
  /** Visits of `rules[i]`, made once and shared by every lookup (they are immutable). */
  readonly visitsOf?: readonly RuleVisits[];
}

type VisitOutcome = RuleVisit['outcome'];
/** One rule's possible visits. */
export type RuleVisits = Readonly<Record<VisitOutcome, RuleVisit>>;

const OUTCOMES: readonly VisitOutcome[] = [
  'no-match',
  'miss',
  'throw',
  'hit',
  'error',
  'nop',
  'goto',
  'suppressed',
];

/** The {@link RpdbContext.visitsOf} of a rule list. */
export function ruleVisits(rules: readonly RpdbRule[]): RuleVisits[] {
  return rules.map(
    (rule) => Object.fromEntries(OUTCOMES.map((outcome) => [outcome, { rule, outcome }])) as RuleVisits,
  );
}

/** `fib_rule_match` + `fib4_rule_match`. An iif/oif naming an absent device never matches (detached). */
export function ruleMatches(r: RpdbRule, fl: Flow, ifIndexOf: (dev: string) => number): boolean {
  let m = true;
  if (r.iif !== undefined && ifIndexOf(r.iif) !== fl.iif) m = false;
  else if (r.oif !== undefined && ifIndexOf(r.oif) !== fl.oif) m = false;
  else if (r.fwmark && !fwmarkMatches(fl.mark, r.fwmark.value, r.fwmark.mask)) m = false;
  else if (r.from && ((fl.src ^ r.from.addr) & maskOf(r.from.len)) !== 0) m = false;
  else if (r.to && ((fl.dst ^ r.to.addr) & maskOf(r.to.len)) !== 0) m = false;
  else if (r.tos !== undefined && r.tos !== 0 && r.tos !== fl.tos) m = false;
  else if (r.ipproto !== undefined && r.ipproto !== fl.proto) m = false;
  else if (r.sport && (fl.sport < r.sport.min || fl.sport > r.sport.max)) m = false;
  else if (r.dport && (fl.dport < r.dport.min || fl.dport > r.dport.max)) m = false;
  return r.not ? !m : m;
}

const ACTION_ERRNO: Record<string, FibErrno> = {
  unreachable: 'ENETUNREACH',
  prohibit: 'EACCES',
  blackhole: 'EINVAL',
};

export function fibLookup(ctx: RpdbContext, fl: Flow): FibLookup {
  const visits: RuleVisit[] = [];
  const rules = ctx.rules;
  const visitsOf = ctx.visitsOf;
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i]!;
    // this rule's shared visit objects (named loads below: each outcome is a constant key)
    const vs = visitsOf?.[i];
    if (!ruleMatches(r, fl, ctx.ifIndexOf)) {
      visits.push(vs ? vs['no-match'] : { rule: r, outcome: 'no-match' });
      continue;
    }
    if (r.action === 'goto') {
      // FR_ACT_GOTO: ctarget is the rule whose pref equals the target; unresolved → next rule
      const target = r.goto ?? -1;
      const j = rules.findIndex((x) => x.pref === target);
      visits.push(vs ? vs.goto : { rule: r, outcome: 'goto' });
      if (j < 0) continue;
      i = j - 1;
      continue;
    }
    if (r.action === 'nop') {
      visits.push(vs ? vs.nop : { rule: r, outcome: 'nop' });
      continue;
    }
    const errno = r.action === 'lookup' ? undefined : ACTION_ERRNO[r.action];
    if (errno) {
      visits.push(vs ? vs.error : { rule: r, outcome: 'error' });
      return { ok: false, errno, rule: r, visits };
    }
    const tableId = r.table ?? 0;
    const table = ctx.fib.get(tableId);
    const res = table ? tableLookup(table, fl, ctx.ifIndexOf) : ({ kind: 'miss' } as const);
    if (res.kind === 'miss') {
      if (res.throwRoute) visits.push(vs ? vs.throw : { rule: r, outcome: 'throw' });
      else visits.push(vs ? vs.miss : { rule: r, outcome: 'miss' });
      continue;
    }
    if (res.kind === 'error') {
      visits.push(vs ? vs.error : { rule: r, outcome: 'error' });
      return { ok: false, errno: res.errno, rule: r, route: res.route, table: tableId, visits };
    }
    if (r.suppressPrefixlength !== undefined && res.route.len <= r.suppressPrefixlength) {
      visits.push(vs ? vs.suppressed : { rule: r, outcome: 'suppressed' });
      continue;
    }
    visits.push(vs ? vs.hit : { rule: r, outcome: 'hit' });
    return { ok: true, route: res.route, table: tableId, rule: r, visits };
  }
  return { ok: false, errno: 'ENETUNREACH', visits };
}
