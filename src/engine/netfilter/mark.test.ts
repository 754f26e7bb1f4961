import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyXmark, fwmarkMatches, MARK_OPTION, markMatches } from './mark.ts';

const u32 = fc.integer({ min: 0, max: 0xffffffff });

describe('MARK target arithmetic (semantics §3, verified with e03 on the kernel)', () => {
  // start 0xf0f0 → result, as nftrace showed after each option
  it.each([
    ['--set-mark 0x6', MARK_OPTION.setMark(0x6), 0x00000006],
    ['--set-mark 0x6/0xf', MARK_OPTION.setMark(0x6, 0xf), 0x0000f0f6],
    ['--set-mark 0xff/0xf', MARK_OPTION.setMark(0xff, 0xf), 0x0000f0ff],
    ['--set-xmark 0x6/0xffffffff', MARK_OPTION.setXmark(0x6, 0xffffffff), 0x00000006],
    ['--set-xmark 0x6/0xf0', MARK_OPTION.setXmark(0x6, 0xf0), 0x0000f006],
    ['--set-xmark 0x6/0x0', MARK_OPTION.setXmark(0x6, 0x0), 0x0000f0f6],
    ['--set-xmark 0xff/0xf', MARK_OPTION.setXmark(0xff, 0xf), 0x0000f00f],
    ['--and-mark 0xff', MARK_OPTION.andMark(0xff), 0x000000f0],
    ['--or-mark 0x6', MARK_OPTION.orMark(0x6), 0x0000f0f6],
    ['--xor-mark 0xff', MARK_OPTION.xorMark(0xff), 0x0000f00f],
  ] as const)('%s', (_opt, { value, mask }, want) => {
    expect(applyXmark(0xf0f0, value, mask)).toBe(want);
  });
  it('and/or/xor options behave like the bitwise operators', () => {
    fc.assert(
      fc.property(u32, u32, (m, b) => {
        const and = MARK_OPTION.andMark(b);
        const or = MARK_OPTION.orMark(b);
        const xor = MARK_OPTION.xorMark(b);
        return (
          applyXmark(m, and.value, and.mask) === (m & b) >>> 0 &&
          applyXmark(m, or.value, or.mask) === (m | b) >>> 0 &&
          applyXmark(m, xor.value, xor.mask) === (m ^ b) >>> 0
        );
      }),
    );
  });
  it('--set-mark v/m sets the bits of m to v and keeps the rest', () => {
    fc.assert(
      fc.property(u32, u32, u32, (start, v, m) => {
        const { value, mask } = MARK_OPTION.setMark(v & m, m);
        const r = applyXmark(start, value, mask);
        return (r & m) >>> 0 === (v & m) >>> 0 && (r & ~m) >>> 0 === (start & ~m) >>> 0;
      }),
    );
  });
});

describe('-m mark and ip rule fwmark (semantics §3, §4)', () => {
  it('mark 0xf0f6 matches 0xf0f6, 0x2/0x2, 0x6/0xf, 0x0/0x1; not 0x6, 0x4/0x6 (e03)', () => {
    const m = 0xf0f6;
    expect(markMatches(m, 0xf0f6, 0xffffffff)).toBe(true);
    expect(markMatches(m, 0x2, 0x2)).toBe(true);
    expect(markMatches(m, 0x6, 0xf)).toBe(true);
    expect(markMatches(m, 0x0, 0x1)).toBe(true);
    expect(markMatches(m, 0x6, 0xffffffff)).toBe(false);
    expect(markMatches(m, 0x4, 0x6)).toBe(false);
  });
  it('fwmark 0x2/0x2 matches 0x2, 0x6, 0xff; not 0x0, 0x4 (e04) — the seed table-2 rule catches MARK 0x6', () => {
    for (const [mark, want] of [
      [0x2, true],
      [0x6, true],
      [0xff, true],
      [0x0, false],
      [0x4, false],
    ] as const)
      expect(fwmarkMatches(mark, 0x2, 0x2)).toBe(want);
  });
  it('fwmark 0 without mask (mask 0) matches everything; 0/0xffffffff only unmarked', () => {
    fc.assert(
      fc.property(u32, (m) => fwmarkMatches(m, 0, 0) && fwmarkMatches(m, 0, 0xffffffff) === (m === 0)),
    );
  });
  it('the match and the fwmark selector agree when value ⊆ mask', () => {
    fc.assert(
      fc.property(
        u32,
        u32,
        u32,
        (mark, v, mask) =>
          markMatches(mark, (v & mask) >>> 0, mask) === fwmarkMatches(mark, (v & mask) >>> 0, mask),
      ),
    );
  });
});
