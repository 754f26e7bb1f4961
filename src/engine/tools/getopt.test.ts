import { describe, expect, it } from 'vitest';
import { getopt, strtol } from './getopt.ts';

const PING = { flags: 'nq4', withArg: 'cIW' };
const LONG = {
  flags: 'hV',
  withArg: 'ps',
  optionalArg: 'L',
  long: [
    { name: 'dump', hasArg: 2, val: 'L' },
    { name: 'protonum', hasArg: 1, val: 'p' },
    { name: 'src', hasArg: 1, val: 's' },
    { name: 'src-nat', hasArg: 2, val: 'n' },
    { name: 'stats', hasArg: 0, val: 'S' },
  ],
} as const;

const opts = (r: ReturnType<typeof getopt>) => r.options.map((o) => [o.opt, o.arg]);

describe('getopt', () => {
  it('short options: grouped, attached or separate arguments, permuted operands, --', () => {
    const r = getopt(['-nqc3', '10.0.0.1', '-I', 'eth0', '--', '-W'], PING);
    expect(r.ok).toBe(true);
    expect(opts(r)).toEqual([
      ['n', undefined],
      ['q', undefined],
      ['c', '3'],
      ['I', 'eth0'],
    ]);
    if (r.ok) {
      expect(r.operands).toEqual(['10.0.0.1', '-W']);
      expect(r.operandIndex).toEqual([1, 5]);
    }
  });

  it('errors: an unknown letter (also in --long without long options), a missing argument', () => {
    expect(getopt(['-x'], PING)).toMatchObject({ ok: false, error: { kind: 'invalid', opt: 'x' } });
    expect(getopt(['--help'], PING)).toMatchObject({ ok: false, error: { kind: 'invalid', opt: '-' } });
    expect(getopt(['10.0.0.1', '-c'], PING)).toMatchObject({
      ok: false,
      error: { kind: 'missing', opt: 'c' },
    });
  });

  it('long options: exact, unique prefix, =value, ambiguous, unknown, missing value', () => {
    expect(opts(getopt(['--proto', 'tcp', '--src=1.2.3.4', '--dump'], LONG))).toEqual([
      ['p', 'tcp'],
      ['s', '1.2.3.4'],
      ['L', undefined],
    ]);
    expect(getopt(['--s', 'x'], LONG)).toMatchObject({ ok: false, error: { kind: 'ambiguous-long' } });
    expect(getopt(['--list'], LONG)).toMatchObject({
      ok: false,
      error: { kind: 'unknown-long', name: 'list' },
    });
    expect(getopt(['--proto'], LONG)).toMatchObject({
      ok: false,
      error: { kind: 'long-needs-arg', name: 'protonum' },
    });
    expect(getopt(['--stats=1'], LONG)).toMatchObject({ ok: false, error: { kind: 'long-takes-no-arg' } });
  });

  it('an optional argument is only the attached rest', () => {
    expect(opts(getopt(['-Lconntrack', '-L', 'expect'], LONG))).toEqual([
      ['L', 'conntrack'],
      ['L', undefined],
    ]);
  });
});

describe('strtol', () => {
  it.each([
    ['42', 10, 42n, ''],
    [' +7x', 10, 7n, 'x'],
    ['-1', 10, -1n, ''],
    ['0x1f', 0, 31n, ''],
    ['010', 0, 8n, ''],
    ['010', 10, 10n, ''],
    ['99999999999999999999', 10, 99999999999999999999n, ''],
  ] as const)('%j base %d', (s, base, value, rest) => {
    expect(strtol(s, base)).toEqual({ value, rest, digits: true });
  });

  it('no digits', () => expect(strtol('abc', 10)).toEqual({ value: 0n, rest: 'abc', digits: false }));
});
