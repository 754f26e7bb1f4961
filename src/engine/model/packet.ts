/** The IPv4 header fields the simulator tracks, plus the skb metadata that matters (mark). */
import type { Ipv4 } from '../addr/ipv4.ts';

export const IPPROTO_ICMP = 1;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;

export const PROTO_NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'all'],
  [IPPROTO_ICMP, 'icmp'],
  [IPPROTO_TCP, 'tcp'],
  [IPPROTO_UDP, 'udp'],
  [2, 'igmp'],
  [4, 'ipencap'],
  [47, 'gre'],
  [50, 'esp'],
  [51, 'ah'],
  [132, 'sctp'],
]);

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;
export const TCP_URG = 0x20;

export const ICMP_ECHOREPLY = 0;
export const ICMP_DEST_UNREACH = 3;
export const ICMP_REDIRECT = 5;
export const ICMP_ECHO = 8;
export const ICMP_TIME_EXCEEDED = 11;

/** Codes of ICMP_DEST_UNREACH. */
export const ICMP_NET_UNREACH = 0;
export const ICMP_HOST_UNREACH = 1;
export const ICMP_PROT_UNREACH = 2;
export const ICMP_PORT_UNREACH = 3;
export const ICMP_NET_ANO = 9;
export const ICMP_HOST_ANO = 10;
export const ICMP_PKT_FILTERED = 13;

/** The transport part of a header: ports for TCP/UDP, type/code/id for ICMP. */
export interface L4 {
  readonly proto: number;
  /** TCP/UDP source port; ICMP echo id (the conntrack "port" of ICMP). */
  readonly sport: number;
  readonly dport: number;
  readonly icmpType: number;
  readonly icmpCode: number;
  readonly tcpFlags: number;
}

export interface Header extends L4 {
  readonly src: Ipv4;
  readonly dst: Ipv4;
  readonly ttl: number;
  readonly tos: number;
}

/** A packet in flight: header, skb mark, and for ICMP errors the quoted original header. */
export interface Packet extends Header {
  readonly mark: number;
  readonly inner?: Header;
}

export function isIcmpError(p: { proto: number; icmpType: number }): boolean {
  return (
    p.proto === IPPROTO_ICMP &&
    (p.icmpType === ICMP_DEST_UNREACH ||
      p.icmpType === ICMP_TIME_EXCEEDED ||
      p.icmpType === ICMP_REDIRECT ||
      p.icmpType === 4 ||
      p.icmpType === 12)
  );
}
