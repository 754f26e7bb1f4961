/**
 * A routing decision taken apart (semantics doc §4, §5): the RPDB rules in order with what each did and
 * why — selector did not match / table had no route (EAGAIN, next rule) / hit — and, in the table that
 * decided, the routes whose prefix holds the destination in `fib_table_lookup`'s order (longest prefix
 * first, then metric, then age) with the winner and why each other one lost. Outcomes come from the
 * step (the engine's own walk); the winner is checked against the engine's `tableLookup`.
 */
import { formatCidr, formatIpv4, maskOf, type Cidr } from '../addr/ipv4.ts';
import type { Device } from '../model/device.ts';
import { tableName, type Route, type RouteType, type Scope } from '../model/route.ts';
import type { RpdbRule } from '../model/rpdb.ts';
import { fwmarkMatches } from '../netfilter/mark.ts';
import { deviceFib } from '../routing/device-fib.ts';
import { ROUTE_TYPE_ERRNO, tableLookup, type FibTable } from '../routing/fib.ts';
import { flow, LOOPBACK_IFINDEX } from '../routing/flow.ts';
import type { FlowView, RouteView, RuleVisitView } from '../sim/steps.ts';
import { routeView } from '../sim/views.ts';
import { formatRuleLine } from '../tools/ip-rule-show.ts';
import { markMatchGrid, type MarkMatchGrid } from './mark-grid.ts';
import { fwmarkOfRpdbRule } from './mark-source.ts';
import { hex, markPair } from './phrases.ts';
import { rpdbRuleOfVisit, visitTable } from './rpdb-visit.ts';
import type { RouteStep } from './step-context.ts';

export type RpdbOutcome = RuleVisitView['outcome'] | 'not-reached';

export interface RpdbRuleDecision {
  readonly pref: number;
  /** As `ip rule show` prints it after `PREF:`. */
  readonly text: string;
  readonly outcome: RpdbOutcome;
  /** The table a `lookup` rule sends the lookup to. */
  readonly table?: string;
  /** The rule's `fwmark V/M` against the flow's mark. */
  readonly fwmark?: MarkMatchGrid;
  readonly reason: string;
}

/**
 * How a candidate fared. (A route whose scope is narrower than the lookup's is skipped by the kernel
 * only in gateway validation, which a trace's lookups never are: their flow scope is universe.)
 */
export type CandidateVerdict = 'winner' | 'shorter-prefix' | 'metric' | 'later' | 'oif' | 'throw';

export interface RouteCandidate {
  readonly text: string;
  readonly prefix: string;
  readonly len: number;
  readonly metric: number;
  readonly type: RouteType;
  readonly scope: Scope;
  readonly dev?: string;
  readonly verdict: CandidateVerdict;
  readonly why: string;
}

export interface RouteDecision {
  readonly purpose: RouteStep['purpose'];
  readonly flow: FlowView;
  readonly rules: readonly RpdbRuleDecision[];
  /** The table whose answer ended the walk (a route or an error route), or null. */
  readonly table: string | null;
  /** That table's routes whose prefix holds the destination, in lookup order. */
  readonly candidates: readonly RouteCandidate[];
  readonly winner: RouteView | null;
  /** `local`, `forward`, `output`, `ok` or an errno, as the step says. */
  readonly result: string;
  /** The decision's winner is the step's route, and the engine's table lookup picks it too. */
  readonly agrees: boolean;
}

const cidrText = (c: Cidr) => (c.len === 32 ? formatIpv4(c.addr) : formatCidr(c));

/** Why a rule's selector did not match the flow — the first selector that fails, in `fib_rule_match`'s order. */
function mismatch(r: RpdbRule, f: FlowView): string {
  if (r.not) return 'its selector matches, and `not` inverts it';
  if (r.iif !== undefined && r.iif !== f.iif) return `iif ${r.iif}: the lookup's input interface is ${f.iif}`;
  if (r.oif !== undefined && r.oif !== f.oif)
    return `oif ${r.oif}: ${f.oif ? `the lookup's output interface is ${f.oif}` : 'the lookup has no output interface'}`;
  const fw = fwmarkOfRpdbRule(r);
  if (fw && !fwmarkMatches(f.mark, fw.value, fw.mask))
    return `fwmark ${hex(f.mark)} does not match ${markPair(fw.value, fw.mask)}`;
  if (r.from && ((f.src ^ r.from.addr) & maskOf(r.from.len)) !== 0)
    return `from ${cidrText(r.from)}: the source ${formatIpv4(f.src)} is outside`;
  if (r.to && ((f.dst ^ r.to.addr) & maskOf(r.to.len)) !== 0)
    return `to ${cidrText(r.to)}: the destination ${formatIpv4(f.dst)} is outside`;
  return 'its tos, ipproto or port selector does not match';
}

function ruleReason(
  v: RuleVisitView,
  rule: RpdbRule | undefined,
  table: string | undefined,
  s: RouteStep,
): string {
  const dst = formatIpv4(s.flow.dst);
  switch (v.outcome) {
    case 'no-match':
      return rule ? `selector does not match: ${mismatch(rule, s.flow)}` : 'selector does not match';
    case 'miss':
      return `table ${table ?? '?'} has no route for ${dst} (EAGAIN): the next rule is tried`;
    case 'throw':
      return `table ${table ?? '?'} has a throw route for ${dst}: the next rule is tried`;
    case 'suppressed':
      return `table ${table ?? '?'} answers with a prefix too short for suppress_prefixlength ${rule?.suppressPrefixlength ?? '?'}: ignored, the next rule is tried`;
    case 'hit':
      return `table ${table ?? '?'} has a route for ${dst}: the lookup ends here`;
    case 'error':
      return rule && rule.action !== 'lookup'
        ? `the rule's action is ${rule.action}: the lookup fails with ${s.result}`
        : `table ${table ?? '?'} has ${s.route ? `a ${s.route.type} route` : 'an error route'} for ${dst}: the lookup fails with ${s.result}`;
    case 'nop':
      return 'nop: nothing happens, the next rule is tried';
    case 'goto':
      return `goto ${rule?.goto ?? '?'}: the walk continues at that preference`;
  }
}

