/**
 * The numeric host forms glibc's `getaddrinfo()` accepts for IPv4 (`inet_aton()`): one to four parts,
 * each decimal, octal (`010`) or hex (`0x1f`); the last part fills the remaining bytes — `1.2.3` is
 * 1.2.0.3 and `0x01020304` is 1.2.3.4, as `ping 1.2.3` shows.
 */
import type { Ipv4 } from '../addr/ipv4.ts';

const PART = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/;

export function inetAton(text: string): Ipv4 | null {
  const parts = text.split('.');
  if (parts.length > 4 || parts.some((p) => !PART.test(p) || p.length > 40)) return null;
  const nums = parts.map((p) =>
    /^0[xX]/.test(p)
      ? parseInt(p.slice(2), 16)
      : p.length > 1 && p.startsWith('0')
        ? parseInt(p, 8)
        : Number(p),
  );
  const last = nums.pop()!;
  if (nums.some((n) => n > 255)) return null;
  const room = 4 - nums.length;
  if (last >= 2 ** (8 * room)) return null;
  let v = 0;
  for (const n of nums) v = v * 256 + n;
  return (v * 2 ** (8 * room) + last) as Ipv4;
}
