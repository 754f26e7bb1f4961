/**
 * One command line of iptables-restore input (`-A`, `-I`, `-D`, `-N`, `-X`, `-P`, `-F`, `-Z`, …), applied to
 * the table being restored, with iptables-restore 1.8.9's messages. `-R` and `-E` are refused: in
 * 1.8.9 (nf_tables) `-R` crashes iptables-restore and `-E` fails on a chain of the same transaction.
 */
import type { Policy, Rule, TableName } from '../model/netfilter.ts';
import { parseRuleArgs } from './parse-rule.ts';
import { formatRule } from './print-rule.ts';

export interface WorkTable {
  readonly name: TableName;
  exists: boolean;
  readonly chains: Map<string, { policy: Policy | null; rules: Rule[] }>;
  readonly builtins: ReadonlySet<string>;
}

/** `assert_valid_chain_name()` (iptables/xshared.c) for a user chain name; null when valid. */
export function chainNameProblem(name: string): string | null {
  if (name.length >= 29) return `chain name \`${name}' too long (must be under 29 chars)`;
  if (name[0] === '-' || name[0] === '!') return `chain name not allowed to start with \`${name[0]}'`;
  if (['ACCEPT', 'DROP', 'QUEUE', 'RETURN'].includes(name))
    return 'chain name may not clash with target name';
  if (/\s/.test(name)) return `Invalid chain name \`${name}'`;
  return null;
}

const COMMANDS: ReadonlyMap<string, string> = new Map([
  ['-A', 'A'],
  ['--append', 'A'],
  ['-I', 'I'],
  ['--insert', 'I'],
  ['-D', 'D'],
  ['--delete', 'D'],
  ['-R', 'R'],
  ['--replace', 'R'],
  ['-N', 'N'],
  ['--new-chain', 'N'],
  ['-X', 'X'],
  ['--delete-chain', 'X'],
  ['-P', 'P'],
  ['--policy', 'P'],
  ['-F', 'F'],
  ['--flush', 'F'],
  ['-Z', 'Z'],
  ['--zero', 'Z'],
  ['-E', 'E'],
  ['--rename-chain', 'E'],
  ['-L', 'L'],
  ['--list', 'L'],
  ['-S', 'S'],
  ['--list-rules', 'S'],
  ['-C', 'C'],
  ['--check', 'C'],
]);

const TABLE_IN_RESTORE = 'The -t option cannot be used in iptables-restore.';

/** `-t`, `-tnat`, `--table`, `--table=nat` (getopt's spellings of the table option). */
const isTableOption = (w: string | undefined) =>
  w !== undefined && (/^-t/.test(w) || w === '--table' || w.startsWith('--table='));

/** `xs_has_arg()`: the next word exists and does not look like an option. */
const hasArg = (w: string | undefined) => w !== undefined && w[0] !== '-' && w[0] !== '!';

const sameRule = (a: Rule, b: Rule) => formatRule(a) === formatRule(b);

