/**
 * The icmp, multiport, iprange, mark, connmark and comment matches, transcribed from
 * extensions/libipt_icmp.c + libxt_icmp.h, libxt_multiport.c (revision 1), libxt_iprange.c (revision 1),
 * libxt_mark.c, libxt_connmark.c and libxt_comment.c of iptables 1.8.9.
 */
import { xtStrtoul } from './c-num.ts';
import { protocolName } from './protocols.ts';
import type { ExtDef } from './xt-ext.ts';
import { XtError } from './xt-ext.ts';
import { numericToIpaddr, parseMarkMask, parsePort } from './xt-values.ts';

/** `icmp_codes[]` of extensions/libxt_icmp.h: name, type, code_min, code_max. */
export const ICMP_CODES: readonly (readonly [string, number, number, number])[] = [
  ['any', 0xff, 0, 0xff],
  ['echo-reply', 0, 0, 0xff],
  ['pong', 0, 0, 0xff],
  ['destination-unreachable', 3, 0, 0xff],
  ['network-unreachable', 3, 0, 0],
  ['host-unreachable', 3, 1, 1],
  ['protocol-unreachable', 3, 2, 2],
  ['port-unreachable', 3, 3, 3],
  ['fragmentation-needed', 3, 4, 4],
  ['source-route-failed', 3, 5, 5],
  ['network-unknown', 3, 6, 6],
  ['host-unknown', 3, 7, 7],
  ['network-prohibited', 3, 9, 9],
  ['host-prohibited', 3, 10, 10],
  ['TOS-network-unreachable', 3, 11, 11],
  ['TOS-host-unreachable', 3, 12, 12],
  ['communication-prohibited', 3, 13, 13],
  ['host-precedence-violation', 3, 14, 14],
  ['precedence-cutoff', 3, 15, 15],
  ['source-quench', 4, 0, 0xff],
  ['redirect', 5, 0, 0xff],
  ['network-redirect', 5, 0, 0],
  ['host-redirect', 5, 1, 1],
  ['TOS-network-redirect', 5, 2, 2],
  ['TOS-host-redirect', 5, 3, 3],
  ['echo-request', 8, 0, 0xff],
  ['ping', 8, 0, 0xff],
  ['router-advertisement', 9, 0, 0xff],
  ['router-solicitation', 10, 0, 0xff],
  ['time-exceeded', 11, 0, 0xff],
  ['ttl-exceeded', 11, 0, 0xff],
  ['ttl-zero-during-transit', 11, 0, 0],
  ['ttl-zero-during-reassembly', 11, 1, 1],
  ['parameter-problem', 12, 0, 0xff],
  ['ip-header-bad', 12, 0, 0],
  ['required-option-missing', 12, 1, 1],
  ['timestamp-request', 13, 0, 0xff],
  ['timestamp-reply', 14, 0, 0xff],
  ['address-mask-request', 17, 0, 0xff],
  ['address-mask-reply', 18, 0, 0xff],
];

export interface IcmpState {
  type: number;
  codeMin: number;
  codeMax: number;
  invert: boolean;
}

/** `parse_range()` of libxt_icmp.h: `n` or `n:m`, each 0..255. */
function icmpRange(s: string, from: number): { lo: number; hi: number; next: number } | null {
  const a = xtStrtoul(s, 0, 255, true, from);
  if (!a) return null;
  if (s[a.end] !== ':') return { lo: a.value, hi: a.value, next: a.end };
  const b = xtStrtoul(s, 0, 255, true, a.end + 1);
  if (!b) return null;
  return { lo: a.value, hi: b.value, next: b.end };
}

