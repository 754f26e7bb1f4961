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
