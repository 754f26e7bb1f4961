/**
 * What Linux puts on the wire that a trace does not model: IP ids and the DF bit, ping's sequence
 * number and payload, TCP sequence numbers, windows and options, the UDP payload. The values are the
 * ones Linux uses for each kind of packet (checked with tcpdump -v on a 6.x kernel); the ones the
 * kernel picks at random (IP ids of unconnected sockets, initial sequence numbers, TCP timestamps) are
 * fixed synthetic constants, so a capture is the same every time. See docs/capture.md.
 */
import {
  isIcmpError,
  IPPROTO_ICMP,
  IPPROTO_TCP,
  IPPROTO_UDP,
  TCP_ACK,
  TCP_RST,
  TCP_SYN,
  ICMP_ECHO,
  ICMP_ECHOREPLY,
  type Header,
} from '../model/packet.ts';
import type { LegName } from '../timeline/timeline.ts';

/** 2025-01-01 00:00:00 UTC: the synthetic clock of every capture starts here. */
export const CAPTURE_EPOCH_SEC = 1_735_689_600;
/** Microseconds between two frames put on a wire. */
export const WIRE_STEP_USEC = 100;

/** iputils ping's default: 56 data bytes (84-byte IP packet), the first sequence number is 1. */
export const PING_DATA_BYTES = 56;
export const PING_SEQ = 1;
/** What natlab's probes send over UDP (the kernel tests send the same bytes). */
export const UDP_PROBE_PAYLOAD = 'natlab-probe';

/** Synthetic IP ids: the request's sender and the answering side (random per socket on Linux). */
export const REQUEST_IP_ID = 0x4e2a;
export const REPLY_IP_ID = 0xb7c1;

/** Synthetic TCP initial sequence numbers and timestamps of client (SYN) and server (SYN-ACK). */
export const CLIENT_ISN = 1_000_000_000;
export const SERVER_ISN = 2_000_000_000;
export const CLIENT_TSVAL = 100_000;
export const SERVER_TSVAL = 200_000;
/** Linux's windows for a SYN and a SYN-ACK on a 1500-byte MTU link with timestamps (44 × 1460, 45 × 1448). */
export const SYN_WINDOW = 64240;
export const SYNACK_WINDOW = 65160;
export const TCP_MSS = 1460;
export const TCP_WSCALE = 7;

export type L4Wire =
  | { readonly kind: 'icmp-echo'; readonly seq: number; readonly payload: Uint8Array }
  /** An ICMP error: the quoted datagram comes from the packet's `inner` header. */
  | { readonly kind: 'icmp-error' }
  /** Other ICMP types: the 4 bytes after the checksum are zero, nothing follows. */
  | { readonly kind: 'icmp-other' }
  | {
      readonly kind: 'tcp';
      readonly seq: number;
      readonly ack: number;
      readonly window: number;
      /** Encoded TCP options, a multiple of 4 bytes. */
      readonly options: Uint8Array;
    }
  | { readonly kind: 'udp'; readonly payload: Uint8Array }
  | { readonly kind: 'raw' };

export interface WireDetails {
  readonly ipId: number;
  /** IP_DF: set by sockets doing path-MTU discovery (the default), never by the kernel's ICMP socket. */
  readonly df: boolean;
  readonly l4: L4Wire;
}

function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
}

/**
 * iputils ping's data: a `struct timeval` (64-bit seconds and microseconds, little-endian on x86-64)
 * of the send time, then the fill pattern, byte i = i.
 */
export function pingPayload(sec: number): Uint8Array {
  const b = new Uint8Array(PING_DATA_BYTES);
  for (let i = 0; i < b.length; i++) b[i] = i;
  const v = new DataView(b.buffer);
  v.setUint32(0, sec >>> 0, true);
  v.setUint32(4, Math.floor(sec / 2 ** 32), true);
  v.setUint32(8, 0, true);
  v.setUint32(12, 0, true);
  return b;
}

/** Linux's SYN options, in its order: mss, sackOK + TS, nop, wscale. */
function synOptions(tsval: number, tsecr: number): Uint8Array {
  const o = new Uint8Array(20);
  const v = new DataView(o.buffer);
  o.set([2, 4], 0);
  v.setUint16(2, TCP_MSS);
  o.set([4, 2, 8, 10], 4);
  v.setUint32(8, tsval);
  v.setUint32(12, tsecr);
  o.set([1, 3, 3, TCP_WSCALE], 16);
  return o;
}

function tcpWire(h: Header): L4Wire {
  const f = h.tcpFlags;
  if ((f & (TCP_SYN | TCP_ACK | TCP_RST)) === TCP_SYN)
    return { kind: 'tcp', seq: CLIENT_ISN, ack: 0, window: SYN_WINDOW, options: synOptions(CLIENT_TSVAL, 0) };
  if ((f & (TCP_SYN | TCP_ACK)) === (TCP_SYN | TCP_ACK))
    return {
      kind: 'tcp',
      seq: SERVER_ISN,
      ack: CLIENT_ISN + 1,
      window: SYNACK_WINDOW,
      options: synOptions(SERVER_TSVAL, CLIENT_TSVAL),
    };
  // tcp_v4_send_reset / nf_send_reset answering a SYN: seq 0, ack = its seq + 1, window 0, no options
  if (f & TCP_RST)
    return {
      kind: 'tcp',
      seq: 0,
      ack: f & TCP_ACK ? CLIENT_ISN + 1 : 0,
      window: 0,
      options: new Uint8Array(0),
    };
  return { kind: 'tcp', seq: CLIENT_ISN + 1, ack: 0, window: SYN_WINDOW, options: new Uint8Array(0) };
}

/**
 * The wire details of a packet of the request or the reply leg (the quoted datagram of an ICMP error
 * is the request's). `pingSec` is the request's send time, which ping writes into its payload and the
 * echo reply carries back.
 */
export function wireDetails(h: Header, leg: LegName, pingSec: number): WireDetails {
  const id = leg === 'request' ? REQUEST_IP_ID : REPLY_IP_ID;
  switch (h.proto) {
    case IPPROTO_ICMP: {
      // ping sets DF (IP_PMTUDISC_WANT); the kernel's own ICMP socket (echo replies, errors) uses
      // IP_PMTUDISC_DONT: no DF, a hashed id
      if (h.icmpType === ICMP_ECHO || h.icmpType === ICMP_ECHOREPLY)
        return {
          ipId: id,
          df: h.icmpType === ICMP_ECHO,
          l4: { kind: 'icmp-echo', seq: PING_SEQ, payload: pingPayload(pingSec) },
        };
      return { ipId: id, df: false, l4: isIcmpError(h) ? { kind: 'icmp-error' } : { kind: 'icmp-other' } };
    }
    case IPPROTO_TCP: {
      const l4 = tcpWire(h);
      // a connected socket numbers its packets (inet_id); SYN-ACKs and resets leave with id 0 and DF
      // (ip_build_and_send_pkt, ip_send_unicast_reply, nf_reject_iphdr_put)
      const fromSocket = (h.tcpFlags & (TCP_SYN | TCP_ACK | TCP_RST)) === TCP_SYN;
      return { ipId: fromSocket ? id : 0, df: true, l4 };
    }
    case IPPROTO_UDP:
      return { ipId: id, df: true, l4: { kind: 'udp', payload: ascii(UDP_PROBE_PAYLOAD) } };
    default:
      return { ipId: id, df: true, l4: { kind: 'raw' } };
  }
}