/** `ipt_parse_icmp()`: a (prefix of a) type name, or `type[/code]`. */
export function parseIcmpType(str: string): Omit<IcmpState, 'invert'> {
  let match = -1;
  ICMP_CODES.forEach(([name], i) => {
    if (name.slice(0, str.length).toLowerCase() !== str.toLowerCase()) return;
    if (match >= 0)
      throw new XtError(`Ambiguous ICMP type \`${str}': \`${ICMP_CODES[match]![0]}' or \`${name}'?`, {
        explain: 'write more of the name, or the type number.',
      });
    match = i;
  });
  if (match >= 0) {
    const [, type, codeMin, codeMax] = ICMP_CODES[match]!;
    return { type, codeMin, codeMax };
  }
  const t = icmpRange(str, 0);
  if (!t)
    throw new XtError(`Unknown ICMP type \`${str}'`, {
      explain: 'use a type name such as echo-request, a number 0-255, or type/code.',
    });
  let codeMin = 0;
  let codeMax = 0xff;
  if (t.next < str.length) {
    if (str[t.next] !== '/') throw new XtError(`unknown character ${str[t.next]}`);
    const c = icmpRange(str, t.next + 1);
    if (!c)
      throw new XtError(`Unknown ICMP code \`${str}'`, { explain: 'the code after "/" must be 0-255.' });
    if (c.next < str.length) throw new XtError(`unknown character ${str[c.next]}`);
    codeMin = c.lo;
    codeMax = c.hi;
  }
  if (t.lo !== t.hi) throw new XtError('ICMP type range not supported');
  return { type: t.lo, codeMin, codeMax };
}

export const ICMP_EXT: ExtDef<IcmpState> = {
  name: 'icmp',
  options: [{ name: 'icmp-type', id: 0, arg: true, mand: true, invert: true }],
  init: () => ({ type: 0xff, codeMin: 0, codeMax: 0xff, invert: false }),
  parse(st, { arg, invert }) {
    Object.assign(st, parseIcmpType(arg ?? ''));
    if (invert) st.invert = true;
  },
};

export interface MultiportState {
  /** `ports[]` and `pflags[]` of `struct xt_multiport_v1`. */
  ports: number[];
  pflags: boolean[];
  dir: 'src' | 'dst' | 'any';
  invert: boolean;
}

const MULTIPORT_PROTOS = new Set([6, 17, 136, 132, 33]);

/** `check_proto()` of libxt_multiport.c: the service namespace for port names. */
function multiportProto(proto: number, invert: boolean): string {
  if (invert || (proto !== 0 && !MULTIPORT_PROTOS.has(proto)))
    throw new XtError('multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP', {
      explain: 'write -p tcp (or udp, udplite, sctp, dccp) before -m multiport, without "!".',
    });
  if (proto === 0)
    throw new XtError("multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'", {
      explain: '-p must come before the multiport options.',
    });
  return protocolName(proto) ?? '';
}

/** `parse_multi_ports_v1()`: at most 15 slots, a range `a:b` (a < b) taking two. */
function parseMultiPorts(arg: string, proto: string): { ports: number[]; pflags: boolean[] } {
  const ports: number[] = [];
  const pflags: boolean[] = [];
  const items = arg.split(',');
  let k = 0;
  for (; k < items.length && ports.length < 15; k++) {
    const item = items[k]!;
    const colon = item.indexOf(':');
    if (colon >= 0 && ports.length === 14)
      throw new XtError('too many ports specified', {
        explain: 'multiport takes at most 15 ports; a range counts as two.',
      });
    ports.push(parsePort(colon >= 0 ? item.slice(0, colon) : item, proto));
    pflags.push(colon >= 0);
    if (colon >= 0) {
      ports.push(parsePort(item.slice(colon + 1), proto));
      pflags.push(false);
      if (ports[ports.length - 2]! >= ports[ports.length - 1]!)
        throw new XtError('invalid portrange specified', {
          explain: `in ${item} the first port must be below the second.`,
        });
    }
  }
  if (k < items.length)
    throw new XtError('too many ports specified', {
      explain: 'multiport takes at most 15 ports; a range counts as two.',
    });
  return { ports, pflags };
}

const F_ANY = 0b111;

