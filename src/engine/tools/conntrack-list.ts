/**
 * A device's conntrack table as `conntrack -L` (conntrack-tools 1.4.7, libnetfilter_conntrack's
 * default output) prints it:
 *
 *   icmp     1 30 src=… dst=… type=8 code=0 id=… src=… dst=… type=0 code=0 id=… mark=0 use=1
 *   tcp      6 120 SYN_SENT src=… dst=… sport=… dport=… [UNREPLIED] src=… … mark=0 use=1
 *
 * The timeout is the protocol's nf_conntrack default as it was set by the entry's last packet (natlab
 * has no clock; the kernel counts it down, so a real listing a moment later shows one less). The engine
 * follows TCP only through SYN and its answer, so a TCP entry is SYN_SENT until a reply was seen and
 * SYN_RECV after (the state the kernel is in before the client's ACK). UDP entries are never ASSURED
 * (the kernel assures a UDP flow still active after 2 s). Entries are listed in the order they were
 * confirmed; the kernel lists them in hash order.
 */
import { inPrefix, type Cidr } from '../addr/ipv4.ts';
import { formatTuple } from '../conntrack/tuple.ts';
import type { CtEntry, CtTable } from '../conntrack/table.ts';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP } from '../model/packet.ts';

/** libnetfilter_conntrack's layer-4 names (`proto2str`); others print as `unknown`. */
export const L4_NAMES: Readonly<Record<number, string>> = {
  1: 'icmp',
  2: 'igmp',
  6: 'tcp',
  17: 'udp',
  33: 'dccp',
  47: 'gre',
  58: 'icmpv6',
  132: 'sctp',
  136: 'udplite',
};

/** The kernel's default timeouts in seconds (net.netfilter.nf_conntrack_*_timeout*). */
export const CT_TIMEOUTS = {
  icmp: 30,
  udpUnreplied: 30,
  tcpSynSent: 120,
  tcpSynRecv: 60,
  generic: 600,
} as const;

function stateAndTimeout(e: CtEntry): { state: string | null; timeout: number } {
  switch (e.orig.proto) {
    case IPPROTO_ICMP:
      return { state: null, timeout: CT_TIMEOUTS.icmp };
    case IPPROTO_UDP:
      return { state: null, timeout: CT_TIMEOUTS.udpUnreplied };
    case IPPROTO_TCP:
      return e.status.seenReply
        ? { state: 'SYN_RECV', timeout: CT_TIMEOUTS.tcpSynRecv }
        : { state: 'SYN_SENT', timeout: CT_TIMEOUTS.tcpSynSent };
    default:
      return { state: null, timeout: CT_TIMEOUTS.generic };
  }
}

/** One line of `conntrack -L`, without the newline. */
export function formatCtEntry(e: CtEntry): string {
  const { state, timeout } = stateAndTimeout(e);
  const name = (L4_NAMES[e.orig.proto] ?? 'unknown').padEnd(8);
  const parts = [`${name} ${e.orig.proto} ${timeout}`];
  if (state) parts.push(state);
  parts.push(formatTuple(e.orig));
  if (!e.status.seenReply) parts.push('[UNREPLIED]');
  parts.push(formatTuple(e.reply));
  parts.push(`mark=${e.mark >>> 0}`, 'use=1');
  return parts.join(' ');
}

/** `conntrack -L` filters: the original/reply addresses, the protocol, the connmark. */
export interface CtFilter {
  readonly proto?: number;
  readonly origSrc?: Cidr;
  readonly origDst?: Cidr;
  readonly replySrc?: Cidr;
  readonly replyDst?: Cidr;
  readonly mark?: { readonly value: number; readonly mask: number };
  /** `-f ipv6`: natlab has no IPv6 entries. */
  readonly ipv6?: boolean;
}

export function matchesFilter(e: CtEntry, f: CtFilter): boolean {
  if (f.ipv6) return false;
  if (f.proto !== undefined && e.orig.proto !== f.proto) return false;
  if (f.origSrc && !inPrefix(e.orig.src, f.origSrc)) return false;
  if (f.origDst && !inPrefix(e.orig.dst, f.origDst)) return false;
  if (f.replySrc && !inPrefix(e.reply.src, f.replySrc)) return false;
  if (f.replyDst && !inPrefix(e.reply.dst, f.replyDst)) return false;
  if (f.mark && (e.mark & f.mark.mask) >>> 0 !== (f.mark.value & f.mark.mask) >>> 0) return false;
  return true;
}

/**
 * `conntrack -F` (`nf_conntrack_flush`): every entry goes.
 */
export function flushTable(t: CtTable): void {
  t.flush();
}
