/**
 * Parses the text of one iptables rule — what follows `-A CHAIN` in `iptables -S` — exactly as
 * `iptables -t TABLE -A CHAIN <text>` (iptables 1.8.9, nf_tables backend) would: accepted iff iptables and
 * the kernel accept it, normalised the way `iptables -S` prints it back (see {@link ./print-rule.ts}).
 * Checked against the real iptables by __golden__/iptables-corpus.json.
 */
import type { Rule, TableName } from '../model/netfilter.ts';
import { err, ok, type Result } from '../util/result.ts';
import { xtParse } from './parse-core.ts';
import { storeRule } from './rule-store.ts';
import { tokenizeShell, type Token } from './tokenize.ts';
import { XtError } from './xt-ext.ts';

export interface RuleParseError {
  /** What is wrong: iptables' own words where it has any, then natlab's explanation. */
  readonly message: string;
  /** 0-based column in the rule text of the offending token. */
  readonly column?: number;
  /** The offending token (after quote removal). */
  readonly token?: string;
  /** The message exactly as iptables prints it (after `iptables v1.8.9 (nf_tables): `), if iptables would fail too. */
  readonly iptables?: string;
  /** iptables accepts the rule, but natlab cannot simulate it. */
  readonly unsupported?: boolean;
}

export interface ParseRuleCtx {
  readonly table: TableName;
  readonly chain: string;
  /**
   * User chains declared so far (iptables-restore announces them): `-j NAME` is then a jump to the chain
   * even when NAME is also an extension target such as LOG.
   */
  readonly userChains?: ReadonlySet<string>;
}

const PROGRAMS = new Set([
  'iptables',
  'iptables-nft',
  'iptables-legacy',
  'ip6tables',
  'sudo',
  'iptables-restore',
]);

function toError(e: XtError, argv: readonly string[], tokens?: readonly Token[]): RuleParseError {
  const idx = e.detail.token;
  const tok = idx !== undefined ? argv[idx] : undefined;
  const column = idx !== undefined ? tokens?.[idx]?.start : undefined;
  const raw = e.message.trim();
  const message = e.detail.unsupported
    ? `${raw}: ${e.detail.explain ?? ''}`.trim()
    : e.detail.explain
      ? `${raw} — ${e.detail.explain}`
      : raw;
  return {
    message,
    ...(column !== undefined ? { column } : {}),
    ...(tok !== undefined ? { token: tok } : {}),
    ...(e.detail.unsupported ? { unsupported: true } : { iptables: raw }),
  };
}

function run(
  argv: readonly string[],
  ctx: ParseRuleCtx,
  tokens?: readonly Token[],
): Result<Rule, RuleParseError> {
  const first = argv[0];
  if (first !== undefined && PROGRAMS.has(first)) {
    const e = new XtError(`Bad argument \`${first}'`, {
      token: 0,
      explain: `paste only the rule itself: drop "${first} … -A CHAIN" (the table and chain come from where the rule is written).`,
    });
    return err(toError(e, argv, tokens));
  }
  try {
    return ok(storeRule(xtParse(argv, ctx), ctx));
  } catch (e) {
    if (e instanceof XtError) return err(toError(e, argv, tokens));
    throw e;
  }
}

/** Parses a rule given as argv (already split, e.g. from iptables-restore input). */
export function parseRuleArgs(argv: readonly string[], ctx: ParseRuleCtx): Result<Rule, RuleParseError> {
  return run([...argv], ctx);
}

/** Parses a rule given as one line of text, split like a POSIX shell splits it. */
export function parseRule(text: string, ctx: ParseRuleCtx): Result<Rule, RuleParseError> {
  const t = tokenizeShell(text);
  if (!t.ok) return err({ message: t.error.message, column: t.error.column });
  return run(
    t.value.map((x) => x.text),
    ctx,
    t.value,
  );
}