export const MULTIPORT_EXT: ExtDef<MultiportState> = {
  name: 'multiport',
  options: [
    { name: 'source-ports', id: 0, arg: true, invert: true, excl: F_ANY },
    { name: 'sports', id: 0, arg: true, invert: true, excl: F_ANY },
    { name: 'destination-ports', id: 1, arg: true, invert: true, excl: F_ANY },
    { name: 'dports', id: 1, arg: true, invert: true, excl: F_ANY },
    { name: 'ports', id: 2, arg: true, invert: true, excl: F_ANY },
  ],
  init: () => ({ ports: [], pflags: [], dir: 'any', invert: false }),
  parse(st, { entry, arg, invert, env }) {
    const proto = multiportProto(env.proto, env.protoInvert);
    Object.assign(st, parseMultiPorts(arg ?? '', proto));
    st.dir = entry.id === 0 ? 'src' : entry.id === 1 ? 'dst' : 'any';
    if (invert) st.invert = true;
  },
  check(_st, xflags) {
    if (xflags === 0)
      throw new XtError('multiport expection an option', { explain: 'add --sports, --dports or --ports.' });
  },
};

export interface IprangeState {
  src?: { min: number; max: number; invert: boolean };
  dst?: { min: number; max: number; invert: boolean };
}

export const IPRANGE_EXT: ExtDef<IprangeState> = {
  name: 'iprange',
  options: [
    { name: 'src-range', id: 0, arg: true, invert: true },
    { name: 'dst-range', id: 1, arg: true, invert: true },
  ],
  init: () => ({}),
  parse(st, { entry, arg, invert }) {
    const a = arg ?? '';
    const dash = a.indexOf('-');
    const specs = dash < 0 ? [a, a] : [a.slice(0, dash), a.slice(dash + 1)];
    const [min, max] = specs.map((s) => {
      const v = numericToIpaddr(s);
      if (v === null)
        throw new XtError(`iprange: Bad value for "--${entry.name}" option: "${s}"`, {
          explain: 'write FIRST-LAST with numeric IPv4 addresses.',
        });
      return v;
    }) as [number, number];
    st[entry.id === 0 ? 'src' : 'dst'] = { min, max, invert };
  },
  check(_st, xflags) {
    if (xflags === 0) throw new XtError("iprange match: You must specify `--src-range' or `--dst-range'");
  },
};

export interface MarkState {
  value: number;
  mask: number;
  invert: boolean;
}

const markExt = (name: 'mark' | 'connmark'): ExtDef<MarkState> => ({
  name,
  options: [{ name: 'mark', id: 0, arg: true, mand: true, invert: true }],
  init: () => ({ value: 0, mask: 0xffffffff, invert: false }),
  parse(st, { arg, invert }) {
    Object.assign(st, parseMarkMask(name, 'mark', arg ?? ''));
    if (invert) st.invert = true;
  },
});

export const MARK_MATCH_EXT = markExt('mark');
export const CONNMARK_MATCH_EXT = markExt('connmark');

/** Keeps at most `max` UTF-8 bytes, as the fixed-size C buffers (strncpy) do; never splits a character. */
export function truncateUtf8(s: string, max: number): string {
  let bytes = 0;
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (bytes + n > max) break;
    bytes += n;
    out += ch;
  }
  return out;
}

export const COMMENT_EXT: ExtDef<{ comment: string }> = {
  name: 'comment',
  options: [{ name: 'comment', id: 0, arg: true, mand: true }],
  init: () => ({ comment: '' }),
  parse(st, { arg }) {
    // iptables -A accepts line breaks and NUL here, but iptables-save/-restore cannot carry them, so a lab
    // holding one could not be built on a kernel: refuse them up front.
    if (/[\n\r\0]/.test(arg ?? ''))
      throw new XtError('newlines and NUL are not allowed in --comment', {
        explain: 'iptables-restore cannot load a comment that contains them; use plain text.',
      });
    st.comment = truncateUtf8(arg ?? '', 255);
  },
};
