import { describe, expect, it } from 'vitest';
import { numericServicePort, strtoumax, xtStrtoul } from './c-num.ts';
import { Getopt, OPT_MISSING, OPT_NONOPTION, OPT_UNKNOWN, ORIGINAL_OPTS } from './getopt.ts';
import { inetAton, numericToIpaddr } from './xt-values.ts';

const walk = (argv: string[], extra: { name: string; hasArg: 0 | 1; val: number }[] = []) => {
  const g = new Getopt(argv, [...ORIGINAL_OPTS, ...extra]);
  const out: [number, string | null, number][] = [];
  for (let r = g.next(); r.c !== -1; r = g.next()) out.push([r.c, r.optarg, g.optind]);
  return out;
};
const c = (ch: string) => ch.charCodeAt(0);

describe('Getopt (glibc getopt_long with IPT_OPTSTRING)', () => {
  it('returns non-options in order (RETURN_IN_ORDER) and clusters short options', () => {
    expect(walk(['!', '-fs', '1.2.3.4', 'x'])).toEqual([
      [OPT_NONOPTION, '!', 1],
      [c('f'), null, 1],
      [c('s'), '1.2.3.4', 3],
      [OPT_NONOPTION, 'x', 4],
    ]);
  });
  it('takes attached arguments as is (iptables then reads argv[optind-1])', () => {
    expect(walk(['-s1.2.3.4', '--source=5.6.7.8'])).toEqual([
      [c('s'), '1.2.3.4', 1],
      [c('s'), '5.6.7.8', 2],
    ]);
  });
  it('accepts unambiguous prefixes of long options and refuses ambiguous ones', () => {
    expect(walk(['--sou', 'a', '--dest', 'b', '--d', 'c'])).toEqual([
      [c('s'), 'a', 2],
      [c('d'), 'b', 4],
      [OPT_UNKNOWN, null, 5],
      [OPT_NONOPTION, 'c', 6],
    ]);
    expect(walk(['--dp', '80'], [{ name: 'dport', hasArg: 1, val: 258 }])).toEqual([[258, '80', 2]]);
    expect(walk(['--s', '80'], [{ name: 'sport', hasArg: 1, val: 257 }])[0]![0]).toBe(OPT_UNKNOWN);
  });
  it('reports a missing argument with ":"', () => {
    expect(walk(['-j'])).toEqual([[OPT_MISSING, null, 1]]);
    expect(walk(['--jump'])).toEqual([[OPT_MISSING, null, 1]]);
  });
});

describe('C number parsing', () => {
  it.each([
    ['80', 0, 80],
    ['0x50', 0, 80],
    ['010', 0, 8],
    [' +7', 0, 7],
    ['08', 0, 0],
  ])('strtoumax(%j, base %d) = %d', (s, _b, v) => {
    expect(strtoumax(s).value).toBe(v);
  });
  it('xtables_strtoul refuses "-", trailing garbage and out-of-range values', () => {
    expect(xtStrtoul('-1', 0, 0xffff)).toBe(null);
    expect(xtStrtoul('08', 0, 0xffff)).toBe(null);
    expect(xtStrtoul('65536', 0, 0xffff)).toBe(null);
    expect(xtStrtoul('0x', 0, 0xffff, true)).toEqual({ value: 0, end: 1 });
  });
  it('getaddrinfo numeric services are decimal and wrap at 16 bits', () => {
    expect(numericServicePort('65537')).toBe(1);
    expect(numericServicePort('080')).toBe(80);
    expect(numericServicePort('0x50')).toBe(null);
    expect(numericServicePort('-1')).toBe(null);
  });
  it('xtables addresses fill missing parts with zeros, inet_aton fills the last part', () => {
    expect(numericToIpaddr('10.1')).toBe(0x0a010000);
    expect(numericToIpaddr('010.0.0.1')).toBe(0x08000001);
    expect(numericToIpaddr('1.2.3.4.5')).toBe(null);
    expect(numericToIpaddr('1.2', true)).toBe(null);
    expect(inetAton('10.1')).toBe(0x0a000001);
    expect(inetAton('10.0.0.256')).toBe(null);
    expect(inetAton('0x7f.1')).toBe(0x7f000001);
  });
});
