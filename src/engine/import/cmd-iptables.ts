/**
 * `iptables [-t TABLE] -A|-I|-D|-R|-N|-X|-P|-F|-E …` (iptables 1.8.9, nf_tables) applied to ordered rule
 * lists per chain, so that the lab holds what the kernel would: `-I CHAIN N` inserts before rule N, `-D`
 * removes by number or by the first rule equal to the one given, `-R` replaces, `-X` refuses a chain
 * that is jumped to. Rules are parsed by the engine's iptables parser (src/engine/netfilter/).
 * A table exists once a command creates something in it, as with iptables-nft (`-F` alone does not).
 */
import { CHAIN_OF_HOOK, TABLE_HOOKS, TABLES, type Rule, type TableName } from '../model/netfilter.ts';
import { parseRuleArgs } from '../netfilter/parse-rule.ts';
import { formatRule } from '../netfilter/print-rule.ts';
import { chainNameProblem, type WorkTable } from '../netfilter/restore-command.ts';
import { nextArg, targetNs, type Ctx } from './context.ts';
import { kernelRefuses, unsupported } from './issues.ts';
import type { Ns } from './model.ts';

const PROG = 'iptables v1.8.9 (nf_tables)';
const NO_CHAIN = 'iptables: No chain/target/match by that name.';

// prettier-ignore
const COMMANDS: Record<string, string> = {
  '-A': 'A', '--append': 'A', '-I': 'I', '--insert': 'I', '-D': 'D', '--delete': 'D', '-R': 'R',
  '--replace': 'R', '-N': 'N', '--new-chain': 'N', '--new': 'N', '-X': 'X', '--delete-chain': 'X',
  '-P': 'P', '--policy': 'P', '-F': 'F', '--flush': 'F', '-Z': 'Z', '--zero': 'Z', '-E': 'E',
  '--rename-chain': 'E', '-L': 'L', '--list': 'L', '-S': 'S', '--list-rules': 'S', '-C': 'C', '--check': 'C',
};
const CHAIN_OPTIONAL = new Set(['X', 'F', 'Z', 'L', 'S']);
const DISPLAY = new Set([
  '-v',
  '--verbose',
  '-n',
  '--numeric',
  '-x',
  '--exact',
  '--line-numbers',
  '-4',
  '--ipv4',
]);

const hasArg = (w: string | undefined) => w !== undefined && w[0] !== '-' && w[0] !== '!';

export function newWorkTable(name: TableName): WorkTable {
  const builtins = TABLE_HOOKS[name].map((h) => CHAIN_OF_HOOK[h]);
  return {
    name,
    exists: false,
    chains: new Map(builtins.map((n) => [n, { policy: 'ACCEPT' as const, rules: [] as Rule[] }])),
    builtins: new Set(builtins),
  };
}

interface Parsed {
  table: string;
  cmd: string;
  chain: string | null;
  num: number | null;
  extra: string | null;
  rest: string[];
}

function parseArgs(args: readonly string[]): Parsed {
  let table = 'filter';
  let cmd: string | null = null;
  let chain: string | null = null;
  let num: number | null = null;
  let extra: string | null = null;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const c = COMMANDS[a];
    if (a === '-t' || a === '--table') table = nextArg(args, ++i);
    else if (a.startsWith('--table=')) table = a.slice(8);
    else if (/^-t[a-z]+$/.test(a)) table = a.slice(2);
    else if (c !== undefined) {
      if (cmd !== null) kernelRefuses(`${PROG}: Can't use -${c} with -${cmd}`);
      cmd = c;
      if (CHAIN_OPTIONAL.has(c)) chain = hasArg(args[i + 1]) ? args[++i]! : null;
      else {
        const v = args[++i];
        if (v === undefined) kernelRefuses(`${PROG}: option "${a}" requires an argument`);
        chain = v;
      }
      if ((c === 'I' || c === 'D' || c === 'R') && /^\d+$/.test(args[i + 1] ?? '')) num = Number(args[++i]);
      if (c === 'R' && num === null) kernelRefuses(`${PROG}: -R requires a rule number`);
      if (c === 'P' || c === 'E') {
        const v = args[++i];
        if (v === undefined)
          kernelRefuses(`${PROG}: -${c} requires a ${c === 'P' ? 'policy' : 'new chain name'}`);
        extra = v;
      }
    } else if (/^-[nvxLSZ]+$/.test(a) && /[LS]/.test(a)) cmd ??= 'L';
    else if (a === '-w' || a === '--wait') {
      if (/^\d+(\.\d+)?$/.test(args[i + 1] ?? '')) i++;
    } else if (a === '-W' || a === '--wait-interval') i++;
    else if (a === '-6' || a === '--ipv6') kernelRefuses('This is the IPv4 version of iptables.');
    else if (!DISPLAY.has(a)) rest.push(a);
  }
  if (cmd === null) kernelRefuses(`${PROG}: no command specified`);
  return { table, cmd, chain, num, extra, rest };
}

