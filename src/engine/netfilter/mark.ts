/** Mark arithmetic, as the kernel does it (semantics doc §3, net/netfilter/xt_mark.c, fib_rules.c). */

/** xt_MARK target: `mark = (mark & ~mask) ^ value`. */
export function applyXmark(mark: number, value: number, mask: number): number {
  return ((mark & ~mask) ^ value) >>> 0;
}

/** `-m mark --mark value/mask`: `(mark & mask) == value`. */
export function markMatches(mark: number, value: number, mask: number): boolean {
  return (mark & mask) >>> 0 === value >>> 0;
}

/** `ip rule … fwmark value/mask`: `(mark ^ value) & mask == 0`. */
export function fwmarkMatches(mark: number, value: number, mask: number): boolean {
  return ((mark ^ value) & mask) >>> 0 === 0;
}

/** How iptables turns each MARK option into (value, mask) (`libxt_MARK.c`). */
export const MARK_OPTION = {
  setMark: (v: number, m = 0xffffffff) => ({ value: v >>> 0, mask: (m | v) >>> 0 }),
  setXmark: (v: number, m = 0xffffffff) => ({ value: v >>> 0, mask: m >>> 0 }),
  andMark: (b: number) => ({ value: 0, mask: ~b >>> 0 }),
  orMark: (b: number) => ({ value: b >>> 0, mask: b >>> 0 }),
  xorMark: (b: number) => ({ value: b >>> 0, mask: 0 }),
} as const;
