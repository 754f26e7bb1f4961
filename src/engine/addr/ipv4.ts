import { err, ok, type Result } from '../util/result.ts';

/**
 * An IPv4 address as a host-order unsigned 32-bit integer: cheap prefix math, NAT math and map keys.
 * Branded so that a port number or a mark can never be passed where an address is expected.
 */
export type Ipv4 = number & { readonly __brand: 'Ipv4' };

/** A prefix: `addr` keeps whatever host bits were written (an interface address); use {@link networkOf}. */
export interface Cidr {
  readonly addr: Ipv4;
  readonly len: number;
}

const DOTTED = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Parses dotted-quad notation, strictly (no leading zeros, no shorthand like `10.1`). */
export function parseIpv4(text: string): Result<Ipv4> {
  const m = DOTTED.exec(text);
  if (!m) return err(`"${text}" is not an IPv4 address`);
  let v = 0;
  for (let i = 1; i <= 4; i++) {
    const part = m[i]!;
    const n = Number(part);
    if (n > 255 || (part.length > 1 && part[0] === '0')) return err(`"${text}" is not an IPv4 address`);
    v = v * 256 + n;
  }
  return ok(v as Ipv4);
}

/** Parses `a.b.c.d/len`; with `allowBare`, a bare address is a /32 (as iptables and ip(8) accept it). */
export function parseCidr(text: string, allowBare = false): Result<Cidr> {
  const slash = text.indexOf('/');
  if (slash < 0) {
    if (!allowBare) return err(`"${text}" is not an IPv4 prefix (expected a.b.c.d/len)`);
    const a = parseIpv4(text);
    return a.ok ? ok({ addr: a.value, len: 32 }) : err(`"${text}" is not an IPv4 address or prefix`);
  }
  const a = parseIpv4(text.slice(0, slash));
  if (!a.ok) return err(`"${text}" is not an IPv4 prefix: "${text.slice(0, slash)}" is not an IPv4 address`);
  const lenText = text.slice(slash + 1);
  if (!/^\d{1,2}$/.test(lenText) || Number(lenText) > 32) {
    // iptables also accepts a dotted netmask; ip(8) does not. Accept it when it is contiguous.
    const mask = parseIpv4(lenText);
    if (mask.ok) {
      const len = maskToLen(mask.value);
      if (len !== null) return ok({ addr: a.value, len });
    }
    return err(`"${text}" is not an IPv4 prefix: prefix length must be 0..32`);
  }
  return ok({ addr: a.value, len: Number(lenText) });
}

export function formatIpv4(a: Ipv4 | number): string {
  return `${(a >>> 24) & 255}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
}

export function formatCidr(c: Cidr): string {
  return `${formatIpv4(c.addr)}/${c.len}`;
}

/** Netmask of a prefix length as u32 (len 0 → 0). */
export function maskOf(len: number): number {
  return len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
}

/** Prefix length of a contiguous netmask, or null. */
export function maskToLen(mask: number): number | null {
  const m = mask >>> 0;
  for (let len = 0; len <= 32; len++) if (maskOf(len) === m) return len;
  return null;
}

export function networkOf(c: Cidr): Ipv4 {
  return ((c.addr & maskOf(c.len)) >>> 0) as Ipv4;
}

export function broadcastOf(c: Cidr): Ipv4 {
  return ((c.addr | ~maskOf(c.len)) >>> 0) as Ipv4;
}

/** The prefix with host bits cleared (how the kernel and iptables store a route or match prefix). */
export function canonical(c: Cidr): Cidr {
  return { addr: networkOf(c), len: c.len };
}

export function inPrefix(a: Ipv4 | number, c: Cidr): boolean {
  const m = maskOf(c.len);
  return (a & m) >>> 0 === (c.addr & m) >>> 0;
}

export function prefixesOverlap(a: Cidr, b: Cidr): boolean {
  const len = Math.min(a.len, b.len);
  return inPrefix(a.addr, { addr: b.addr, len });
}

export function sameCidr(a: Cidr, b: Cidr): boolean {
  return a.len === b.len && a.addr === b.addr;
}

export function ipv4(text: string): Ipv4 {
  const r = parseIpv4(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

export function cidr(text: string): Cidr {
  const r = parseCidr(text, true);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

export const ANY: Cidr = { addr: 0 as Ipv4, len: 0 };

/** RFC 1122 §3.2.1.3 classes the kernel treats specially (`ipv4_is_*` in include/linux/in.h). */
export const isZeronet = (a: number): boolean => a >>> 24 === 0;
export const isLoopback = (a: number): boolean => a >>> 24 === 127;
export const isMulticast = (a: number): boolean => a >>> 28 === 0xe;
export const isLimitedBroadcast = (a: number): boolean => a >>> 0 === 0xffffffff;
