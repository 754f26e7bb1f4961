/**
 * `iptables-restore <<'EOF' … EOF` in a namespace: the here-document is read by the engine's
 * iptables-restore parser (src/engine/netfilter/parse-save.ts), and each table it names replaces that
 * table (a table left empty by it is gone, as after `*table` … `COMMIT` with nothing in between).
 * With `-n`/`--noflush` the tables are not replaced: the input applies on top of what they hold, with
 * the restore commands of src/engine/netfilter/restore-command.ts, and a user chain it declares
 * (`:CHAIN - [0:0]`) is flushed first, as xtables-restore does. A problem in the input is reported on its
 * own line of the script; nothing is applied then, as iptables-restore applies all or nothing.
 */
import {
  TABLES,
  type Chain,
  type Rule,
  type Ruleset,
  type Table,
  type TableName,
} from '../model/netfilter.ts';
import { parseIptablesSave } from '../netfilter/parse-save.ts';
import { chainNameProblem, restoreCommand, type WorkTable } from '../netfilter/restore-command.ts';
import { tokenizeRestore } from '../netfilter/tokenize.ts';
import { validateRuleset } from '../netfilter/validate-ruleset.ts';
import { newWorkTable, restoreArgs } from './cmd-iptables.ts';
import { targetNs, type Ctx } from './context.ts';
import { unsupported } from './issues.ts';
import type { Ns } from './model.ts';

export function runRestore(c: Ctx, args: readonly string[]): void {
  const mode = restoreArgs(args);
  if (mode === 'ipv6') return c.warn('IPv6 is not modelled: these rules are left out');
  if (mode === 'test') return c.harmless('iptables-restore --test');
  const ns = targetNs(c);
  const h = c.cmd.heredoc;
  if (!h)
    unsupported(
      "iptables-restore reads its rules from standard input: give them as a here-document (iptables-restore <<'EOF' … EOF)",
    );
  if (mode === 'noflush') return restoreNoflush(c, ns, h.body, h.line);
  const r = parseIptablesSave(h.body);
  if (!r.ok) {
    for (const e of r.error) {
      const bodyLine = Math.min(Math.max(e.line, 1), h.body.split('\n').length);
      c.issueAt(h.line + bodyLine - 1, e.message);
    }
    return;
  }
  const named = new Set<TableName>();
  for (const line of h.body.split('\n')) {
    const m = /^\*(\S+)/.exec(line);
    if (m && (TABLES as readonly string[]).includes(m[1]!)) named.add(m[1] as TableName);
  }
  for (const name of named) {
    const t = r.value.get(name);
    if (!t) {
      ns.tables.delete(name);
      continue;
    }
    const w = newWorkTable(name);
    w.exists = true;
    w.chains.clear();
    for (const [cname, ch] of t.chains) {
      w.chains.set(cname, { policy: ch.policy, rules: [...ch.rules] });
      for (const rule of ch.rules) ns.ruleLines.set(rule, c.line);
    }
    ns.tables.set(name, w);
    ns.tableLines.set(name, c.line);
  }
}

const clone = (w: WorkTable): WorkTable => ({
  name: w.name,
  exists: w.exists,
  chains: new Map([...w.chains].map(([k, v]) => [k, { policy: v.policy, rules: [...v.rules] }])),
  builtins: w.builtins,
});

/** `xtables_restore_parse()` with `noflush` set, on copies of the namespace's tables. */
function restoreNoflush(c: Ctx, ns: Ns, body: string, first: number): void {
  const lines = body.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const staged = new Map<TableName, WorkTable>();
  const ruleLines = new Map<Rule, number>();
  let failed = false;
  let cur: WorkTable | null = null;
  const fail = (n: number, message: string) => {
    failed = true;
    c.issueAt(first + n - 1, message);
  };
  lines.forEach((line, i) => {
    const n = i + 1;
    if (line === '' || line[0] === '#') return;
    if (cur && line === 'COMMIT') {
      staged.set(cur.name, cur);
      cur = null;
      return;
    }
    if (line[0] === '*' && !cur) {
      const name = line.slice(1).split(/[ \t]+/)[0] ?? '';
      if (!(TABLES as readonly string[]).includes(name))
        return fail(n, `iptables-restore: line ${n} table name '${name}' invalid`);
      const have = staged.get(name as TableName) ?? ns.tables.get(name as TableName);
      cur = have ? clone(have) : newWorkTable(name as TableName);
      return;
    }
    if (!cur)
      return fail(n, `iptables-restore: line ${n} failed — rules and chains must come after a *table line`);
    const t: WorkTable = cur;
    if (line[0] === ':') {
      const [chain, policy] = line
        .slice(1)
        .split(/[ \t]+/)
        .filter((w) => w !== '');
      if (chain === undefined) return fail(n, `iptables-restore: line ${n} chain name invalid`);
      if (policy === undefined) return fail(n, `iptables-restore: line ${n} policy invalid`);
      if (t.builtins.has(chain)) {
        if (policy !== 'ACCEPT' && policy !== 'DROP' && policy !== '-')
          return fail(n, `iptables-restore: line ${n} failed: Bad policy name.`);
        if (policy !== '-') t.chains.get(chain)!.policy = policy;
      } else {
        const bad = chainNameProblem(chain);
        if (bad) return fail(n, bad);
        const have = t.chains.get(chain);
        // "Apparently -n still flushes existing user defined chains that are redefined."
        if (have) have.rules.length = 0;
        else t.chains.set(chain, { policy: null, rules: [] });
      }
      t.exists = true;
      return;
    }
    const text = line.replace(/^\[\d+:\d+\]\s*/, '');
    const problem = restoreCommand(
      t,
      tokenizeRestore(text).map((x) => x.text),
      n,
      ruleLines,
    );
    if (problem) fail(n, problem);
  });
  if (cur) fail(lines.length + 1, `iptables-restore: COMMIT expected at line ${lines.length + 1}`);
  if (failed) return;
  const ruleset = new Map<TableName, Table>();
  for (const [name, w] of new Map([...ns.tables, ...staged]))
    ruleset.set(name, {
      name,
      chains: new Map(
        [...w.chains].map(([k, v]): [string, Chain] => [
          k,
          { name: k, policy: w.builtins.has(k) ? v.policy : null, rules: v.rules },
        ]),
      ),
    });
  const problems = validateRuleset(ruleset as Ruleset).filter((p) => staged.has(p.table));
  for (const p of problems) {
    const rule = p.rule !== undefined ? staged.get(p.table)?.chains.get(p.chain)?.rules[p.rule] : undefined;
    fail(rule ? (ruleLines.get(rule) ?? 1) : 1, `${p.table} ${p.chain}: ${p.message}`);
  }
  if (failed) return;
  for (const [name, w] of staged) {
    ns.tables.set(name, w);
    ns.tableLines.set(name, c.line);
  }
  for (const rule of ruleLines.keys()) ns.ruleLines.set(rule, c.line);
}
