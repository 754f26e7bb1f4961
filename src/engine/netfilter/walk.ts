/**
 * Walking one table's chain at a hook (`ipt_do_table`, net/ipv4/netfilter/ip_tables.c): rules in order,
 * `-j CHAIN` pushes a return point, `-g CHAIN` does not, RETURN (or falling off a user chain) pops, falling
 * off a built-in chain (or RETURN in it) applies the policy. Non-terminating targets (MARK, CONNMARK, LOG,
 * TRACE, CT) continue with the next rule; NAT targets and ACCEPT end the table with NF_ACCEPT; DROP and
 * REJECT end it with NF_DROP.
 */
import type { Chain, RejectWith, Rule, Table, Target } from '../model/netfilter.ts';
import type { Hook, TableName } from '../model/netfilter.ts';
import type { Step } from '../sim/steps.ts';
import { snapshot } from '../sim/pkt.ts';
import { applyXmark } from './mark.ts';
import { ruleMatches, type MatchCtx } from './match.ts';
import { formatRule } from './print-rule.ts';

export type NatTarget = Extract<Target, { kind: 'DNAT' | 'SNAT' | 'MASQUERADE' | 'NETMAP' | 'REDIRECT' }>;

export interface WalkEnv {
  readonly hook: Hook;
  readonly ctx: MatchCtx;
  readonly steps: Step[];
  /** NAT targets (nat table): set up the binding; 'DROP' when impossible (MASQUERADE without address). */
  readonly nat?: NatHandler;
}

/** What a NAT target does to the connection (an object, not a closure: one per walk of the nat table). */
export interface NatHandler {
  nat(t: NatTarget, rule: Rule): 'ACCEPT' | 'DROP';
}

export interface WalkVerdict {
  readonly verdict: 'ACCEPT' | 'DROP';
  /** Set when a REJECT rule decided. */
  readonly reject?: RejectWith;
  /** Where the decision was made. */
  readonly table: TableName;
  readonly chain: string;
  /** 1-based rule index, or null for a policy. */
  readonly index: number | null;
  readonly ruleText?: string;
  /** The rule that decided (absent for a policy). */
  readonly rule?: Rule;
}

const ruleTexts = new WeakMap<Rule, string>();
export function ruleText(r: Rule): string {
  let t = ruleTexts.get(r);
  if (t === undefined) ruleTexts.set(r, (t = formatRule(r)));
  return t;
}

/** Whether iptables-nft would have registered this built-in chain (it has rules or a DROP policy). */
export function chainIsLive(c: Chain | undefined): c is Chain {
  return c !== undefined && (c.rules.length > 0 || c.policy === 'DROP');
}

const MAX_STEPS = 10000;

function enter(env: WalkEnv, tname: TableName, c: Chain): void {
  const ctx = env.ctx;
  env.steps.push({
    kind: 'chain',
    hook: env.hook,
    table: tname,
    chain: c.name,
    iif: ctx.iif,
    oif: ctx.oif,
    packet: snapshot(ctx.pkt),
  });
}

type RuleVerdict = Extract<Step, { kind: 'rule' }>['verdict'];

/** A `rule` step (one object literal: every rule step has the same shape up to `target`). */
function ruleStep(
  tname: TableName,
  chain: string,
  index: number,
  text: string,
  verdict: RuleVerdict,
  target: string,
): Step {
  return { kind: 'rule', table: tname, chain, index, text, verdict, target };
}

function policyStep(tname: TableName, chain: string, verdict: 'ACCEPT' | 'DROP'): Step {
  return { kind: 'policy', table: tname, chain, verdict: verdict === 'ACCEPT' ? 'accept' : 'drop' };
}

/** A chain walk's return point (`-j CHAIN`). */
interface Frame {
  readonly chain: Chain;
  readonly next: number;
}

