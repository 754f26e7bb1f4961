/** The Internet checksum (RFC 1071): one's complement of the one's-complement sum of 16-bit words. */

/** One's-complement sum of `bytes[start, end)` as big-endian 16-bit words (an odd last byte is padded). */
export function onesSum(bytes: Uint8Array, start: number, end: number, initial = 0): number {
  let sum = initial;
  let i = start;
  for (; i + 1 < end; i += 2) sum += (bytes[i]! << 8) | bytes[i + 1]!;
  if (i < end) sum += bytes[i]! << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

/** The checksum field value over `bytes[start, end)`, plus an optional pre-summed part (a pseudo-header). */
export function internetChecksum(bytes: Uint8Array, start: number, end: number, initial = 0): number {
  return ~onesSum(bytes, start, end, initial) & 0xffff;
}

/** Sum of the TCP/UDP pseudo-header (RFC 793 §3.1, RFC 768): source, destination, protocol, length. */
export function pseudoHeaderSum(src: number, dst: number, proto: number, length: number): number {
  let sum = (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + proto + length;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}
