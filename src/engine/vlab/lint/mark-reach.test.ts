/** Which marks a device's MARK rules can produce, checked against a plain fixed point over whole marks. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyXmark, fwmarkMatches, MARK_OPTION } from '../../netfilter/mark.ts';
import { fwmarkSatisfiable, type MarkOp } from './mark-reach.ts';

const x = (o: { value: number; mask: number }): MarkOp => ({ kind: 'xmark', ...o });

describe('fwmarkSatisfiable', () => {
  it.each([
    ['the seed: --set-mark 0x6 for fwmark 0x2/0x2', [x(MARK_OPTION.setMark(6))], 0x2, 0x2, true],
    ['no MARK rule at all', [], 0x2, 0x2, false],
    ['fwmark 0/0xffffffff: unmarked packets match', [], 0, 0xffffffff, true],
    ['mask 0 matches everything', [], 0x5, 0, true],
    ['--xor-mark toggles the bit', [x(MARK_OPTION.xorMark(1))], 1, 1, true],
    ['--and-mark cannot set a bit', [x(MARK_OPTION.andMark(0xff))], 1, 1, false],
    ['two --or-marks together', [x(MARK_OPTION.orMark(1)), x(MARK_OPTION.orMark(2))], 3, 3, true],
    ['--set-xmark 0x1/0x3 clears bit 1', [x(MARK_OPTION.setXmark(1, 3))], 3, 3, false],
    [
      '…unless another rule sets it afterwards',
      [x(MARK_OPTION.setXmark(1, 3)), x(MARK_OPTION.orMark(2))],
      3,
      3,
      true,
    ],
    [
      'order matters: --set-mark 4 then --or-mark 2',
      [x(MARK_OPTION.orMark(2)), x(MARK_OPTION.setMark(4))],
      6,
      6,
      true,
    ],
    ['CONNMARK --restore-mark frees its bits', [{ kind: 'free', bits: 0xff } as MarkOp], 0x40, 0xf0, true],
  ])('%s', (_, ops, value, mask, want) => {
    expect(fwmarkSatisfiable(value, mask, ops as MarkOp[])).toBe(want);
  });

  it('agrees with the fixed point of all marks reachable from 0 (4-bit marks)', () => {
    const op = fc.record({ value: fc.integer({ min: 0, max: 15 }), mask: fc.integer({ min: 0, max: 15 }) });
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 4 }),
        fc.integer({ min: 0, max: 15 }),
        fc.integer({ min: 0, max: 15 }),
        (ops, v, m) => {
          const seen = new Set([0]);
          for (let grew = true; grew;) {
            grew = false;
            for (const s of [...seen])
              for (const o of ops) {
                const n = applyXmark(s, o.value, o.mask);
                if (!seen.has(n)) {
                  seen.add(n);
                  grew = true;
                }
              }
          }
          const want = [...seen].some((s) => fwmarkMatches(s, v, m));
          expect(fwmarkSatisfiable(v, m, ops.map(x))).toBe(want);
        },
      ),
      { numRuns: 500 },
    );
  });
});
