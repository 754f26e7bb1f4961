/**
 * iptables-save / iptables-restore input → a Ruleset, with the semantics of iptables-restore 1.8.9
 * (nf_tables), `xtables_restore_parse_line()` in iptables/xtables-restore.c: `*table` starts a table
 * from scratch (it is deleted and exists again only once a chain line or command touches it), `:CHAIN
 * POLICY [p:b]` sets a built-in chain's policy or declares a user chain (counters are not checked),
 * every other line is an iptables command (-A, -I, -D, -N, -X, -P, -F, …) split by the restore tokenizer,
 * `COMMIT` ends the table, `#` lines and empty lines are skipped. Errors carry 1-based line numbers.
 */
import {
  CHAIN_OF_HOOK,
  TABLES,
  TABLE_HOOKS,
  type Chain,
  type Rule,
  type Ruleset,
  type Table,
  type TableName,
} from '../model/netfilter.ts';
import { err, ok, type Result } from '../util/result.ts';
import { chainNameProblem, restoreCommand, type WorkTable } from './restore-command.ts';
import { tokenizeRestore } from './tokenize.ts';
import { validateRuleset } from './validate-ruleset.ts';

export { chainNameProblem };

export interface SaveParseError {
  readonly line: number;
  readonly message: string;
}

const newTable = (name: TableName): WorkTable => ({
  name,
  exists: false,
  chains: new Map(
    TABLE_HOOKS[name].map((h) => [CHAIN_OF_HOOK[h], { policy: 'ACCEPT' as const, rules: [] as Rule[] }]),
  ),
  builtins: new Set(TABLE_HOOKS[name].map((h) => CHAIN_OF_HOOK[h])),
});

export function parseIptablesSave(text: string): Result<Ruleset, SaveParseError[]> {
  const errors: SaveParseError[] = [];
  const committed = new Map<TableName, WorkTable>();
  const ruleLines = new Map<Rule, number>();
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let cur: WorkTable | null = null;
  let skipping = false;

  lines.forEach((line, i) => {
    const n = i + 1;
    const fail = (message: string): void => {
      errors.push({ line: n, message });
    };
    if (line === '' || line[0] === '#') return;
    if (skipping) {
      if (line === 'COMMIT') skipping = false;
      return;
    }
    if (cur && line.startsWith('COMMIT') && line.length === 6) {
      if (cur.exists) committed.set(cur.name, cur);
      else committed.delete(cur.name);
      cur = null;
      return;
    }
    if (line[0] === '*' && !cur) {
      const name = line.slice(1).split(/[ \t]+/)[0] ?? '';
      if (!(TABLES as readonly string[]).includes(name)) {
        skipping = true;
        const crlf = name.endsWith('\r')
          ? ' (the file has Windows line endings; iptables-restore needs \\n only)'
          : '';
        return fail(
          name === ''
            ? `iptables-restore: line ${n} table name invalid`
            : `iptables-restore: line ${n} table name '${name}' invalid${crlf}`,
        );
      }
      cur = newTable(name as TableName);
      return;
    }
    if (!cur)
      return fail(`iptables-restore: line ${n} failed — rules and chains must come after a *table line`);
    const table: WorkTable = cur;
    if (line[0] === ':') {
      const [chain, policy] = line
        .slice(1)
        .split(/[ \t]+/)
        .filter((s) => s !== '');
      if (chain === undefined) return fail(`iptables-restore: line ${n} chain name invalid`);
      const bad = chainNameProblem(chain);
      if (bad) return fail(bad);
      if (policy === undefined) return fail(`iptables-restore: line ${n} policy invalid`);
      const c = table.chains.get(chain);
      if (table.builtins.has(chain)) {
        if (policy !== 'ACCEPT' && policy !== 'DROP' && policy !== '-')
          return fail(
            `iptables-restore: line ${n} failed: Bad policy name. (a built-in chain's policy is ACCEPT or DROP)`,
          );
        if (policy !== '-' && c) c.policy = policy;
      } else if (!c) table.chains.set(chain, { policy: null, rules: [] });
      table.exists = true;
      return;
    }
    const problem = restoreCommand(
      table,
      tokenizeRestore(stripCounters(line)).map((t) => t.text),
      n,
      ruleLines,
    );
    if (problem) fail(problem);
  });
  if (cur)
    errors.push({
      line: lines.length + 1,
      message: `iptables-restore: COMMIT expected at line ${lines.length + 1}`,
    });

  const ruleset = new Map<TableName, Table>();
  for (const [name, w] of committed) {
    const chains = new Map<string, Chain>();
    for (const [cname, c] of w.chains)
      chains.set(cname, { name: cname, policy: w.builtins.has(cname) ? c.policy : null, rules: c.rules });
    ruleset.set(name, { name, chains });
  }
  for (const p of validateRuleset(ruleset)) {
    const rule = p.rule !== undefined ? ruleset.get(p.table)?.chains.get(p.chain)?.rules[p.rule] : undefined;
    errors.push({ line: (rule && ruleLines.get(rule)) ?? 0, message: `${p.table} ${p.chain}: ${p.message}` });
  }
  return errors.length ? err(errors.sort((a, b) => a.line - b.line)) : ok(ruleset);
}

/** `tokenize_rule_counters()`: a leading `[packets:bytes]` is not part of the command. */
function stripCounters(line: string): string {
  const m = /^\[\d+:\d+\]\s*/.exec(line);
  return m ? line.slice(m[0].length) : line;
}
