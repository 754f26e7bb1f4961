import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyXmark, fwmarkMatches, MARK_OPTION, markMatches } from '../netfilter/mark.ts';
import { gridWidth, markMatchGrid, xmarkGrid } from './mark-grid.ts';

const u32 = fc.oneof(
  fc.integer({ min: 0, max: 0xffffffff }),
  fc.integer({ min: 0, max: 0xff }),
  fc.constantFrom(0, 0x2, 0x6, 0xffffffff, 0x80000000),
);
const bitsOf = (bits: readonly { bit: number }[], n: number, key: (b: never) => number) =>
  bits.reduce((acc, b) => (acc | (key(b as never) << b.bit)) >>> 0, 0) === n >>> 0;

describe('markMatchGrid: ip rule fwmark', () => {
  it('shows the seed: mark 0x6 against fwmark 0x2/0x2 matches on bit 1 only', () => {
    const g = markMatchGrid(0x6, 0x2, 0x2);
    expect(g.matches).toBe(true);
    expect(g.width).toBe(8);
    expect(g.hex).toEqual({ mark: '0x6', value: '0x2', mask: '0x2', markAndMask: '0x2', expected: '0x2' });
    expect(g.bits.filter((b) => b.relevant).map((b) => b.bit)).toEqual([1]);
    expect(g.bits[2]).toEqual({ bit: 2, mark: 1, value: 0, mask: 0, relevant: false, equal: true });
  });

  it('matches 0x2, 0x6, 0xff and not 0x0, 0x4 for 0x2/0x2 (semantics doc §4)', () => {
    const m = (mark: number) => markMatchGrid(mark, 0x2, 0x2).matches;
    expect([0x2, 0x6, 0xff].map(m)).toEqual([true, true, true]);
    expect([0x0, 0x4].map(m)).toEqual([false, false]);
    const miss = markMatchGrid(0x4, 0x2, 0x2);
    expect(miss.bits.filter((b) => !b.equal).map((b) => b.bit)).toEqual([1]);
    expect(miss.hex.markAndMask).toBe('0x0');
  });

  it('ignores value bits outside the mask (fib_rule_match compares under the mask only)', () => {
    const g = markMatchGrid(0x2, 0x6, 0x2);
    expect(g.matches).toBe(true);
    expect(g.hex.expected).toBe('0x2');
    expect(g.bits[2]!.relevant).toBe(false);
  });
});

describe('markMatchGrid: -m mark', () => {
  // semantics doc §3: packet mark 0xf0f6
  it.each([
    ['0xf0f6', 0xf0f6, 0xffffffff, false, true],
    ['0x2/0x2', 0x2, 0x2, false, true],
    ['0x6/0xf', 0x6, 0xf, false, true],
    ['0x0/0x1', 0x0, 0x1, false, true],
    ['! 0x6', 0x6, 0xffffffff, true, true],
    ['0x6', 0x6, 0xffffffff, false, false],
    ['0x4/0x6', 0x4, 0x6, false, false],
  ])('mark 0xf0f6 against --mark %s', (_t, value, mask, invert, matches) => {
    const g = markMatchGrid(0xf0f6, value, mask, { semantics: 'mark-match', invert });
    expect(g.matches).toBe(matches);
    expect(g.width).toBe(mask === 0xffffffff ? 32 : 16);
  });

  it('cannot match a value bit outside the mask, and shows that bit as the difference', () => {
    const g = markMatchGrid(0x6, 0x6, 0x2, { semantics: 'mark-match' });
    expect(g.matches).toBe(false);
    expect(g.bits.filter((b) => !b.equal).map((b) => b.bit)).toEqual([2]);
    expect(g.bits[2]!.relevant).toBe(true);
  });
});

