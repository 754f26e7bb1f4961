/** The packet being processed: header fields plus skb state (mark, conntrack). Mutable while in a hop. */
import type { Ipv4 } from '../addr/ipv4.ts';
import type { CtRef } from '../conntrack/table.ts';
import type { Header, Packet } from '../model/packet.ts';

/** The mutable header fields (also the quoted header inside an ICMP error). */
export interface InnerPkt {
  src: Ipv4;
  dst: Ipv4;
  proto: number;
  sport: number;
  dport: number;
  icmpType: number;
  icmpCode: number;
  tcpFlags: number;
  ttl: number;
  tos: number;
}

export interface Pkt extends InnerPkt {
  /** skb->mark (nfmark). Per packet: a reply starts with 0. */
  mark: number;
  /** The quoted header of an ICMP error. */
  inner?: InnerPkt;
  /** skb->_nfct. */
  ct: CtRef | null;
  /** `-j CT --notrack` in raw. */
  untracked: boolean;
}

export function headerOf(p: Pkt | InnerPkt): Header {
  return {
    src: p.src,
    dst: p.dst,
    proto: p.proto,
    sport: p.sport,
    dport: p.dport,
    icmpType: p.icmpType,
    icmpCode: p.icmpCode,
    tcpFlags: p.tcpFlags,
    ttl: p.ttl,
    tos: p.tos,
  };
}

/** An immutable snapshot for trace steps (a hot path: one object literal, no spreads). */
export function snapshot(p: Pkt): Packet {
  const s: Packet = {
    src: p.src,
    dst: p.dst,
    proto: p.proto,
    sport: p.sport,
    dport: p.dport,
    icmpType: p.icmpType,
    icmpCode: p.icmpCode,
    tcpFlags: p.tcpFlags,
    ttl: p.ttl,
    tos: p.tos,
    mark: p.mark,
  };
  return p.inner ? { ...s, inner: headerOf(p.inner) } : s;
}

/** A new skb for the same wire bytes: mark and conntrack do not cross a wire. */
export function onWire(p: Pkt): Pkt {
  return { ...p, mark: 0, ct: null, untracked: false, ...(p.inner ? { inner: { ...p.inner } } : {}) };
}