/** Applies one command; returns the error message, or null. */
export function restoreCommand(
  t: WorkTable,
  argv: readonly string[],
  line: number,
  ruleLines: Map<Rule, number>,
): string | null {
  if (argv.some((w) => w === '-6' || w === '--ipv6')) return null;
  // getopt reads the line left to right (do_parse, iptables/xshared.c): a word after an option that
  // takes an argument is that argument (`--log-prefix -t`, `--comment -A`), not an option. The command
  // comes first in restore input; before it, `-t` is the table option; after it, the rule parser knows
  // which words are arguments and reports a real -t.
  const k = COMMANDS.has(argv[0] ?? '') ? 0 : argv.findIndex((w) => COMMANDS.has(w));
  if (argv.slice(0, k < 0 ? argv.length : k).some(isTableOption)) return TABLE_IN_RESTORE;
  if (k < 0) return argv.length === 0 ? 'no command specified' : `Bad argument \`${argv[0]}'`;
  const cmd = COMMANDS.get(argv[k]!)!;
  let j = k + 1;
  const word = () => (hasArg(argv[j]) ? argv[j++]! : null);
  const chain =
    cmd === 'X' || cmd === 'F' || cmd === 'Z' || cmd === 'L' || cmd === 'S' ? word() : (argv[j++] ?? null);
  const num =
    (cmd === 'I' || cmd === 'D') && argv[j] !== undefined && /^\d+$/.test(argv[j]!)
      ? Number(argv[j++])
      : null;
  const rest = [...argv.slice(0, k), ...argv.slice(j)];
  const user = new Set([...t.chains.keys()].filter((c) => !t.builtins.has(c)));
  const failed = (why: string) => `iptables-restore: line ${line} failed: ${why}`;
  const c = chain !== null ? t.chains.get(chain) : undefined;

  switch (cmd) {
    case 'R':
      return '-R is not supported: iptables-restore 1.8.9 (nf_tables) crashes on it; delete and insert instead';
    case 'E':
      return '-E is not supported in restore input: declare the chain under its final name';
    case 'L':
    case 'S':
    case 'Z':
      return null;
    case 'C':
      return '-C (check) does not change anything; leave it out of restore input';
    case 'N': {
      if (chain === null) return 'option "-N" requires an argument';
      const bad = chainNameProblem(chain);
      if (bad) return bad;
      if (t.chains.has(chain)) return failed('Chain already exists.');
      t.chains.set(chain, { policy: null, rules: [] });
      t.exists = true;
      return null;
    }
    case 'X': {
      const victims = chain !== null ? [chain] : [...user];
      for (const v of victims) {
        if (!user.has(v)) return failed('No chain/target/match by that name.');
        const refs = [...t.chains.values()].some((x) =>
          x.rules.some((r) => (r.target.kind === 'jump' || r.target.kind === 'goto') && r.target.chain === v),
        );
        if (refs) return `line ${line}: CHAIN_DEL failed (Device or resource busy): chain ${v}`;
        t.chains.delete(v);
      }
      t.exists = true;
      return null;
    }
    case 'P': {
      const policy = word() ?? argv[j];
      if (chain === null || !t.builtins.has(chain)) return failed('Bad built-in chain name.');
      if (t.name === 'nat' && policy === 'DROP')
        return 'The "nat" table is not intended for filtering, the use of DROP is therefore inhibited.';
      if (policy !== 'ACCEPT' && policy !== 'DROP') return failed('Bad policy name.');
      t.chains.get(chain)!.policy = policy;
      t.exists = true;
      return null;
    }
    case 'F':
      if (chain !== null && !c) return failed('No chain/target/match by that name.');
      for (const x of chain !== null ? [c!] : t.chains.values()) x.rules.length = 0;
      t.exists = true;
      return null;
  }

  if (chain === null || !c) return failed('No chain/target/match by that name.');
  if (cmd === 'D' && num !== null) {
    if (num < 1 || num > c.rules.length) return failed('Index of deletion too big.');
    c.rules.splice(num - 1, 1);
    t.exists = true;
    return null;
  }
  const parsed = parseRuleArgs(rest, { table: t.name, chain, userChains: user });
  if (!parsed.ok) return isTableOption(parsed.error.token) ? TABLE_IN_RESTORE : parsed.error.message;
  const rule = parsed.value;
  if (rule.target.kind === 'jump' || rule.target.kind === 'goto') {
    const to = rule.target.chain;
    if (!t.chains.has(to)) return `Chain '${to}' does not exist`;
  }
  if (cmd === 'D') {
    const idx = c.rules.findIndex((r) => sameRule(r, rule));
    if (idx < 0) return failed('Bad rule (does a matching rule exist in that chain?).');
    c.rules.splice(idx, 1);
  } else if (cmd === 'I') {
    const at = (num ?? 1) - 1;
    if (at < 0) return `Invalid rule number \`${num}'`;
    if (at > c.rules.length) return failed('Index of insertion too big.');
    c.rules.splice(at, 0, rule);
  } else c.rules.push(rule);
  ruleLines.set(rule, line);
  t.exists = true;
  return null;
}
