/**
 * One device's netfilter ruleset as an `nft -f` file in native nft syntax: the tables, base chains
 * (type, hook, priority and policy exactly as iptables-nft 1.8.9 registers them: `nft list ruleset`
 * after iptables-restore) and user chains iptables-nft would install, each rule translated by
 * nft-rule.ts. Like the namespace script's iptables-restore input, built-in chains without rules and
 * with policy ACCEPT are left out (iptables-nft does not register them either when rules are added
 * with `iptables -A`). Each table replaces the one of the same name (`table` + `delete table`, as
 * iptables-restore replaces a table); other tables are left alone. Rules nft cannot express exactly are
 * kept as `# untranslatable:` comments and listed in the warnings.
 */
import type { Device } from '../model/device.ts';
import {
  CHAIN_OF_HOOK,
  HOOK_OF_CHAIN,
  TABLE_HOOKS,
  type Chain,
  type Hook,
  type Table,
  type TableName,
} from '../model/netfilter.ts';
import type { Network } from '../model/network.ts';
import { SAVE_TABLE_ORDER } from '../netfilter/iptables-save.ts';
import { formatRule } from '../netfilter/print-rule.ts';
import { chainIsLive } from '../netfilter/walk.ts';
import { deviceTitle, type ExportText } from './device.ts';
import { nftChainNameProblem } from './nft-names.ts';
import { nftRule } from './nft-rule.ts';
import { shComment } from './shell.ts';

/** `type … hook … priority …` of iptables-nft's base chains (iptables/nft.c `xtables_ipv4`, as listed by nft 1.0.6). */
function baseChainSpec(table: TableName, hook: Hook): string {
  const type = table === 'nat' ? 'nat' : table === 'mangle' && hook === 'output' ? 'route' : 'filter';
  const priority =
    table === 'nat'
      ? { prerouting: 'dstnat', postrouting: 'srcnat', input: '100', output: '-100', forward: '0' }[hook]
      : table === 'security'
        ? '150'
        : table;
  return `type ${type} hook ${hook} priority ${priority};`;
}

/** The built-in hooks from which each chain of the table is reached (through -j and -g). */
function reachingHooks(t: Table): Map<string, Set<Hook>> {
  const hooks = new Map<string, Set<Hook>>([...t.chains.keys()].map((n) => [n, new Set<Hook>()]));
  for (const hook of TABLE_HOOKS[t.name]) {
    const stack = [CHAIN_OF_HOOK[hook]];
    while (stack.length) {
      const name = stack.pop()!;
      const seen = hooks.get(name);
      if (!seen || seen.has(hook)) continue;
      seen.add(hook);
      for (const r of t.chains.get(name)?.rules ?? [])
        if (r.target.kind === 'jump' || r.target.kind === 'goto') stack.push(r.target.chain);
    }
  }
  return hooks;
}

/** `# …` inside the ruleset: one line, whatever the rule text holds. */
const nftComment = (s: string) => shComment(s);

function chainLines(t: Table, c: Chain, hooks: Map<string, Set<Hook>>, warnings: string[]): string[] {
  const out: string[] = [];
  const hook = c.policy !== null ? HOOK_OF_CHAIN[c.name] : undefined;
  if (hook) out.push(`\t\t${baseChainSpec(t.name, hook)} policy ${c.policy === 'DROP' ? 'drop' : 'accept'};`);
  const ctx = { hooks: hooks.get(c.name) ?? new Set<Hook>(), chainProblem: nftChainNameProblem };
  c.rules.forEach((r, k) => {
    const res = nftRule(r, ctx);
    if (!res.ok) {
      // the iptables text only where it is shown: printing every rule twice doubles a large export
      const iptables = `-A ${c.name} ${formatRule(r)}`.trimEnd();
      out.push(`\t\t${nftComment(`untranslatable: ${iptables} (${res.error})`)}`);
      warnings.push(`${t.name} ${c.name} rule ${k + 1} untranslatable: ${iptables}: ${res.error}`);
      return;
    }
    out.push(`\t\t${res.value.text}`);
    for (const n of res.value.notes) warnings.push(`${t.name} ${c.name} rule ${k + 1}: ${n}`);
  });
  return out;
}

export function nftRuleset(net: Network, d: Device): ExportText {
  const warnings: string[] = [];
  const blocks: string[] = [];
  const names: string[] = [];
  for (const name of SAVE_TABLE_ORDER) {
    const t = d.ruleset.get(name);
    if (!t) continue;
    const chains = [...t.chains.values()].filter((c) => c.policy === null || chainIsLive(c));
    if (chains.length === 0) continue;
    const hooks = reachingHooks(t);
    const body: string[] = [];
    for (const c of chains) {
      const bad = c.policy === null ? nftChainNameProblem(c.name) : null;
      if (bad) {
        body.push(`\t${nftComment(`untranslatable: chain ${c.name} (${bad}), with its rules:`)}`);
        for (const r of c.rules) body.push(`\t${nftComment(`  -A ${c.name} ${formatRule(r)}`.trimEnd())}`);
        warnings.push(`${name} chain ${c.name} untranslatable: ${bad}`);
        continue;
      }
      if (body.length) body.push('');
      body.push(`\tchain ${c.name} {`, ...chainLines(t, c, hooks, warnings), '\t}');
    }
    names.push(`ip ${name}`);
    blocks.push(`table ip ${name}`, `delete table ip ${name}`, `table ip ${name} {`, ...body, '}');
  }
  const out = [
    '#!/usr/sbin/nft -f',
    nftComment(
      `natlab: netfilter ruleset of ${deviceTitle(net, d)}, in nft syntax as iptables-nft installs it`,
    ),
  ];
  if (names.length)
    out.push(
      `# replaces the table${names.length > 1 ? 's' : ''} ${names.join(', ')} (other tables are left alone)`,
    );
  else out.push('# the device has no iptables rules');
  out.push(...blocks, '');
  return { text: out.join('\n'), warnings };
}