export function workTable(ns: Ns, name: TableName): WorkTable {
  let t = ns.tables.get(name);
  if (!t) ns.tables.set(name, (t = newWorkTable(name)));
  return t;
}

const sameRule = (a: Rule, b: Rule) => formatRule(a) === formatRule(b);
const refersTo = (r: Rule, chain: string) =>
  (r.target.kind === 'jump' || r.target.kind === 'goto') && r.target.chain === chain;

export function runIptables(c: Ctx, args: readonly string[]): void {
  const p = parseArgs(args);
  if (p.cmd === 'L' || p.cmd === 'S' || p.cmd === 'C' || p.cmd === 'Z')
    return c.harmless(`iptables -${p.cmd}`);
  if (!(TABLES as readonly string[]).includes(p.table))
    kernelRefuses(
      `${PROG}: table '${p.table}' does not exist\nPerhaps iptables or your kernel needs to be upgraded.`,
    );
  const ns = targetNs(c);
  const had = ns.tables.has(p.table as TableName);
  const t = workTable(ns, p.table as TableName);
  try {
    apply(c, ns, t, p);
  } finally {
    if (!had && !t.exists) ns.tables.delete(t.name);
  }
}

function apply(c: Ctx, ns: Ns, t: WorkTable, p: Parsed): void {
  const user = new Set([...t.chains.keys()].filter((x) => !t.builtins.has(x)));
  const chain = p.chain;
  const touched = () => {
    t.exists = true;
    ns.tableLines.set(t.name, c.line);
  };
  switch (p.cmd) {
    case 'N': {
      const bad = chainNameProblem(chain!);
      if (bad) kernelRefuses(`${PROG}: ${bad}`);
      if (t.chains.has(chain!)) kernelRefuses('iptables: Chain already exists.');
      t.chains.set(chain!, { policy: null, rules: [] });
      return touched();
    }
    case 'X': {
      const victims = chain !== null ? [chain] : [...user];
      for (const v of victims) if (!user.has(v)) kernelRefuses(NO_CHAIN);
      for (const v of victims)
        for (const [name, x] of t.chains)
          if (!victims.includes(name) && x.rules.some((r) => refersTo(r, v)))
            kernelRefuses(`${PROG}: CHAIN_USER_DEL failed (Device or resource busy): chain ${v}`);
      for (const v of victims) t.chains.delete(v);
      if (victims.length) touched();
      return;
    }
    case 'P': {
      if (!t.builtins.has(chain!)) kernelRefuses('iptables: Bad built-in chain name.');
      if (t.name === 'nat' && p.extra === 'DROP')
        kernelRefuses(
          `${PROG}: The "nat" table is not intended for filtering, the use of DROP is therefore inhibited.`,
        );
      if (p.extra !== 'ACCEPT' && p.extra !== 'DROP')
        kernelRefuses("iptables: Bad policy name. Run `dmesg' for more information.");
      t.chains.get(chain!)!.policy = p.extra;
      return touched();
    }
    case 'F': {
      if (chain !== null && !t.chains.has(chain)) kernelRefuses(NO_CHAIN);
      if (!t.exists) return;
      for (const x of chain !== null ? [t.chains.get(chain)!] : t.chains.values()) x.rules.length = 0;
      return touched();
    }
    case 'E': {
      const to = p.extra!;
      if (!user.has(chain!)) kernelRefuses(NO_CHAIN);
      const bad = chainNameProblem(to);
      if (bad) kernelRefuses(`${PROG}: ${bad}`);
      if (t.chains.has(to)) kernelRefuses('iptables: File exists.');
      const renamed = new Map<string, { policy: 'ACCEPT' | 'DROP' | null; rules: Rule[] }>();
      for (const [name, x] of t.chains) {
        const rules = x.rules.map((r) => {
          if (!refersTo(r, chain!)) return r;
          const nr = { ...r, target: { ...r.target, chain: to } } as Rule;
          ns.ruleLines.set(nr, ns.ruleLines.get(r) ?? c.line);
          return nr;
        });
        renamed.set(name === chain ? to : name, { policy: x.policy, rules });
      }
      t.chains.clear();
      for (const [k, v] of renamed) t.chains.set(k, v);
      return touched();
    }
  }
  const ch = t.chains.get(chain!);
  if (!ch) kernelRefuses(NO_CHAIN);
  if (p.cmd === 'D' && p.num !== null) {
    if (p.num < 1 || p.num > ch.rules.length) kernelRefuses('iptables: Index of deletion too big.');
    ch.rules.splice(p.num - 1, 1);
    return touched();
  }
  const parsed = parseRuleArgs(p.rest, { table: t.name, chain: chain!, userChains: user });
  if (!parsed.ok) {
    const at = parsed.error.token !== undefined ? ` (at "${parsed.error.token}")` : '';
    if (parsed.error.unsupported) unsupported(`${parsed.error.message}${at}`);
    kernelRefuses(`${parsed.error.message}${at}`);
  }
  const rule = parsed.value;
  if ((rule.target.kind === 'jump' || rule.target.kind === 'goto') && !t.chains.has(rule.target.chain))
    kernelRefuses(`${PROG}: Chain '${rule.target.chain}' does not exist`);
  if (p.cmd === 'D') {
    const idx = ch.rules.findIndex((r) => sameRule(r, rule));
    if (idx < 0) kernelRefuses('iptables: Bad rule (does a matching rule exist in that chain?).');
    ch.rules.splice(idx, 1);
    return touched();
  }
  if (p.cmd === 'I') {
    const at = (p.num ?? 1) - 1;
    if (at < 0) kernelRefuses(`${PROG}: Invalid rule number \`${p.num}'`);
    if (at > ch.rules.length) kernelRefuses('iptables: Index of insertion too big.');
    ch.rules.splice(at, 0, rule);
  } else if (p.cmd === 'R') {
    if (p.num! < 1 || p.num! > ch.rules.length) kernelRefuses('iptables: Index of replacement too big.');
    ch.rules[p.num! - 1] = rule;
  } else ch.rules.push(rule);
  ns.ruleLines.set(rule, c.line);
  touched();
}

/** The flags iptables-restore takes that do not change what it does. */
const RESTORE_OK = new Set(['-c', '--counters', '-v', '--verbose', '-4', '--ipv4', '-w', '--wait']);

export function restoreArgs(args: readonly string[]): 'ipv6' | 'test' | 'noflush' | null {
  let noflush = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-n' || a === '--noflush') noflush = true;
    else if (a === '-t' || a === '--test') return 'test';
    else if (a === '-6' || a === '--ipv6') return 'ipv6';
    else if (a === '-W' || a === '--wait-interval') i++;
    else if (a === '-T' || a === '--table' || a.startsWith('--table='))
      unsupported('iptables-restore --table is not supported: give only the tables to restore');
    else if (a === '-M' || a === '--modprobe') nextArg(args, ++i);
    else if (!RESTORE_OK.has(a) && !/^\d+$/.test(a))
      unsupported(
        a.startsWith('-')
          ? `iptables-restore option "${a}" is not supported`
          : `iptables-restore ${a}: the rules must be in the script, as a here-document (iptables-restore <<'EOF' … EOF)`,
      );
  }
  return noflush ? 'noflush' : null;
}
