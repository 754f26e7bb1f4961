/**
 * What the local socket layer does with a delivered packet: ICMP echo is answered by the kernel
 * (`icmp_echo`), TCP SYN by a listener (SYN-ACK) or with a reset, UDP by a listening echo service or
 * with ICMP port unreachable. Replies leave from the address the request was sent to
 * (`fib_compute_spec_dst`) with mark 0 (net.ipv4.fwmark_reflect=0).
 */
import type { Device } from '../model/device.ts';
import {
  ICMP_DEST_UNREACH,
  ICMP_ECHO,
  ICMP_ECHOREPLY,
  ICMP_PORT_UNREACH,
  IPPROTO_ICMP,
  IPPROTO_TCP,
  IPPROTO_UDP,
  TCP_ACK,
  TCP_RST,
  TCP_SYN,
} from '../model/packet.ts';
import type { Pkt } from './pkt.ts';

export type SocketOutcome =
  | {
      readonly kind: 'reply';
      readonly to: string;
      readonly what: string;
      readonly pkt: Omit<Pkt, 'ttl' | 'ct' | 'untracked' | 'mark' | 'tos'>;
    }
  | {
      readonly kind: 'error';
      readonly to: string;
      readonly type: number;
      readonly code: number;
      readonly what: string;
    }
  | { readonly kind: 'none'; readonly to: string; readonly why?: 'echo_ignored' };

type ReplyPkt = Extract<SocketOutcome, { kind: 'reply' }>['pkt'];

/** The answer's header: addresses swapped (one object literal: this runs once per trace). */
function answer(p: Pkt, icmpType: number, sport: number, dport: number, tcpFlags: number): ReplyPkt {
  return { src: p.dst, dst: p.src, proto: p.proto, sport, dport, icmpType, icmpCode: 0, tcpFlags };
}

export function socketDeliver(dev: Device, p: Pkt): SocketOutcome {
  if (p.proto === IPPROTO_ICMP) {
    if (p.icmpType === ICMP_ECHO) {
      if (dev.net.icmp_echo_ignore_all)
        return { kind: 'none', to: 'kernel ICMP (echo ignored)', why: 'echo_ignored' };
      return {
        kind: 'reply',
        to: 'kernel ICMP echo',
        what: 'echo-reply',
        pkt: answer(p, ICMP_ECHOREPLY, p.sport, 0, 0),
      };
    }
    return { kind: 'none', to: p.icmpType === ICMP_ECHOREPLY ? 'ping socket' : 'ICMP error handler' };
  }
  if (p.proto === IPPROTO_TCP) {
    const listening = listens(dev, 'tcp', p.dport);
    if ((p.tcpFlags & (TCP_SYN | TCP_ACK | TCP_RST)) === TCP_SYN) {
      if (listening)
        return {
          kind: 'reply',
          to: `tcp listener :${p.dport}`,
          what: 'tcp syn-ack',
          pkt: answer(p, 0, p.dport, p.sport, TCP_SYN | TCP_ACK),
        };
      return {
        kind: 'reply',
        to: `no tcp listener on :${p.dport}`,
        what: 'tcp rst',
        pkt: answer(p, 0, p.dport, p.sport, TCP_RST | TCP_ACK),
      };
    }
    return { kind: 'none', to: 'tcp socket' };
  }
  if (p.proto === IPPROTO_UDP) {
    if (listens(dev, 'udp', p.dport))
      return {
        kind: 'reply',
        to: `udp echo service :${p.dport}`,
        what: 'udp',
        pkt: answer(p, 0, p.dport, p.sport, 0),
      };
    return {
      kind: 'error',
      to: `no udp socket on :${p.dport}`,
      type: ICMP_DEST_UNREACH,
      code: ICMP_PORT_UNREACH,
      what: 'icmp port-unreachable',
    };
  }
  return {
    kind: 'error',
    to: 'no protocol handler',
    type: ICMP_DEST_UNREACH,
    code: 2,
    what: 'icmp protocol-unreachable',
  };
}

function listens(dev: Device, proto: 'tcp' | 'udp', port: number): boolean {
  for (const s of dev.services) if (s.proto === proto && s.port === port) return true;
  return false;
}
