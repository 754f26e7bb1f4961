/**
 * Value parsers shared by the extensions, each a transcription of its libxtables original
 * (libxtables/xtables.c, libxtables/xtoptions.c, include/xtables.h) with iptables' own error texts.
 */
import { numericServicePort, strtoumax, xtStrtoul } from './c-num.ts';
import { serviceByName, serviceByNameAnyStream } from './services.ts';
import { XtError } from './xt-ext.ts';

/** `xtables_parse_port(port, proto)`: a C number 0..65535 or `getservbyname(port, proto)`. */
export function parsePort(port: string, proto: string | null): number {
  const n = xtStrtoul(port, 0, 0xffff);
  if (n) return n.value;
  const s = serviceByName(port, proto);
  if (s !== null) return s;
  throw new XtError(`invalid port/service \`${port}' specified`, {
    explain: `"${port}" is neither a port number 0-65535 nor a ${proto ?? ''} service name from /etc/services.`,
  });
}

/** `xtables_getportbyname()` (XTTYPE_PORT / XTTYPE_PORTRC, e.g. the udp match): glibc getaddrinfo. */
export function portByGetaddrinfo(name: string): number | null {
  return numericServicePort(name) ?? serviceByNameAnyStream(name);
}

/** `xtopt_parse_int()` for XTTYPE_UINT32 without explicit bounds. */
export function parseUint32(ext: string, option: string, arg: string): number {
  const n = xtStrtoul(arg, 0, 0xffffffff);
  if (!n)
    throw new XtError(`${ext}: bad value for option "--${option}", or out of range (0-4294967295).`, {
      explain: `--${option} takes a number 0..0xffffffff (decimal, 0x hex or 0 octal).`,
    });
  return n.value;
}

/** `xtables_parse_mark_mask()` (XTTYPE_MARKMASK32): `value[/mask]`, mask defaulting to 0xffffffff. */
export function parseMarkMask(ext: string, option: string, arg: string): { value: number; mask: number } {
  const bad = () =>
    new XtError(`${ext}: bad integer value for option "--${option}", or out of range.`, {
      explain: `--${option} takes value[/mask], each a number 0..0xffffffff.`,
    });
  const garbage = () =>
    new XtError(`${ext}: trailing garbage after value for option "--${option}".`, {
      explain: `--${option} takes value[/mask], each a number 0..0xffffffff.`,
    });
  const v = xtStrtoul(arg, 0, 0xffffffff, true);
  if (!v) throw bad();
  if (v.end === arg.length) return { value: v.value, mask: 0xffffffff };
  if (arg[v.end] !== '/') throw garbage();
  const m = xtStrtoul(arg, 0, 0xffffffff, true, v.end + 1);
  if (!m) throw bad();
  if (m.end !== arg.length) throw garbage();
  return { value: v.value, mask: m.value };
}

const SYSLOG_LEVELS: ReadonlyMap<string, number> = new Map([
  ['alert', 1],
  ['crit', 2],
  ['debug', 7],
  ['emerg', 0],
  ['error', 3],
  ['info', 6],
  ['notice', 5],
  ['panic', 0],
  ['warning', 4],
]);

/** `xtopt_parse_sysloglevel()`: 0..7 or a syslog level name. */
export function parseSyslogLevel(arg: string): number {
  const n = xtStrtoul(arg, 0, 7);
  if (n) return n.value;
  const l = SYSLOG_LEVELS.get(arg);
  if (l === undefined)
    throw new XtError(`log level "${arg}" unknown`, {
      explain: 'use 0-7 or emerg, alert, crit, error, warning, notice, info, debug.',
    });
  return l;
}

/**
 * `__numeric_to_ipaddr()` (libxtables/xtables.c): up to four dot-separated C numbers 0..255 (`010` is
 * octal, `0x1` hex); as an address missing trailing parts are zero (`10.1` = 10.1.0.0), as a mask all
 * four are required. Only the first 19 characters are looked at.
 */
export function numericToIpaddr(dotted: string, isMask = false): number | null {
  const buf = dotted.slice(0, 19);
  const parts = buf.split('.');
  if (parts.length > 4) {
    parts.length = 4;
    const rest = buf.split('.').slice(3).join('.');
    parts[3] = rest;
  }
  if (isMask && parts.length < 4) return null;
  let v = 0;
  for (let i = 0; i < 4; i++) {
    const p = parts[i];
    if (p === undefined) {
      v = v * 256;
      continue;
    }
    const n = xtStrtoul(p, 0, 255);
    if (!n) return null;
    v = v * 256 + n.value;
  }
  return v >>> 0;
}

/** `parse_ipmask()`: a dotted mask or a prefix length 0..32 (C number); null mask text = /32. */
export function parseIpMask(mask: string | null): number {
  if (mask === null) return 0xffffffff;
  const dotted = numericToIpaddr(mask, true);
  if (dotted !== null) return dotted;
  const bits = xtStrtoul(mask, 0, 32);
  if (!bits)
    throw new XtError(`invalid mask \`${mask}' specified`, {
      explain: 'after "/" write a prefix length 0-32 or a dotted netmask.',
    });
  return bits.value === 0 ? 0 : (0xffffffff << (32 - bits.value)) >>> 0;
}

/** Prefix length of a contiguous mask, or null (`xtables_ipmask_to_cidr()` returning -1). */
export function maskLen(mask: number): number | null {
  for (let len = 0; len <= 32; len++)
    if ((len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0) === mask >>> 0) return len;
  return null;
}

/**
 * glibc `__inet_aton_exact()` (what getaddrinfo uses for a numeric IPv4 host): one to four C numbers
 * (`0x` hex, `0` octal); the last one fills the remaining bytes (`10.1` = 10.0.0.1).
 */
export function inetAton(s: string): number | null {
  const parts = s.split('.');
  if (parts.length > 4) return null;
  const vals: number[] = [];
  for (const p of parts) {
    if (!/^[0-9]/.test(p)) return null;
    const r = strtoumax(p, 0, 0);
    if (r.end !== p.length || r.value === null || r.value > 0xffffffff) return null;
    vals.push(r.value);
  }
  const last = vals.length - 1;
  let v = 0;
  for (let i = 0; i < last; i++) {
    if (vals[i]! > 255) return null;
    v = v * 256 + vals[i]!;
  }
  const room = 2 ** (8 * (4 - last));
  if (vals[last]! >= room) return null;
  return (v * room + vals[last]!) >>> 0;
}
