/** The document's iptables section → a {@link Ruleset}, every rule parsed like iptables 1.8 parses it. */
import {
  CHAIN_OF_HOOK,
  HOOK_OF_CHAIN,
  TABLES,
  TABLE_HOOKS,
  type Chain,
  type Rule,
  type Ruleset,
  type Table,
  type TableName,
} from '../model/netfilter.ts';
import { parseRule } from '../netfilter/parse-rule.ts';
import { validateRuleset } from '../netfilter/validate-ruleset.ts';
import type { DeviceDoc } from './format.ts';
import { keyPath, type Issues } from './issues.ts';

const BUILTIN_TARGETS = new Set(['ACCEPT', 'DROP', 'RETURN', 'QUEUE', 'NFQUEUE']);

/** Where each compiled rule came from: `devices[i].iptables.T.C.rules[k]`. */
export type RulePaths = Map<Rule, string>;

export function compileIptables(d: DeviceDoc, path: string, issues: Issues, paths: RulePaths): Ruleset {
  const ruleset = new Map<TableName, Table>();
  const doc = d.iptables ?? {};
  const chainPaths = new Map<string, string>();
  for (const [tname, chains] of Object.entries(doc)) {
    const tpath = `${path}.iptables.${tname}`;
    if (!(TABLES as readonly string[]).includes(tname)) {
      issues.error(tpath, `unknown table "${tname}" (iptables tables: ${TABLES.join(', ')})`);
      continue;
    }
    const table = tname as TableName;
    const builtins = TABLE_HOOKS[table].map((h) => CHAIN_OF_HOOK[h]);
    const out = new Map<string, Chain>(builtins.map((n) => [n, { name: n, policy: 'ACCEPT', rules: [] }]));
    for (const [cname, cdoc] of Object.entries(chains ?? {})) {
      const cpath = `${tpath}${keyPath(cname)}`;
      const builtin = builtins.includes(cname);
      if (!builtin) {
        if (cname in HOOK_OF_CHAIN) {
          issues.error(cpath, `the ${table} table has no ${cname} chain (it has ${builtins.join(', ')})`);
          continue;
        }
        const bad = chainNameProblem(cname);
        if (bad) {
          issues.error(cpath, bad);
          continue;
        }
      }
      const list = Array.isArray(cdoc)
        ? (cdoc as readonly string[])
        : ((cdoc as { rules?: readonly string[] }).rules ?? []);
      const policy = Array.isArray(cdoc) ? undefined : (cdoc as { policy?: 'ACCEPT' | 'DROP' }).policy;
      if (policy !== undefined && !builtin)
        issues.error(
          `${cpath}.policy`,
          `user-defined chain ${cname} cannot have a policy (only built-in chains do)`,
        );
      const rulesPath = Array.isArray(cdoc) ? cpath : `${cpath}.rules`;
      const rules: Rule[] = [];
      list.forEach((text, k) => {
        const rp = `${rulesPath}[${k}]`;
        const r = parseRule(text, { table, chain: cname });
        if (!r.ok) {
          const at = r.error.column !== undefined ? ` (at column ${r.error.column + 1})` : '';
          issues.error(rp, `${r.error.message}${at}`);
          return;
        }
        rules.push(r.value);
        paths.set(r.value, rp);
      });
      out.set(cname, { name: cname, policy: builtin ? (policy ?? 'ACCEPT') : null, rules });
      chainPaths.set(`${table}/${cname}`, cpath);
    }
    ruleset.set(table, { name: table, chains: out });
  }
  for (const p of validateRuleset(ruleset)) {
    const cpath = chainPaths.get(`${p.table}/${p.chain}`) ?? `${path}.iptables.${p.table}${keyPath(p.chain)}`;
    const chainDoc = doc[p.table]?.[p.chain];
    const rulesPath = chainDoc !== undefined && !Array.isArray(chainDoc) ? `${cpath}.rules` : cpath;
    issues.error(p.rule !== undefined ? `${rulesPath}[${p.rule}]` : cpath, p.message);
  }
  return ruleset;
}

/** iptables' chain-name rules (`xtables_chain_protect` / `iptables_check_chain_name`). */
function chainNameProblem(name: string): string | null {
  if (name.length === 0) return 'empty chain name';
  if (name.length > 28) return `chain name "${name}" is longer than 28 characters`;
  if (name.startsWith('-') || name.startsWith('!')) return `invalid chain name "${name}"`;
  if (/\s/.test(name)) return `invalid chain name "${name}" (no white space)`;
  if (BUILTIN_TARGETS.has(name)) return `"${name}" is a target, not a chain name`;
  return null;
}
