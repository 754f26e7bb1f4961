/**
 * `iptables-restore <<'EOF' … EOF` in a namespace: the here-document is read by the engine's
 * iptables-restore parser (src/engine/netfilter/parse-save.ts), and each table it names replaces that
 * table (a table left empty by it is gone, as after `*table` … `COMMIT` with nothing in between).
 * A problem in the input is reported on its own line of the script; nothing is applied then, as
 * iptables-restore applies all or nothing.
 */
import { TABLES, type TableName } from '../model/netfilter.ts';
import { parseIptablesSave } from '../netfilter/parse-save.ts';
import { newWorkTable, restoreArgs } from './cmd-iptables.ts';
import { targetNs, type Ctx } from './context.ts';
import { unsupported } from './issues.ts';

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
