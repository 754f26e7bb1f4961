/** The RPDB rules behind a route step's visits (matched by preference and `ip rule` text). */
import type { Device } from '../model/device.ts';
import { tableName } from '../model/route.ts';
import type { RpdbRule } from '../model/rpdb.ts';
import type { RuleVisitView } from '../sim/steps.ts';
import { formatRuleLine } from '../tools/ip-rule-show.ts';
import { hex, markPair } from './phrases.ts';

/** The device's rule a visit printed, or undefined (no device, or the lab changed since the trace). */
export function rpdbRuleOfVisit(v: RuleVisitView, device: Device | undefined): RpdbRule | undefined {
  return device?.rules.find((r) => r.pref === v.pref && formatRuleLine(r) === v.text);
}

/** The rule's table: from the rule, else from its `lookup T` text. */
export function visitTable(v: RuleVisitView, rule: RpdbRule | undefined): string | undefined {
  if (rule) return rule.action === 'lookup' && rule.table !== undefined ? tableName(rule.table) : undefined;
  return /\blookup (\S+)/.exec(v.text)?.[1];
}

/** `fwmark 0x2/0x2` of the rule (value and mask), if it selects on the mark. */
export function visitFwmark(
  v: RuleVisitView,
  rule: RpdbRule | undefined,
): { readonly value: number; readonly mask: number } | undefined {
  if (rule)
    return rule.fwmark && (rule.fwmark.value !== 0 || rule.fwmark.mask !== 0) ? rule.fwmark : undefined;
  const m = /\bfwmark (0x[0-9a-f]+)(?:\/(0x[0-9a-f]+))?/.exec(v.text);
  if (!m) return undefined;
  return { value: parseInt(m[1]!, 16), mask: m[2] ? parseInt(m[2], 16) : 0xffffffff };
}

/** Whether the rule has any selector at all (`from all lookup main` has none). */
export function visitHasSelector(v: RuleVisitView): boolean {
  return /^(not )?from (?!all\b)|\b(to|fwmark|iif|oif|tos|ipproto|sport|dport) /.test(v.text);
}

/** `fwmark 0x6 matches 0x2/0x2` / `fwmark 0x4 does not match 0x2/0x2`. */
export function fwmarkClause(mark: number, fw: { value: number; mask: number }, matches: boolean): string {
  return `fwmark ${hex(mark)} ${matches ? 'matches' : 'does not match'} ${markPair(fw.value, fw.mask)}`;
}
