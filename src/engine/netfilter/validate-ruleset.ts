/**
 * Whole-ruleset checks iptables-nft 1.8.9 and the kernel make when rules are added or committed:
 * jump/goto targets must be existing user chains of the same table (`Chain 'X' does not exist`; a
 * built-in chain is refused), a target must be valid in its table and in every hook its chain is reachable
 * from (nft validates user chains through jumps, `nft_chain_validate()`), and no loop may be reachable
 * from a built-in chain (`Too many links`). A loop among chains no built-in chain reaches is accepted by
 * the kernel (verified), so it is not reported. Verified against __golden__/iptables-rulesets.json.
 */
import {
  CHAIN_OF_HOOK,
  TABLE_HOOKS,
  type Hook,
  type Ruleset,
  type TableName,
  type Target,
} from '../model/netfilter.ts';
import { hookProblem, tableProblem } from './target-hooks.ts';

export { TARGET_RESTRICTIONS, type TargetRestriction } from './target-hooks.ts';

export interface RulesetProblem {
  readonly table: TableName;
  readonly chain: string;
  /** Index of the rule in its chain, when the problem is a rule's. */
  readonly rule?: number;
  readonly message: string;
}

const jumpTarget = (t: Target) => (t.kind === 'jump' || t.kind === 'goto' ? t.chain : null);

export function validateRuleset(ruleset: Ruleset): RulesetProblem[] {
  const problems: RulesetProblem[] = [];
  for (const [tname, table] of ruleset) {
    const builtins = new Map<string, Hook>(TABLE_HOOKS[tname].map((h) => [CHAIN_OF_HOOK[h], h]));
    const edges = new Map<string, string[]>();
    for (const [cname, chain] of table.chains) {
      const out: string[] = [];
      chain.rules.forEach((rule, i) => {
        const at = { table: tname, chain: cname, rule: i };
        const to = jumpTarget(rule.target);
        const tp = tableProblem(rule.target.kind, tname);
        if (tp) problems.push({ ...at, message: `${tp} (iptables: RULE_APPEND failed (Invalid argument))` });
        if (to === null) return;
        if (builtins.has(to))
          problems.push({
            ...at,
            message: `cannot jump to the built-in chain ${to}: only user-defined chains can be jump targets`,
          });
        else if (!table.chains.has(to))
          problems.push({
            ...at,
            message: `Chain '${to}' does not exist (create it in the ${tname} table first)`,
          });
        else out.push(to);
      });
      edges.set(cname, out);
    }

    const reach = new Map<string, Set<Hook>>();
    const loops = new Set<string>();
    for (const [bname, hook] of builtins) {
      const path: string[] = [];
      const onPath = new Set<string>();
      // Depth-first, with an explicit stack: thousands of chained user chains must not overflow the JS stack.
      const stack: { c: string; i: number; seenHere: boolean }[] = [];
      const enter = (c: string) => {
        let hooks = reach.get(c);
        if (!hooks) reach.set(c, (hooks = new Set()));
        const seenHere = hooks.has(hook);
        hooks.add(hook);
        path.push(c);
        onPath.add(c);
        stack.push({ c, i: 0, seenHere });
      };
      const visit = (start: string) => {
        enter(start);
        while (stack.length > 0) {
          const top = stack[stack.length - 1]!;
          const nexts = edges.get(top.c) ?? [];
          if (top.i >= nexts.length) {
            path.pop();
            onPath.delete(top.c);
            stack.pop();
            continue;
          }
          const next = nexts[top.i++]!;
          if (onPath.has(next)) {
            loops.add([...path.slice(path.indexOf(next)), next].join(' → '));
            continue;
          }
          if (!top.seenHere || !reach.get(next)?.has(hook)) enter(next);
        }
      };
      if (table.chains.has(bname)) visit(bname);
    }

    for (const loop of loops) {
      const names = loop.split(' → ');
      const from = names[names.length - 2]!;
      const to = names[names.length - 1]!;
      const idx = table.chains.get(from)?.rules.findIndex((r) => jumpTarget(r.target) === to) ?? -1;
      problems.push({
        table: tname,
        chain: from,
        ...(idx >= 0 ? { rule: idx } : {}),
        message: `jump loop ${loop}: a chain reached from a built-in chain may not jump back into itself (iptables: RULE_APPEND failed (Too many links))`,
      });
    }

    for (const [cname, chain] of table.chains) {
      const hooks = reach.get(cname);
      if (!hooks) continue;
      chain.rules.forEach((rule, i) => {
        const bad = [...hooks].map((h) => hookProblem(rule.target.kind, h)).filter((p) => p !== null);
        if (bad.length === 0) return;
        const via = builtins.has(cname)
          ? ''
          : ` (chain ${cname} is reached from ${[...hooks].map((h) => CHAIN_OF_HOOK[h]).join(', ')})`;
        problems.push({
          table: tname,
          chain: cname,
          rule: i,
          message: `${bad[0]}${via} (iptables: RULE_APPEND failed (Invalid argument))`,
        });
      });
    }
  }
  return problems;
}
