/** Addresses and prefixes as iproute2 reads them (`get_addr_ipv4`, `get_prefix`, `get_netmask`). */
import { formatIpv4, maskToLen, type Cidr, type Ipv4 } from '../addr/ipv4.ts';
import { parseUnsigned } from '../tools/ip-names.ts';
import { kernelRefuses, unsupported } from './issues.ts';

/** `get_addr_ipv4`: 1 to 4 parts, each a C number (`010` is octal, `0x` hex) up to 255; missing parts are 0. */
export function parseIpAddr(text: string): Ipv4 | null {
  const parts = text.split('.');
  if (parts.length > 4) return null;
  let v = 0;
  for (let i = 0; i < 4; i++) {
    const p = parts[i];
    let n = 0;
    if (p !== undefined) {
      if (!/^[0-9a-fA-FxX]+$/.test(p)) return null;
      const u = parseUnsigned(p);
      if (u === null || u > 255) return null;
      n = u;
    }
    v = v * 256 + n;
  }
  return v as Ipv4;
}

export const isIpv6 = (text: string) => text.includes(':');

/** An address argument: IPv4, or a refusal (IPv6 is the caller's business). */
export function ipAddrArg(text: string, what: string): Ipv4 {
  const a = parseIpAddr(text);
  if (a === null) kernelRefuses(`Error: ${what} "${text}" is not an IPv4 address`);
  return a;
}

export interface Prefix extends Cidr {
  /** Written as a prefix (with `/`) or as `default`/`all`/`any`. */
  readonly explicitLen: boolean;
}

/** `get_prefix`: `default`, `all`, `any`, an address (/32) or ADDR/LEN (LEN may be a dotted netmask). */
export function parsePrefixArg(text: string, what: string): Prefix {
  if (text === 'default' || text === 'all' || text === 'any')
    return { addr: 0 as Ipv4, len: 0, explicitLen: true };
  if (isIpv6(text)) unsupported(`${what} ${text}: IPv6 is not modelled`);
  const slash = text.indexOf('/');
  const addr = parseIpAddr(slash < 0 ? text : text.slice(0, slash));
  if (addr === null) kernelRefuses(`Error: an inet prefix is expected rather than "${text}".`);
  if (slash < 0) return { addr, len: 32, explicitLen: false };
  const l = text.slice(slash + 1);
  let len = /^[0-9]+$/.test(l) ? Number(l) : null;
  if (len === null) {
    const m = parseIpAddr(l);
    len = m !== null && l.split('.').length === 4 ? maskToLen(m) : null;
  }
  if (len === null || len > 32) kernelRefuses(`Error: an inet prefix is expected rather than "${text}".`);
  return { addr, len, explicitLen: true };
}

export const prefixText = (p: Cidr) =>
  p.len === 0 && p.addr === 0 ? 'default' : `${formatIpv4(p.addr)}/${p.len}`;

/** A u32 as iproute2's `get_u32(…, 0)` reads it (decimal, 0x hex, 0 octal). */
export function u32Arg(text: string, what: string): number {
  const n = parseUnsigned(text);
  if (n === null) kernelRefuses(`Error: argument "${text}" is wrong: "${what}" value is invalid`);
  return n;
}
