/**
 * `iptables-save` output → the device's `iptables` section, parsed as iptables-restore 1.8.9 parses it
 * (netfilter/parse-save.ts: `*table`, `:CHAIN POLICY`, `-A …`, `COMMIT`, counters and comments). Built-in
 * chains without rules and with policy ACCEPT are left out (the lab creates them); a table that exists
 * stays, even empty, as iptables-save prints it.
 */
import type { ChainDoc, DeviceDoc } from '../../lab/format.ts';
import { TABLE_HOOKS, CHAIN_OF_HOOK, type TableName } from '../../model/netfilter.ts';
import { SAVE_TABLE_ORDER } from '../../netfilter/iptables-save.ts';
import { parseIptablesSave } from '../../netfilter/parse-save.ts';
import { parseRule } from '../../netfilter/parse-rule.ts';
import { formatRule } from '../../netfilter/print-rule.ts';
import { tokenizeRestore } from '../../netfilter/tokenize.ts';
import { shq } from '../../export/shell.ts';
import type { Rule } from '../../model/netfilter.ts';
import { dumpLines, type DumpIssue } from './issues.ts';

export function parseIptables(text: string, issues: DumpIssue[]): NonNullable<DeviceDoc['iptables']> {
  const lines = dumpLines(text);
  const r = parseIptablesSave(lines.map((l) => l.text).join('\n'));
  if (!r.ok) {
    for (const e of r.error)
      issues.push({
        source: 'iptables-save',
        line: e.line,
        text: lines[e.line - 1]?.text ?? '',
        message: e.message,
      });
    return {};
  }
  const out: Partial<Record<TableName, Record<string, ChainDoc>>> = {};
  for (const name of SAVE_TABLE_ORDER) {
    const t = r.value.get(name);
    if (!t) continue;
    const builtins = TABLE_HOOKS[name].map((h) => CHAIN_OF_HOOK[h]);
    const chains: Record<string, ChainDoc> = {};
    for (const c of t.chains.values()) {
      const rules = c.rules.map((x) => ruleText(x, name, c.name));
      if (!builtins.includes(c.name)) chains[c.name] = rules;
      else if (c.policy === 'DROP') chains[c.name] = { policy: 'DROP', rules };
      else if (rules.length) chains[c.name] = rules;
    }
    out[name] = chains;
  }
  return out;
}

/** Rule text whose every word is one the shell leaves alone (shq's safe set), one blank apart. */
const PLAIN_WORDS = /^[A-Za-z0-9_./:=+@%^,-]+(?: [A-Za-z0-9_./:=+@%^,-]+)*$/;

/**
 * The rule as the lab writes it: `iptables -S` text, which the lab reads with shell quoting — so a value
 * that iptables-save double-quotes but the shell would expand (`$`, a backquote) is single-quoted instead.
 * Text of plain words needs no check: both branches below would give it back unchanged (most rules of a
 * large ruleset; the check parses the rule a second time).
 */
function ruleText(r: Rule, table: TableName, chain: string): string {
  const text = formatRule(r);
  if (PLAIN_WORDS.test(text)) return text;
  const back = parseRule(text, { table, chain });
  if (back.ok && formatRule(back.value) === text) return text;
  return tokenizeRestore(text)
    .map((t) => shq(t.text))
    .join(' ');
}
