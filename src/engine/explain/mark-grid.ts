/**
 * The mark arithmetic as bit grids (semantics doc §3 and §4): how a packet mark compares with a
 * `value/mask` pair — an `ip rule … fwmark V/M` selector or an iptables `-m mark --mark V/M` match — and
 * how `-j MARK --set-xmark V/M` computes the new mark. The grids agree with src/engine/netfilter/mark.ts
 * bit for bit (property-tested).
 */
import { hex } from './phrases.ts';

export type Bit = 0 | 1;

/**
 * `fwmark`: `ip rule` (`fib_rule_match`): `(mark ^ value) & mask == 0`, i.e. `mark & mask == value & mask`;
 * value bits outside the mask are ignored.
 * `mark-match`: `-m mark` (`xt_mark`): `(mark & mask) == value`; a value bit outside the mask can never
 * be equal, so such a rule never matches.
 */
export type MarkSemantics = 'fwmark' | 'mark-match';

export interface MarkMatchBit {
  /** Bit number, 0 = least significant. */
  readonly bit: number;
  readonly mark: Bit;
  readonly value: Bit;
  readonly mask: Bit;
  /** The bit takes part in the comparison (mask bit set, or for `-m mark` a value bit outside the mask). */
  readonly relevant: boolean;
  /** The bit compares equal (always true for bits that are not relevant). */
  readonly equal: boolean;
}

export interface MarkMatchGrid {
  readonly semantics: MarkSemantics;
  readonly mark: number;
  readonly value: number;
  readonly mask: number;
  /** `! --mark` (the rule matches when the comparison fails). */
  readonly invert: boolean;
  /** Number of bits shown: at least 8, up to the highest set bit rounded up to a nibble. */
  readonly width: number;
  /** Bit 0 first. */
  readonly bits: readonly MarkMatchBit[];
  /** The comparison, before `!`. */
  readonly equal: boolean;
  /** The selector or match holds (after `!`). */
  readonly matches: boolean;
  readonly hex: {
    readonly mark: string;
    readonly value: string;
    readonly mask: string;
    /** `mark & mask` */
    readonly markAndMask: string;
    /** What `mark & mask` is compared with: `value & mask` (fwmark) or `value` (-m mark). */
    readonly expected: string;
  };
}

const bitOf = (n: number, i: number): Bit => ((n >>> i) & 1) as Bit;

/** At least 8 bits, else the highest set bit of any operand rounded up to a whole nibble. */
export function gridWidth(...ns: readonly number[]): number {
  const all = ns.reduce((a, n) => (a | n) >>> 0, 0);
  const highest = all === 0 ? -1 : 31 - Math.clz32(all);
  return Math.max(8, Math.ceil((highest + 1) / 4) * 4);
}

/** The comparison of `mark` with `value/mask`, bit by bit. */
export function markMatchGrid(
  mark: number,
  value: number,
  mask: number,
  opts: { readonly semantics?: MarkSemantics; readonly invert?: boolean } = {},
): MarkMatchGrid {
  const semantics = opts.semantics ?? 'fwmark';
  const invert = opts.invert ?? false;
  mark >>>= 0;
  value >>>= 0;
  mask >>>= 0;
  const expected = semantics === 'fwmark' ? (value & mask) >>> 0 : value;
  const width = gridWidth(mark, value, mask);
  const bits: MarkMatchBit[] = [];
  for (let i = 0; i < width; i++) {
    const m = bitOf(mark, i);
    const v = bitOf(value, i);
    const k = bitOf(mask, i);
    const relevant = k === 1 || (semantics === 'mark-match' && v === 1);
    bits.push({ bit: i, mark: m, value: v, mask: k, relevant, equal: (m & k) === bitOf(expected, i) });
  }
  const equal = bits.every((b) => b.equal);
  return {
    semantics,
    mark,
    value,
    mask,
    invert,
    width,
    bits,
    equal,
    matches: equal !== invert,
    hex: {
      mark: hex(mark),
      value: hex(value),
      mask: hex(mask),
      markAndMask: hex((mark & mask) >>> 0),
      expected: hex(expected),
    },
  };
}

/** What `--set-xmark` did to one bit: mask 1 → the value bit replaces it; mask 0 → value 1 toggles it. */
export type XmarkOp = 'kept' | 'set' | 'cleared' | 'toggled';

export interface XmarkBit {
  readonly bit: number;
  readonly mark: Bit;
  readonly value: Bit;
  readonly mask: Bit;
  readonly result: Bit;
  readonly op: XmarkOp;
}

export interface XmarkGrid {
  readonly mark: number;
  readonly value: number;
  readonly mask: number;
  /** `(mark & ~mask) ^ value` (xt_MARK). */
  readonly result: number;
  readonly width: number;
  /** Bit 0 first. */
  readonly bits: readonly XmarkBit[];
  readonly hex: {
    readonly mark: string;
    readonly value: string;
    readonly mask: string;
    /** `mark & ~mask`: the bits the mask leaves. */
    readonly kept: string;
    readonly result: string;
  };
}

/** `-j MARK --set-xmark value/mask` applied to `mark`, bit by bit. */
export function xmarkGrid(mark: number, value: number, mask: number): XmarkGrid {
  mark >>>= 0;
  value >>>= 0;
  mask >>>= 0;
  const kept = (mark & ~mask) >>> 0;
  const result = (kept ^ value) >>> 0;
  const width = gridWidth(mark, value, mask);
  const bits: XmarkBit[] = [];
  for (let i = 0; i < width; i++) {
    const m = bitOf(mark, i);
    const v = bitOf(value, i);
    const k = bitOf(mask, i);
    const op: XmarkOp = k ? (v ? 'set' : 'cleared') : v ? 'toggled' : 'kept';
    bits.push({ bit: i, mark: m, value: v, mask: k, result: bitOf(result, i), op });
  }
  return {
    mark,
    value,
    mask,
    result,
    width,
    bits,
    hex: { mark: hex(mark), value: hex(value), mask: hex(mask), kept: hex(kept), result: hex(result) },
  };
}
