/** Small wording helpers shared by the narration and the explainers: marks, packets, rule and route text. */
import { formatIpv4, maskOf, type Ipv4 } from '../addr/ipv4.ts';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, type Header } from '../model/packet.ts';

/** A mark as iptables prints it: `0x6`. */
export const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;

/** `0x6` for a full mask, `0x2/0x2` otherwise (as `ip rule` and `iptables -S` print a value/mask pair). */
export function markPair(value: number, mask: number): string {
  return mask >>> 0 === 0xffffffff ? hex(value) : `${hex(value)}/${hex(mask)}`;
}

/** Cuts text to `max` characters at a word boundary, with an ellipsis. */
export function shorten(text: string, max = 60): string {
  if (text.length <= max) return text;
  const cut = text.lastIndexOf(' ', max - 1);
  return `${text.slice(0, cut > max / 2 ? cut : max - 1)} …`;
}

/** The conditions of a rule as `iptables -S` prints it: everything before `-j`/`-g`, shortened. */
export function ruleConditions(text: string): string {
  const m = /(^|\s)-[jg]\s/.exec(text);
  const cond = (m ? text.slice(0, m.index) : text).trim();
  return shorten(cond);
}

/** The target part of a rule (`MARK --set-xmark 0x6/0xffffffff`), or ''. */
export function ruleAction(text: string): string {
  const m = /(^|\s)-[jg]\s/.exec(text);
  return m ? text.slice(m.index + m[0].length).trim() : '';
}

/** A route as `ip route` prints it, without the parts that do not decide anything (proto, scope, src). */
export function shortRoute(text: string): string {
  return text
    .replace(/ proto \S+/g, '')
    .replace(/ scope \S+/g, '')
    .replace(/ src \S+/g, '')
    .trim();
}

/** `.36` for 192.168.149.36 in a /24; `.150.36` in a /16; the host bits as an address otherwise (`0.0.6.36`). */
export function hostPart(addr: Ipv4 | number, len: number): string {
  if (len === 32) return 'nothing';
  if (len % 8 === 0 && len > 0)
    return `.${formatIpv4(addr)
      .split('.')
      .slice(len / 8)
      .join('.')}`;
  return formatIpv4((addr & ~maskOf(len)) >>> 0);
}

const hasPorts = (h: { proto: number }) => h.proto === IPPROTO_TCP || h.proto === IPPROTO_UDP;

/** One end of a packet: `192.168.149.22` or `192.168.149.22:40000` for TCP/UDP. */
export function endpoint(h: Header, side: 'src' | 'dst'): string {
  const a = formatIpv4(side === 'src' ? h.src : h.dst);
  return hasPorts(h) ? `${a}:${side === 'src' ? h.sport : h.dport}` : a;
}

/** `192.168.149.22 → 192.168.150.36`, with ports for TCP/UDP. */
export function flowText(h: Header): string {
  return `${endpoint(h, 'src')} → ${endpoint(h, 'dst')}`;
}

const ICMP_NAMES: Record<number, string> = {
  0: 'echo-reply',
  3: 'destination-unreachable',
  5: 'redirect',
  8: 'echo-request',
  11: 'time-exceeded',
};

/** `an ICMP echo-request`, `a TCP SYN`, `a UDP datagram`. */
export function packetKind(h: Header & { tcpFlags: number }): string {
  if (h.proto === IPPROTO_ICMP) return `an ICMP ${ICMP_NAMES[h.icmpType] ?? `type ${h.icmpType}`}`;
  if (h.proto === IPPROTO_TCP) {
    const f = h.tcpFlags;
    if (f & 0x04) return 'a TCP RST';
    if (f & 0x02) return f & 0x10 ? 'a TCP SYN-ACK' : 'a TCP SYN';
    return 'a TCP segment';
  }
  if (h.proto === IPPROTO_UDP) return 'a UDP datagram';
  return `a protocol ${h.proto} packet`;
}

/** `the ICMP id 4242` / `the source port 40000`. */
export function sportName(h: { proto: number }): string {
  return h.proto === IPPROTO_ICMP ? 'ICMP id' : 'source port';
}