function ruleDecisions(s: RouteStep, device: Device): RpdbRuleDecision[] {
  const seen = new Set<RpdbRule>();
  const out: RpdbRuleDecision[] = s.rules.map((v) => {
    const rule = rpdbRuleOfVisit(v, device);
    if (rule) seen.add(rule);
    const table = visitTable(v, rule);
    const fw = rule ? fwmarkOfRpdbRule(rule) : null;
    return {
      pref: v.pref,
      text: v.text,
      outcome: v.outcome,
      ...(table !== undefined ? { table } : {}),
      ...(fw ? { fwmark: markMatchGrid(s.flow.mark, fw.value, fw.mask) } : {}),
      reason: ruleReason(v, rule, table, s),
    };
  });
  const last = s.rules.at(-1);
  const end = last ? `the lookup ended at rule ${last.pref}` : 'the lookup did not reach it';
  for (const r of device.rules) {
    if (seen.has(r)) continue;
    const fw = fwmarkOfRpdbRule(r);
    const table = r.action === 'lookup' && r.table !== undefined ? tableName(r.table) : undefined;
    out.push({
      pref: r.pref,
      text: formatRuleLine(r),
      outcome: 'not-reached',
      ...(table !== undefined ? { table } : {}),
      ...(fw ? { fwmark: markMatchGrid(s.flow.mark, fw.value, fw.mask) } : {}),
      reason: `not tried: ${end}`,
    });
  }
  return out;
}

function candidates(table: FibTable, s: RouteStep, device: Device): RouteCandidate[] {
  const dst = s.flow.dst;
  const oif = s.flow.oif ? (device.ifByName.get(s.flow.oif)?.index ?? -1) : 0;
  const out: RouteCandidate[] = [];
  let winner: Route | null = null;
  let stopped = false;
  for (const [len, byDst] of table.byLen) {
    for (const r of byDst.get((dst & maskOf(len)) >>> 0) ?? []) {
      let verdict: CandidateVerdict;
      let why: string;
      if (winner || stopped) {
        const w = winner;
        if (w && r.len < w.len)
          [verdict, why] = ['shorter-prefix', `/${r.len} is shorter than the winner's /${w.len}`];
        else if (w && r.metric > w.metric)
          [verdict, why] = ['metric', `same prefix, metric ${r.metric} > ${w.metric}`];
        else if (w) [verdict, why] = ['later', 'same prefix and metric, added after the winner'];
        else [verdict, why] = ['throw', 'not tried: the throw route ended the lookup'];
      } else if (r.type === 'throw') {
        [verdict, why] = ['throw', 'throw: the lookup in this table stops, the RPDB goes on'];
        stopped = true;
      } else if (ROUTE_TYPE_ERRNO[r.type]) {
        [verdict, why] = [
          'winner',
          `longest matching prefix: a ${r.type} route, the lookup fails with ${ROUTE_TYPE_ERRNO[r.type]}`,
        ];
        winner = r;
      } else if (oif !== 0 && r.dev !== undefined && device.ifByName.get(r.dev)?.index !== oif) {
        [verdict, why] = ['oif', `dev ${r.dev} is not the requested output interface ${s.flow.oif}`];
      } else {
        [verdict, why] = [
          'winner',
          out.length
            ? 'the first usable route for the longest prefix'
            : `longest prefix holding ${formatIpv4(dst)}`,
        ];
        winner = r;
      }
      const v = routeView(r);
      out.push({
        text: v.text,
        prefix: formatCidr({ addr: r.dst, len: r.len }),
        len: r.len,
        metric: r.metric,
        type: r.type,
        scope: r.scope,
        ...(r.dev !== undefined ? { dev: r.dev } : {}),
        verdict,
        why,
      });
    }
  }
  return out;
}

/** The routing decision of a route step on `device`. */
export function routeDecision(s: RouteStep, device: Device): RouteDecision {
  const rules = ruleDecisions(s, device);
  const decisive = [...s.rules].reverse().find((v) => v.outcome === 'hit' || v.outcome === 'error');
  const rule = decisive ? rpdbRuleOfVisit(decisive, device) : undefined;
  const tableId = rule?.action === 'lookup' ? rule.table : rule ? undefined : s.route?.table;
  const fib = deviceFib(device);
  const table = tableId !== undefined ? fib.fib.get(tableId) : undefined;
  const cands = table ? candidates(table, s, device) : [];
  let agrees = s.route === null && !cands.some((c) => c.verdict === 'winner');
  if (table && s.route) {
    const fl = flow({
      dst: s.flow.dst,
      src: s.flow.src,
      iif: device.ifByName.get(s.flow.iif)?.index ?? LOOPBACK_IFINDEX,
      oif: s.flow.oif ? (device.ifByName.get(s.flow.oif)?.index ?? -1) : 0,
      mark: s.flow.mark,
    });
    const real = tableLookup(table, fl, fib.ifIndexOf);
    const mine = cands.find((c) => c.verdict === 'winner');
    agrees =
      real.kind !== 'miss' && routeView(real.route).text === s.route.text && mine?.text === s.route.text;
  }
  return {
    purpose: s.purpose,
    flow: s.flow,
    rules,
    table: tableId !== undefined ? tableName(tableId) : null,
    candidates: cands,
    winner: s.route,
    result: s.result,
    agrees,
  };
}
