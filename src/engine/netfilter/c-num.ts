/**
 * The C number parsing iptables relies on, reproduced exactly: `strtoumax(s, &end, 0)` as wrapped by
 * `xtables_strtoul()` (libxtables/xtables.c) — leading white space, an optional `+`, base prefix
 * `0x`/`0` (hex/octal), no `-` — and glibc's decimal-only numeric service parsing used by
 * `getaddrinfo(NULL, name, …)` (ports of the udp match).
 */

const SPACE = new Set([' ', '\t', '\n', '\v', '\f', '\r']);
const U64_MAX = (1n << 64n) - 1n;

export interface CNumber {
  /** The value, or null when it overflowed `uintmax_t` (strtoumax's ERANGE). */
  readonly value: number | null;
  /** Index just past the last digit consumed; equals `from` when nothing was parsed. */
  readonly end: number;
}

function digitValue(ch: string): number {
  const c = ch.charCodeAt(0);
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return 99;
}

/** `strtoumax(s + from, &end, base)` without its sign handling (callers reject `-` first, as xtables does). */
export function strtoumax(s: string, from = 0, base: 0 | 10 = 0): CNumber {
  let i = from;
  while (i < s.length && SPACE.has(s[i]!)) i++;
  if (s[i] === '+') i++;
  let radix: number = base === 0 ? 10 : base;
  if (base === 0 && s[i] === '0') {
    if ((s[i + 1] === 'x' || s[i + 1] === 'X') && i + 2 < s.length && digitValue(s[i + 2]!) < 16) {
      radix = 16;
      i += 2;
    } else radix = 8;
  }
  const start = i;
  let v = 0n;
  while (i < s.length && digitValue(s[i]!) < radix) {
    v = v * BigInt(radix) + BigInt(digitValue(s[i]!));
    i++;
  }
  if (i === start) return { value: null, end: from };
  return { value: v > U64_MAX ? null : Number(v), end: i };
}

/**
 * `xtables_strtoul(s, end ? &end : NULL, &v, min, max)`: with `wantEnd` false the whole string must be
 * the number; `max === 0` means "no upper bound" as in xtables. Returns null when xtables returns false.
 */
export function xtStrtoul(
  s: string,
  min: number,
  max: number,
  wantEnd = false,
  from = 0,
): { value: number; end: number } | null {
  let p = from;
  while (p < s.length && SPACE.has(s[p]!)) p++;
  if (s[p] === '-') return null;
  const r = strtoumax(s, from);
  if (r.end === from) return null;
  if (r.value === null || r.value < min || (max !== 0 && r.value > max)) return null;
  if (!wantEnd && r.end !== s.length) return null;
  return { value: r.value, end: r.end };
}

/**
 * The port a numeric service string stands for in glibc's `getaddrinfo(NULL, name, NULL, …)`: decimal
 * only, the whole string, truncated to 16 bits (`htons((uint16_t) strtoul(name, &c, 10))`).
 */
export function numericServicePort(name: string): number | null {
  let p = 0;
  while (p < name.length && SPACE.has(name[p]!)) p++;
  if (name[p] === '-') return null;
  const r = strtoumax(name, 0, 10);
  if (r.end === 0 || r.end !== name.length || r.value === null) return null;
  return r.value % 65536;
}
