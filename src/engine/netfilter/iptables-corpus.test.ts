/**
 * The kernel corpus: every rule of scripts/kernel/iptables-corpus.txt as the real iptables 1.8.9
 * (nf_tables) treated it (recorded by scripts/kernel/record-iptables-corpus.sh). parseRule — plus
 * validateRuleset for what only a whole ruleset can decide — must accept exactly what iptables
 * accepted, print it exactly as `iptables -S` did, and fail with iptables' own words otherwise.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CHAIN_OF_HOOK,
  TABLE_HOOKS,
  type Chain,
  type Rule,
  type Ruleset,
  type TableName,
} from '../model/netfilter.ts';
import { parseRule } from './parse-rule.ts';
import { formatRule } from './print-rule.ts';
import { validateRuleset } from './validate-ruleset.ts';

interface Entry {
  table: TableName;
  chain: string;
  rule: string;
  rc: number;
  listed?: string;
  rules?: number;
  stderr?: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const corpus = JSON.parse(readFileSync(join(here, '__golden__/iptables-corpus.json'), 'utf8')) as {
  iptables: string;
  entries: Entry[];
};

/** Accepted by iptables, deliberately not modelled by natlab (parseRule says `unsupported`). */
const UNSUPPORTED = new Set([
  '-s 1.2.3.4/255.0.255.0',
  '-s localhost',
  '-d 1.2.3.4,5.6.7.8',
  '-p tcp --tcp-option 2',
  '-m conntrack --ctproto tcp',
  '-m conntrack --ctorigsrc 1.1.1.1',
  '-m conntrack --ctorigdstport 80',
  '-m conntrack --ctexpire 10:20',
  '-m limit --limit 5/s',
  '-m owner --uid-owner 0',
  '-j NFLOG',
  '-j CONNMARK --save-mark --left-shift-mark 2',
  '-j CT',
  '-j CT --zone 1',
  '-p tcp -j MASQUERADE --to-ports 1024-2048/100',
  '-j QUEUE',
  '-j NFQUEUE --queue-num 1',
]);

/** Accepted by iptables, refused by natlab on purpose: the table comes from where the rule lives. */
const NATLAB_REFUSES = new Set(['filter INPUT -t nat -j ACCEPT']);

/**
 * `iptables -S` output that does not read back as the same rule: it prints `-i a b` unquoted, only the
 * first ICMP code and `any` for type 255, SNAT's port offset as `/0` (which iptables itself then refuses),
 * and escapes `'` as `\'`, which a POSIX shell keeps inside double quotes.
 */
const LOSSY_PRINT = new Set([
  "-i 'a b'",
  '-p icmp --icmp-type 255/3',
  '-p icmp --icmp-type 3/1:2',
  `-m comment --comment "with \\"quotes\\" and 'single'"`,
  '-p tcp -j SNAT --to-source 1.1.1.1:1000-2000/1000',
  `-j LOG --log-prefix "a'b"`,
]);

/** Kernel errors natlab words differently (iptables printed nothing, or a different errno). */
const OTHER_WORDS = new Set(['-6 -j ACCEPT', '-g FORWARD']);

const USER_CHAINS = ['MYCHAIN', 'other-chain'];

/** The recording namespace: every table with its built-in chains and MYCHAIN, other-chain; `rule` in `chain`. */
function rulesetWith(table: TableName, chain: string, rule: Rule): Ruleset {
  const chains = new Map<string, Chain>();
  for (const h of TABLE_HOOKS[table])
    chains.set(CHAIN_OF_HOOK[h], { name: CHAIN_OF_HOOK[h], policy: 'ACCEPT', rules: [] });
  for (const u of USER_CHAINS) chains.set(u, { name: u, policy: null, rules: [] });
  const c = chains.get(chain)!;
  chains.set(chain, { ...c, rules: [rule] });
  return new Map([[table, { name: table, chains }]]);
}

/** The line iptables printed last, without the `iptables v1.8.9 (nf_tables): ` prefix. */
const kernelWords = (stderr: string | undefined) =>
  ((stderr ?? '').trim().split('\n').pop() ?? '').replace(/^iptables v1\.8\.9 \(nf_tables\): /, '').trim();

describe(`kernel corpus (${corpus.iptables}, ${corpus.entries.length} rules)`, () => {
  it('was recorded with the expected iptables', () => {
    expect(corpus.iptables).toContain('v1.8.9 (nf_tables)');
    expect(corpus.entries.length).toBeGreaterThan(800);
  });

  it.each(
    corpus.entries.map(
      (e) => [`${e.rc === 0 ? 'accepts' : 'rejects'} ${e.table} ${e.chain} ${e.rule}`, e] as const,
    ),
  )('%s', (_name, e) => {
    const key = `${e.table} ${e.chain} ${e.rule}`;
    const r = parseRule(e.rule, { table: e.table, chain: e.chain });
    if (e.rc === 0) {
      if (NATLAB_REFUSES.has(key)) return expect(r.ok).toBe(false);
      if (UNSUPPORTED.has(e.rule)) {
        expect(r.ok).toBe(false);
        return expect(!r.ok && r.error.unsupported).toBe(true);
      }
      expect(r.ok ? 'ok' : r.error.message).toBe('ok');
      if (!r.ok) return;
      expect(formatRule(r.value)).toBe(e.listed);
      expect(validateRuleset(rulesetWith(e.table, e.chain, r.value))).toEqual([]);
      const again = parseRule(formatRule(r.value), { table: e.table, chain: e.chain });
      if (LOSSY_PRINT.has(e.rule)) expect(again.ok && again.value).not.toEqual(r.value);
      else expect(again.ok && again.value).toEqual(r.value);
      return;
    }
    if (r.ok) {
      expect(validateRuleset(rulesetWith(e.table, e.chain, r.value)).length).toBeGreaterThan(0);
      return;
    }
    if (r.error.iptables !== undefined && !OTHER_WORDS.has(e.rule))
      expect(r.error.iptables).toBe(kernelWords(e.stderr));
  });

  it('keeps its lists of exceptions honest', () => {
    const rules = new Set(corpus.entries.map((e) => e.rule));
    for (const u of [...UNSUPPORTED, ...LOSSY_PRINT, ...OTHER_WORDS]) expect(rules.has(u)).toBe(true);
    for (const k of NATLAB_REFUSES)
      expect(corpus.entries.some((e) => `${e.table} ${e.chain} ${e.rule}` === k)).toBe(true);
  });
});
