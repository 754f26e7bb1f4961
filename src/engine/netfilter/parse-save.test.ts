/**
 * parseIptablesSave against iptables-restore: every scenario of scripts/kernel/iptables-rulesets.txt
 * must be accepted exactly when the real iptables-restore 1.8.9 accepted it.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseIptablesSave } from './parse-save.ts';
import { formatRule } from './print-rule.ts';

interface Scenario {
  name: string;
  input: string;
  rc: number;
  stderr: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const golden = JSON.parse(readFileSync(join(here, '__golden__/iptables-rulesets.json'), 'utf8')) as {
  scenarios: Scenario[];
};

describe('parseIptablesSave accepts exactly what iptables-restore accepted', () => {
  it.each(golden.scenarios.map((s) => [s.rc === 0 ? 'accepts' : 'rejects', s.name, s] as const))(
    '%s %s',
    (_v, _n, s) => {
      const r = parseIptablesSave(s.input);
      expect(r.ok ? 0 : 1).toBe(s.rc === 0 ? 0 : 1);
      if (!r.ok) for (const e of r.error) expect(e.line).toBeGreaterThan(0);
    },
  );
});

const lines = (...l: string[]) => `${l.join('\n')}\n`;

describe('parseIptablesSave', () => {
  it('keeps built-in chains first in kernel order, then user chains in declaration order', () => {
    const r = parseIptablesSave(
      lines('*mangle', ':zz - [0:0]', ':POSTROUTING DROP [1:2]', ':aa - [0:0]', 'COMMIT'),
    );
    expect(r.ok && [...r.value.get('mangle')!.chains.keys()]).toEqual([
      'PREROUTING',
      'INPUT',
      'FORWARD',
      'OUTPUT',
      'POSTROUTING',
      'zz',
      'aa',
    ]);
    expect(r.ok && r.value.get('mangle')!.chains.get('POSTROUTING')!.policy).toBe('DROP');
    expect(r.ok && r.value.get('mangle')!.chains.get('zz')!.policy).toBe(null);
  });

  it('applies -I with and without a position, and -D by spec and by number', () => {
    const r = parseIptablesSave(
      lines(
        '*filter',
        '-A INPUT -s 1.1.1.1',
        '-I INPUT -s 2.2.2.2',
        '-I INPUT 2 -s 3.3.3.3',
        '-A INPUT -s 4.4.4.4',
        '-D INPUT -s 2.2.2.2',
        '-D INPUT 3',
        'COMMIT',
      ),
    );
    expect(r.ok && r.value.get('filter')!.chains.get('INPUT')!.rules.map(formatRule)).toEqual([
      '-s 3.3.3.3/32',
      '-s 1.1.1.1/32',
    ]);
  });

  it('starts a table from scratch at each *table line', () => {
    const r = parseIptablesSave(
      lines('*filter', ':INPUT DROP [0:0]', '-A INPUT -j ACCEPT', 'COMMIT', '*filter', 'COMMIT'),
    );
    expect(r.ok && r.value.size).toBe(0);
  });

  it('creates a table only when a chain line or command touches it', () => {
    const r = parseIptablesSave(lines('*raw', 'COMMIT', '*nat', ':PREROUTING ACCEPT [0:0]', 'COMMIT'));
    expect(r.ok && [...r.value.keys()]).toEqual(['nat']);
  });

  it('ignores -6 lines and [packets:bytes] prefixes, like iptables-restore', () => {
    const r = parseIptablesSave(
      lines('*filter', '[5:300] -A INPUT -j ACCEPT', '-6 -A INPUT -j DROP', 'COMMIT'),
    );
    expect(r.ok && r.value.get('filter')!.chains.get('INPUT')!.rules.map(formatRule)).toEqual(['-j ACCEPT']);
  });

  it('uses the restore tokenizer: only double quotes quote', () => {
    const r = parseIptablesSave(
      lines('*filter', '-A INPUT -m comment --comment "it\'s \\"x\\" $HOME" -j ACCEPT', 'COMMIT'),
    );
    const rule = r.ok ? r.value.get('filter')!.chains.get('INPUT')!.rules[0] : undefined;
    expect(rule?.matches).toEqual([{ module: 'comment', comment: 'it\'s "x" $HOME' }]);
  });

  it.each([
    [lines('*foo', 'COMMIT'), 1, "table name 'foo' invalid"],
    [lines('-A INPUT -j ACCEPT'), 1, 'line 1 failed'],
    [lines('*filter', '-A INPUT -j ACCEPT'), 3, 'COMMIT expected at line 3'],
    [lines('*filter', ':INPUT REJECT [0:0]', 'COMMIT'), 2, 'Bad policy name'],
    [lines('*filter', ':ACCEPT - [0:0]', 'COMMIT'), 2, 'chain name may not clash with target name'],
    [lines('*filter', '-A NOPE -j ACCEPT', 'COMMIT'), 2, 'No chain/target/match by that name'],
    [lines('*filter', '-A INPUT -j LATER', ':LATER - [0:0]', 'COMMIT'), 2, "Chain 'LATER' does not exist"],
    [
      lines('*filter', '-A INPUT -p tcp --dport 99999 -j ACCEPT', 'COMMIT'),
      2,
      "invalid port/service `99999' specified",
    ],
    [
      lines('*filter', '-t nat -A POSTROUTING -j MASQUERADE', 'COMMIT'),
      2,
      'The -t option cannot be used in iptables-restore.',
    ],
    [lines('*filter', '-A INPUT -j ACCEPT', '*nat', 'COMMIT'), 3, "Bad argument `*nat'"],
    [lines('*filter', '-I INPUT 3 -j ACCEPT', 'COMMIT'), 2, 'Index of insertion too big.'],
    [lines('*nat', '-P POSTROUTING DROP', 'COMMIT'), 2, 'not intended for filtering'],
    [
      lines('*filter', ':A - [0:0]', ':B - [0:0]', '-A INPUT -j A', '-A A -g B', '-A B -g A', 'COMMIT'),
      6,
      'jump loop A → B → A',
    ],
    [
      lines('*nat', ':D - [0:0]', '-A D -j DNAT --to-destination 1.1.1.1', '-A POSTROUTING -j D', 'COMMIT'),
      3,
      'reached from POSTROUTING',
    ],
    ['*filter\r\n-A INPUT -j ACCEPT\r\nCOMMIT\r\n', 1, 'Windows line endings'],
  ])('reports %j at line %d', (text, line, what) => {
    const r = parseIptablesSave(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error[0]!.line).toBe(line);
      expect(r.error[0]!.message).toContain(what);
    }
  });
});
