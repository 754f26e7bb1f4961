/** Routing policy database (ip-rule(8)): selector + action, tried in ascending preference. */
import type { Cidr } from '../addr/ipv4.ts';
import type { PortRange } from './netfilter.ts';

export type RuleAction = 'lookup' | 'blackhole' | 'unreachable' | 'prohibit' | 'goto' | 'nop';

export interface RpdbRule {
  readonly pref: number;
  /** `not`: invert the whole selector. */
  readonly not: boolean;
  readonly from?: Cidr;
  readonly to?: Cidr;
  readonly iif?: string;
  readonly oif?: string;
  /** Match iff `(mark ^ value) & mask == 0` (fib4_rule_match / fib_rule_match). */
  readonly fwmark?: { readonly value: number; readonly mask: number };
  readonly tos?: number;
  readonly ipproto?: number;
  readonly sport?: PortRange;
  readonly dport?: PortRange;
  readonly action: RuleAction;
  /** For `lookup`. */
  readonly table?: number;
  /** For `goto`: target preference. */
  readonly goto?: number;
  /** `suppress_prefixlength N`: ignore results with prefix length ≤ N. */
  readonly suppressPrefixlength?: number;
}

const cidrKey = (c: Cidr | undefined) => (c ? `${c.addr >>> 0}/${c.len}` : '');
const rangeKey = (p: PortRange | undefined) => (p ? `${p.min}-${p.max}` : '');

/**
 * `rule_exists()` (net/core/fib_rules.c) with `fib4_rule_compare()`: `ip rule add` of a rule equal to an
 * existing one in every attribute is refused with "File exists" — except `not`, which lives in the
 * header's flags that the kernel does not compare (verified on Linux 6.18: `ip rule add pref 100 not from
 * 10.0.0.0/8 lookup 5` after the same rule without `not` → File exists; so is `fwmark 0` after no fwmark).
 */
export function sameRuleForAdd(a: Omit<RpdbRule, 'not'>, b: Omit<RpdbRule, 'not'>): boolean {
  return (
    a.pref === b.pref &&
    cidrKey(a.from) === cidrKey(b.from) &&
    cidrKey(a.to) === cidrKey(b.to) &&
    a.iif === b.iif &&
    a.oif === b.oif &&
    // no fwmark is mark 0 mask 0 in the kernel, as is `fwmark 0`
    (a.fwmark?.value ?? 0) === (b.fwmark?.value ?? 0) &&
    (a.fwmark?.mask ?? 0) === (b.fwmark?.mask ?? 0) &&
    (a.tos ?? 0) === (b.tos ?? 0) &&
    a.ipproto === b.ipproto &&
    rangeKey(a.sport) === rangeKey(b.sport) &&
    rangeKey(a.dport) === rangeKey(b.dport) &&
    a.action === b.action &&
    a.table === b.table &&
    a.goto === b.goto &&
    a.suppressPrefixlength === b.suppressPrefixlength
  );
}