export function walkTable(table: Table, chainName: string, env: WalkEnv): WalkVerdict {
  const start = table.chains.get(chainName);
  const tname = table.name;
  if (!chainIsLive(start)) return { verdict: 'ACCEPT', table: tname, chain: chainName, index: null };
  const { ctx, steps } = env;
  const pkt = ctx.pkt;
  let stack: Frame[] | null = null;
  let chain: Chain = start;
  let i = 0;
  enter(env, tname, chain);
  for (let guard = 0; guard < MAX_STEPS; guard++) {
    const rules = chain.rules;
    if (i >= rules.length) {
      if (chain.policy !== null) {
        const verdict = chain.policy;
        steps.push(policyStep(tname, chain.name, verdict));
        return { verdict, table: tname, chain: chain.name, index: null };
      }
      steps.push({ kind: 'return', table: tname, chain: chain.name });
      const back = stack?.pop();
      if (!back) return { verdict: 'ACCEPT', table: tname, chain: chain.name, index: null };
      chain = back.chain;
      i = back.next;
      continue;
    }
    const rule = rules[i]!;
    const index = i + 1;
    i++;
    if (!ruleMatches(rule, ctx)) continue;
    const t = rule.target;
    const text = ruleText(rule);
    const cname = chain.name;
    switch (t.kind) {
      case 'none':
      case 'LOG':
      case 'TRACE':
        steps.push(ruleStep(tname, cname, index, text, 'continue', t.kind === 'none' ? '' : t.kind));
        break;
      case 'NOTRACK':
        pkt.untracked = true;
        steps.push(ruleStep(tname, cname, index, text, 'continue', t.spelling === 'CT' ? 'CT' : 'NOTRACK'));
        break;
      case 'MARK': {
        const from = pkt.mark;
        pkt.mark = applyXmark(pkt.mark, t.value, t.mask);
        steps.push({
          kind: 'rule',
          table: tname,
          chain: cname,
          index,
          text,
          verdict: 'continue',
          target: 'MARK',
          mark: { from, to: pkt.mark },
        });
        break;
      }
      case 'CONNMARK': {
        const ct = pkt.ct?.ct;
        const fromMark = pkt.mark;
        const fromCt = ct?.mark ?? 0;
        if (ct) {
          if (t.mode === 'set') ct.mark = ((ct.mark & ~t.mask) ^ t.value) >>> 0;
          else if (t.mode === 'save') ct.mark = ((ct.mark & ~t.ctmask) ^ (pkt.mark & t.nfmask)) >>> 0;
          else pkt.mark = ((pkt.mark & ~t.nfmask) ^ (ct.mark & t.ctmask)) >>> 0;
        }
        steps.push({
          kind: 'rule',
          table: tname,
          chain: cname,
          index,
          text,
          verdict: 'continue',
          target: 'CONNMARK',
          ...(pkt.mark !== fromMark ? { mark: { from: fromMark, to: pkt.mark } } : {}),
          ...(ct && ct.mark !== fromCt ? { connmark: { from: fromCt, to: ct.mark } } : {}),
        });
        break;
      }
      case 'ACCEPT':
        steps.push(ruleStep(tname, cname, index, text, 'accept', 'ACCEPT'));
        return { verdict: 'ACCEPT', table: tname, chain: cname, index, ruleText: text, rule };
      case 'DROP':
        steps.push(ruleStep(tname, cname, index, text, 'drop', 'DROP'));
        return { verdict: 'DROP', table: tname, chain: cname, index, ruleText: text, rule };
      case 'REJECT':
        steps.push(ruleStep(tname, cname, index, text, 'reject', 'REJECT'));
        return {
          verdict: 'DROP',
          reject: t.with,
          table: tname,
          chain: cname,
          index,
          ruleText: text,
          rule,
        };
      case 'RETURN': {
        steps.push(ruleStep(tname, cname, index, text, 'return', 'RETURN'));
        const back = stack?.pop();
        if (!back) {
          // RETURN in a built-in chain: the policy decides
          const verdict = chain.policy ?? 'ACCEPT';
          steps.push(policyStep(tname, cname, verdict));
          return { verdict, table: tname, chain: cname, index: null };
        }
        chain = back.chain;
        i = back.next;
        break;
      }
      case 'jump':
      case 'goto': {
        const target = table.chains.get(t.chain);
        steps.push(ruleStep(tname, cname, index, text, t.kind, t.chain));
        if (!target) break; // validated at compile time; defensive
        if (t.kind === 'jump') (stack ??= []).push({ chain, next: i });
        chain = target;
        i = 0;
        enter(env, tname, chain);
        break;
      }
      case 'DNAT':
      case 'SNAT':
      case 'MASQUERADE':
      case 'NETMAP':
      case 'REDIRECT': {
        const at = steps.length;
        steps.push(ruleStep(tname, cname, index, text, 'accept', t.kind));
        const verdict = env.nat ? env.nat.nat(t, rule) : 'ACCEPT';
        if (verdict === 'DROP') steps[at] = ruleStep(tname, cname, index, text, 'drop', t.kind);
        return { verdict, table: tname, chain: cname, index, ruleText: text, rule };
      }
    }
  }
  throw new Error('natlab engine invariant failed: chain walk did not terminate');
}
