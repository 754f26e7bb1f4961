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
  const i = p.inner;
  if (i)
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
      mark: p.mark,
      inner: headerOf(i),
    };
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
    mark: p.mark,
  };
}

/** A snapshot of the packet as it was with other addresses and ports (the packet before NAT rewrote them). */
export function snapshotWith(p: Pkt, src: Ipv4, dst: Ipv4, sport: number, dport: number): Packet {
  return p.inner
    ? { ...snapshot(p), src, dst, sport, dport }
    : {
        src,
        dst,
        proto: p.proto,
        sport,
        dport,
        icmpType: p.icmpType,
        icmpCode: p.icmpCode,
        tcpFlags: p.tcpFlags,
        ttl: p.ttl,
        tos: p.tos,
        mark: p.mark,
      };
}

/** A copy of the quoted header (its own object: NAT rewrites it in place). */
function copyInner(i: InnerPkt): InnerPkt {
  return {
    src: i.src,
    dst: i.dst,
    proto: i.proto,
    sport: i.sport,
    dport: i.dport,
    icmpType: i.icmpType,
    icmpCode: i.icmpCode,
    tcpFlags: i.tcpFlags,
    ttl: i.ttl,
    tos: i.tos,
  };
}

/** A copy of the packet with its skb state (an ICMP error's quoted header copied too). */
export function clonePkt(p: Pkt): Pkt {
  const c: Pkt = {
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
    ct: p.ct,
    untracked: p.untracked,
  };
  if (p.inner) c.inner = copyInner(p.inner);
  return c;
}

/** A new skb for the same wire bytes: mark and conntrack do not cross a wire. */
export function onWire(p: Pkt): Pkt {
  const c: Pkt = {
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
    mark: 0,
    ct: null,
    untracked: false,
  };
  if (p.inner) c.inner = copyInner(p.inner);
  return c;
}
