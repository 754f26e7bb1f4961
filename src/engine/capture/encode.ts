/**
 * Real bytes for a traced packet: Ethernet II, IPv4 (RFC 791, header checksum), ICMP (RFC 792: echo,
 * errors quoting the offending datagram), TCP (RFC 9293, checksum over the pseudo-header) and UDP
 * (RFC 768). No ARP, no padding to 60 bytes (a capture on a veth or bridge port shows none).
 */
import type { Mac } from '../addr/mac.ts';
import { IPPROTO_TCP, IPPROTO_UDP, type Header } from '../model/packet.ts';
import type { LegName } from '../timeline/timeline.ts';
import { internetChecksum, pseudoHeaderSum } from './checksum.ts';
import { wireDetails, type WireDetails } from './wire.ts';

export const ETH_HEADER = 14;
export const ETHERTYPE_IPV4 = 0x0800;
const IP_HEADER = 20;
const IP_DF = 0x4000;
/**
 * `__icmp_send` quotes as much of the offending datagram as fits in 576 bytes (RFC 1812 §4.3.2.3):
 * 576 − 20 (IP) − 8 (ICMP), not just its header and 8 bytes.
 */
export const ICMP_QUOTE_MAX = 576 - IP_HEADER - 8;

/** A header, with the quoted header when it is an ICMP error (as in a trace's `Packet`). */
export type WirePacket = Header & { readonly inner?: Header };

function l4Bytes(p: WirePacket, w: WireDetails, pingSec: number): Uint8Array {
  const l4 = w.l4;
  switch (l4.kind) {
    case 'icmp-echo': {
      const b = new Uint8Array(8 + l4.payload.length);
      const v = new DataView(b.buffer);
      b[0] = p.icmpType;
      b[1] = p.icmpCode;
      v.setUint16(4, p.sport); // the echo id is the conntrack "port" of ICMP
      v.setUint16(6, l4.seq);
      b.set(l4.payload, 8);
      v.setUint16(2, internetChecksum(b, 0, b.length));
      return b;
    }
    case 'icmp-error':
    case 'icmp-other': {
      // an error's quote is the request as the erring device had it (its inner header)
      const quote =
        l4.kind === 'icmp-error' && p.inner ? ipPacket(p.inner, 'request', pingSec) : new Uint8Array(0);
      const q = quote.subarray(0, ICMP_QUOTE_MAX);
      const b = new Uint8Array(8 + q.length);
      b[0] = p.icmpType;
      b[1] = p.icmpCode;
      b.set(q, 8);
      new DataView(b.buffer).setUint16(2, internetChecksum(b, 0, b.length));
      return b;
    }
    case 'tcp': {
      const hl = 20 + l4.options.length;
      const b = new Uint8Array(hl);
      const v = new DataView(b.buffer);
      v.setUint16(0, p.sport);
      v.setUint16(2, p.dport);
      v.setUint32(4, l4.seq >>> 0);
      v.setUint32(8, l4.ack >>> 0);
      b[12] = (hl / 4) << 4;
      b[13] = p.tcpFlags & 0xff;
      v.setUint16(14, l4.window);
      b.set(l4.options, 20);
      v.setUint16(16, internetChecksum(b, 0, hl, pseudoHeaderSum(p.src, p.dst, IPPROTO_TCP, hl)));
      return b;
    }
    case 'udp': {
      const len = 8 + l4.payload.length;
      const b = new Uint8Array(len);
      const v = new DataView(b.buffer);
      v.setUint16(0, p.sport);
      v.setUint16(2, p.dport);
      v.setUint16(4, len);
      b.set(l4.payload, 8);
      // RFC 768: a computed 0 is sent as 0xffff (0 means "no checksum")
      const c = internetChecksum(b, 0, len, pseudoHeaderSum(p.src, p.dst, IPPROTO_UDP, len));
      v.setUint16(6, c === 0 ? 0xffff : c);
      return b;
    }
    case 'raw':
      return new Uint8Array(0);
  }
}

/** The IPv4 datagram of a packet of the given leg (`pingSec`: the request's send time, see wire.ts). */
export function ipPacket(p: WirePacket, leg: LegName, pingSec: number): Uint8Array {
  const w = wireDetails(p, leg, pingSec);
  const l4 = l4Bytes(p, w, pingSec);
  const b = new Uint8Array(IP_HEADER + l4.length);
  const v = new DataView(b.buffer);
  b[0] = 0x45;
  b[1] = p.tos & 0xff;
  v.setUint16(2, b.length);
  v.setUint16(4, w.ipId);
  v.setUint16(6, w.df ? IP_DF : 0);
  b[8] = p.ttl & 0xff;
  b[9] = p.proto & 0xff;
  v.setUint32(12, p.src >>> 0);
  v.setUint32(16, p.dst >>> 0);
  v.setUint16(10, internetChecksum(b, 0, IP_HEADER));
  b.set(l4, IP_HEADER);
  return b;
}

function macBytes(m: Mac): number[] {
  return m.split(':').map((x) => parseInt(x, 16));
}

/** An Ethernet II frame carrying an IPv4 datagram. */
export function ethernetFrame(src: Mac, dst: Mac, ip: Uint8Array): Uint8Array {
  const b = new Uint8Array(ETH_HEADER + ip.length);
  b.set(macBytes(dst), 0);
  b.set(macBytes(src), 6);
  b[12] = ETHERTYPE_IPV4 >> 8;
  b[13] = ETHERTYPE_IPV4 & 0xff;
  b.set(ip, ETH_HEADER);
  return b;
}
