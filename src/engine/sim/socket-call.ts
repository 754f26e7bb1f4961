/** What the probe's socket call does before anything is sent: how it routes, and what it refuses. */
import { formatIpv4, type Ipv4 } from '../addr/ipv4.ts';
import { ERRNO_TEXT } from './stack.ts';

/**
 * How the probe's socket picks its route, as the tools the differential tests run (and users type):
 * - `connect` — a TCP connect() (or a connected UDP socket), unbound: `ip_route_connect()` looks up
 *   without a source to choose one, then again with it, and the packet follows the second lookup, so
 *   rules `from` that source apply (tests/kernel-regressions/README.md finding 3).
 * - `ping` — iputils ping without -I: it connect()s a UDP socket (SO_MARK set) to learn the source;
 *   a failure there ends ping ("Do you want to ping broadcast?" for EACCES). The echo itself goes out
 *   of its unbound raw socket: one lookup without a source (checked with strace and on the kernel).
 * - `plain` — one lookup with the bound address or none: an unconnected UDP socket's sendto() (the
 *   `udp` probe), bound sockets, replies, ICMP errors.
 */
export type SendMode = 'connect' | 'ping' | 'plain';

/**
 * A socket may not send to a broadcast address without SO_BROADCAST: ping's probe connect() and
 * sendto() fail with EACCES (__ip4_datagram_connect, udp_sendmsg, raw_sendmsg), a TCP connect() with
 * ENETUNREACH (tcp_v4_connect refuses RTCF_BROADCAST routes). Kernel-checked: src/kernel/broadcast.test.ts.
 */
export function broadcastRefusal(
  mode: SendMode,
  dst: Ipv4,
): {
  readonly errno: 'EACCES' | 'ENETUNREACH';
  readonly purpose: 'output' | 'connect';
  readonly detail: string;
} {
  const errno = mode === 'connect' ? 'ENETUNREACH' : 'EACCES';
  const call = mode === 'plain' ? 'sendmsg: ' : 'connect: ';
  return {
    errno,
    purpose: mode === 'plain' ? 'output' : 'connect',
    detail: `${call}${ERRNO_TEXT[errno]} (${formatIpv4(dst)} is a broadcast address)`,
  };
}