describe('xmarkGrid', () => {
  // semantics doc §3: start 0xf0f0
  it.each([
    ['--set-mark 0x6', MARK_OPTION.setMark(0x6), 0x6],
    ['--set-mark 0x6/0xf', MARK_OPTION.setMark(0x6, 0xf), 0xf0f6],
    ['--set-xmark 0x6/0xf0', MARK_OPTION.setXmark(0x6, 0xf0), 0xf006],
    ['--set-xmark 0x6/0x0', MARK_OPTION.setXmark(0x6, 0x0), 0xf0f6],
    ['--set-xmark 0xff/0xf', MARK_OPTION.setXmark(0xff, 0xf), 0xf00f],
    ['--and-mark 0xff', MARK_OPTION.andMark(0xff), 0xf0],
    ['--or-mark 0x6', MARK_OPTION.orMark(0x6), 0xf0f6],
    ['--xor-mark 0xff', MARK_OPTION.xorMark(0xff), 0xf00f],
  ])('0xf0f0 with %s', (_t, { value, mask }, result) => {
    expect(xmarkGrid(0xf0f0, value, mask).result).toBe(result);
  });

  it('names what happened to each bit', () => {
    const g = xmarkGrid(0xf0f0, 0xff, 0xf);
    const op = (bit: number) => g.bits[bit]!.op;
    expect([op(0), op(3), op(4), op(8), op(12)]).toEqual(['set', 'set', 'toggled', 'kept', 'kept']);
    expect(xmarkGrid(0x1, 0x0, 0x1).bits[0]!.op).toBe('cleared');
    expect(g.hex).toEqual({ mark: '0xf0f0', value: '0xff', mask: '0xf', kept: '0xf0f0', result: '0xf00f' });
  });

  it('the seed mangle rule: --set-xmark 0x6/0xffffffff on mark 0 is 32 bits wide and gives 0x6', () => {
    const g = xmarkGrid(0, 0x6, 0xffffffff);
    expect(g.width).toBe(32);
    expect(g.hex.result).toBe('0x6');
    expect(g.bits.filter((b) => b.op === 'set').map((b) => b.bit)).toEqual([1, 2]);
  });
});

describe('the grids agree with the kernel arithmetic (src/engine/netfilter/mark.ts)', () => {
  it('fwmark: equal iff fwmarkMatches, per-bit values reassemble the operands', () => {
    fc.assert(
      fc.property(u32, u32, u32, (mark, value, mask) => {
        const g = markMatchGrid(mark, value, mask);
        expect(g.matches).toBe(fwmarkMatches(mark, value, mask));
        expect(bitsOf(g.bits, mark, (b: { mark: number }) => b.mark)).toBe(true);
        expect(bitsOf(g.bits, value, (b: { value: number }) => b.value)).toBe(true);
        expect(bitsOf(g.bits, mask, (b: { mask: number }) => b.mask)).toBe(true);
        expect(g.bits.every((b) => b.relevant === (b.mask === 1))).toBe(true);
      }),
    );
  });

  it('-m mark: equal iff markMatches, and ! inverts', () => {
    fc.assert(
      fc.property(u32, u32, u32, fc.boolean(), (mark, value, mask, invert) => {
        const g = markMatchGrid(mark, value, mask, { semantics: 'mark-match', invert });
        expect(g.equal).toBe(markMatches(mark, value, mask));
        expect(g.matches).toBe(markMatches(mark, value, mask) !== invert);
      }),
    );
  });

  it('--set-xmark: result is applyXmark, bit by bit', () => {
    fc.assert(
      fc.property(u32, u32, u32, (mark, value, mask) => {
        const g = xmarkGrid(mark, value, mask);
        expect(g.result).toBe(applyXmark(mark, value, mask));
        expect(bitsOf(g.bits, g.result, (b: { result: number }) => b.result)).toBe(true);
        for (const b of g.bits)
          expect(b.result).toBe(
            b.op === 'set' ? 1 : b.op === 'cleared' ? 0 : b.op === 'toggled' ? 1 - b.mark : b.mark,
          );
      }),
    );
  });

  it('width: at least 8, a whole number of nibbles, every set bit shown', () => {
    fc.assert(
      fc.property(u32, u32, u32, (a, b, c) => {
        const w = gridWidth(a, b, c);
        expect(w).toBeGreaterThanOrEqual(8);
        expect(w).toBeLessThanOrEqual(32);
        expect(w % 4).toBe(0);
        if (w < 32) expect(((a | b | c) >>> w) >>> 0).toBe(0);
        expect(markMatchGrid(a, b, c).bits).toHaveLength(w);
      }),
    );
  });
});
