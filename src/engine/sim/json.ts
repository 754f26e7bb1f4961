/**
 * The `--json` form of a trace (docs/cli.md): the same data with addresses as dotted quads, marks as
 * hex strings and protocol names, stable key order.
 */
import { formatIpv4 } from '../addr/ipv4.ts';
import { IPPROTO_ICMP, PROTO_NAMES, type Header, type Packet } from '../model/packet.ts';
import type { Leg, Seen, Step, TraceResult } from './steps.ts';

const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;
const proto = (p: number) => PROTO_NAMES.get(p) ?? String(p);

export function headerJson(h: Header): Record<string, unknown> {
  const l4 =
    h.proto === IPPROTO_ICMP
      ? { icmpType: h.icmpType, icmpCode: h.icmpCode, id: h.sport }
      : PROTO_NAMES.has(h.proto) && h.proto !== 0
        ? { sport: h.sport, dport: h.dport, ...(h.proto === 6 ? { tcpFlags: tcpFlags(h.tcpFlags) } : {}) }
        : {};
  return { src: formatIpv4(h.src), dst: formatIpv4(h.dst), proto: proto(h.proto), ...l4, ttl: h.ttl };
}

export function packetJson(p: Packet): Record<string, unknown> {
  return { ...headerJson(p), mark: hex(p.mark), ...(p.inner ? { inner: headerJson(p.inner) } : {}) };
}

export function tcpFlags(f: number): string {
  const names = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG'];
  return names.filter((_, i) => f & (1 << i)).join(',') || 'none';
}

function seenJson(s: Seen): Record<string, unknown> {
  const icmp = s.proto === IPPROTO_ICMP;
  return {
    src: formatIpv4(s.src),
    dst: formatIpv4(s.dst),
    proto: proto(s.proto),
    ...(!icmp && s.sport !== undefined ? { sport: s.sport } : {}),
    ...(!icmp && s.dport !== undefined ? { dport: s.dport } : {}),
    ...(icmp ? { icmpType: s.icmpType, icmpCode: s.icmpCode } : {}),
    ...(icmp && s.sport !== undefined ? { id: s.sport } : {}),
    ttl: s.ttl,
  };
}

function stepJson(s: Step): Record<string, unknown> {
  const addr = (a: number) => formatIpv4(a);
  switch (s.kind) {
    case 'send':
      return { kind: s.kind, what: s.what, packet: packetJson(s.packet) };
    case 'receive':
      return { kind: s.kind, iface: s.iface, srcMac: s.srcMac, packet: packetJson(s.packet) };
    case 'chain':
      return { kind: s.kind, hook: s.hook, table: s.table, chain: s.chain, packet: packetJson(s.packet) };
    case 'rule':
      return {
        ...s,
        ...(s.mark ? { mark: { from: hex(s.mark.from), to: hex(s.mark.to) } } : {}),
        ...(s.connmark ? { connmark: { from: hex(s.connmark.from), to: hex(s.connmark.to) } } : {}),
      };
    case 'nat':
      return { ...s, before: packetJson(s.before), after: packetJson(s.after) };
    case 'route':
      return {
        kind: s.kind,
        purpose: s.purpose,
        flow: { ...s.flow, dst: addr(s.flow.dst), src: addr(s.flow.src), mark: hex(s.flow.mark) },
        rules: s.rules,
        route: s.route
          ? { ...s.route, ...(s.route.gateway !== undefined ? { gateway: addr(s.route.gateway) } : {}) }
          : null,
        result: s.result,
        ...(s.src !== undefined ? { src: addr(s.src) } : {}),
        ...(s.nexthop !== undefined ? { nexthop: addr(s.nexthop) } : {}),
      };
    case 'redirect':
      return { kind: s.kind, to: addr(s.to), gateway: addr(s.gateway) };
    case 'neighbour':
      return { ...s, nexthop: addr(s.nexthop) };
    case 'transmit':
      return { ...s, packet: packetJson(s.packet) };
    default:
      return { ...s };
  }
}

function legJson(l: Leg): Record<string, unknown> {
  return {
    what: l.what,
    from: l.from,
    packet: packetJson(l.packet),
    delivered: l.delivered,
    receiver: l.receiver,
    seen: l.seen ? seenJson(l.seen) : null,
    socket: l.socket ? seenJson(l.socket) : null,
    drop: l.drop,
    hops: l.hops.map((h) => ({ device: h.device, in: h.in, out: h.out, steps: h.steps.map(stepJson) })),
  };
}

export function traceJson(t: TraceResult): Record<string, unknown> {
  return {
    outcome: t.outcome,
    summary: t.summary,
    request: legJson(t.request),
    reply: t.reply ? legJson(t.reply) : null,
  };
}
