import { describe, expect, it } from 'vitest';
import type { Ipv4 } from '../addr/ipv4.ts';
import {
  CHAIN_OF_HOOK,
  TABLE_HOOKS,
  type Chain,
  type Rule,
  type Ruleset,
  type TableName,
  type Target,
} from '../model/netfilter.ts';
import { parseRule } from './parse-rule.ts';
import { TARGET_RESTRICTIONS, validateRuleset } from './validate-ruleset.ts';

/**
 * Builds a one-table ruleset from `{ CHAIN: [rule text or target] }`; a target object stands for a rule
 * parseRule itself would refuse (wrong table, jump to a built-in chain).
 */
function ruleset(table: TableName, spec: Record<string, readonly (string | Target)[]>): Ruleset {
  const chains = new Map<string, Chain>();
  for (const h of TABLE_HOOKS[table])
    chains.set(CHAIN_OF_HOOK[h], { name: CHAIN_OF_HOOK[h], policy: 'ACCEPT', rules: [] });
  for (const [name, texts] of Object.entries(spec)) {
    const rules = texts.map((t): Rule => {
      if (typeof t !== 'string') return { matches: [], target: t };
      const r = parseRule(t, { table, chain: 'USER' });
      if (!r.ok) throw new Error(`${t}: ${r.error.message}`);
      return r.value;
    });
    const builtin = chains.get(name);
    chains.set(name, { name, policy: builtin ? builtin.policy : null, rules });
  }
  return new Map([[table, { name: table, chains }]]);
}

const messages = (rs: Ruleset) => validateRuleset(rs).map((p) => `${p.chain}[${p.rule ?? '-'}] ${p.message}`);

describe('validateRuleset', () => {
  it('accepts the worked example', () => {
    expect(
      validateRuleset(
        ruleset('nat', {
          PREROUTING: ['-i eth0 -d 192.168.150.0/24 -j NETMAP --to 192.168.149.0/24'],
          POSTROUTING: ['-o eth1 -j MASQUERADE'],
        }),
      ),
    ).toEqual([]);
  });

  it.each([
    ['filter', { INPUT: ['-j NOPE'] }, "INPUT[0] Chain 'NOPE' does not exist"],
    ['filter', { INPUT: ['-g ACCEPT'] }, "INPUT[0] Chain 'ACCEPT' does not exist"],
    ['filter', { A: [{ kind: 'jump', chain: 'INPUT' }] }, 'A[0] cannot jump to the built-in chain INPUT'],
    [
      'nat',
      { D: ['-j DNAT --to-destination 1.1.1.1'], POSTROUTING: ['-j D'] },
      'D[0] the DNAT target is only valid in PREROUTING, OUTPUT, not POSTROUTING (chain D is reached from POSTROUTING)',
    ],
    [
      'nat',
      { S: ['-j SNAT --to-source 1.1.1.1'], PREROUTING: ['-j S'] },
      'S[0] the SNAT target is only valid in POSTROUTING, INPUT, not PREROUTING',
    ],
    [
      'nat',
      { M: ['-j MASQUERADE'], N: ['-g M'], INPUT: ['-j N'] },
      'M[0] the MASQUERADE target is only valid in POSTROUTING, not INPUT',
    ],
    [
      'nat',
      { POSTROUTING: ['-p tcp -j REDIRECT --to-ports 1'] },
      'POSTROUTING[0] the REDIRECT target is only valid in PREROUTING, OUTPUT, not POSTROUTING',
    ],
    [
      'mangle',
      { R: [{ kind: 'REJECT', with: 'icmp-port-unreachable' }] },
      'R[0] the REJECT target is only valid in the filter table',
    ],
    [
      'filter',
      { N: [{ kind: 'NETMAP', to: { addr: 0x0a000000 as Ipv4, len: 8 } }] },
      'N[0] the NETMAP target is only valid in the nat table',
    ],
    [
      'mangle',
      { PREROUTING: [{ kind: 'NOTRACK', spelling: 'CT' }] },
      'PREROUTING[0] the CT/NOTRACK target is only valid in the raw table',
    ],
    ['filter', { A: ['-j B'], B: ['-g A'], FORWARD: ['-j A'] }, 'B[0] jump loop A → B → A'],
    ['filter', { A: ['-j A'], INPUT: ['-j A'] }, 'A[0] jump loop A → A'],
  ] as const)('%s %o → %s', (table, spec, expected) => {
    const found = messages(ruleset(table, spec as unknown as Record<string, readonly (string | Target)[]>));
    expect(found.some((m) => m.startsWith(expected))).toBe(true);
  });

  it.each([
    ['nat', { D: ['-j DNAT --to-destination 1.1.1.1'] }],
    ['nat', { D: ['-j DNAT --to-destination 1.1.1.1'], PREROUTING: ['-j D'], OUTPUT: ['-j D'] }],
    ['nat', { S: ['-j SNAT --to-source 1.1.1.1'], INPUT: ['-j S'], POSTROUTING: ['-j S'] }],
    [
      'nat',
      {
        N: ['-j NETMAP --to 10.0.0.0/8'],
        PREROUTING: ['-j N'],
        INPUT: ['-j N'],
        OUTPUT: ['-j N'],
        POSTROUTING: ['-j N'],
      },
    ],
    ['filter', { A: ['-j B'], B: ['-j A'] }],
    ['filter', { A: ['-j C'], B: ['-j C'], C: ['-j RETURN'], INPUT: ['-j A'], FORWARD: ['-j B'] }],
    ['filter', { U: ['-i eth0 -j ACCEPT'], OUTPUT: ['-j U'] }],
    ['raw', { T: ['-j CT --notrack'], PREROUTING: ['-j T'], OUTPUT: ['-j T'] }],
    ['filter', { INPUT: ['-j TRACE', '-j MARK --set-mark 1', '-j LOG'] }],
  ] as const)('accepts %s %o (as the kernel does)', (table, spec) => {
    expect(messages(ruleset(table, spec as unknown as Record<string, string[]>))).toEqual([]);
  });

  it('exports the per-target restrictions', () => {
    expect(TARGET_RESTRICTIONS.DNAT).toMatchObject({ tables: ['nat'], hooks: ['prerouting', 'output'] });
    expect(TARGET_RESTRICTIONS.SNAT?.hooks).toEqual(['postrouting', 'input']);
    expect(TARGET_RESTRICTIONS.REJECT?.tables).toEqual(['filter']);
    expect(TARGET_RESTRICTIONS.MARK).toBeUndefined();
  });
});
