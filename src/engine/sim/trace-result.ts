/** The {@link TraceResult} of a trace's legs: each leg's packets and fate, the outcome, the summary. */
import { formatIpv4 } from '../addr/ipv4.ts';
import type { Device } from '../model/device.ts';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, isIcmpError, type Packet } from '../model/packet.ts';
import type { Next } from './context.ts';
import { snapshot, type Pkt } from './pkt.ts';
import type { Hop, Leg, Outcome, Seen, TraceResult } from './steps.ts';

/** One leg as the stack ran it. */
export interface LegRun {
  readonly hops: Hop[];
  readonly end: Extract<Next, { kind: 'delivered' | 'dropped' }>;
  readonly delivered: boolean;
  readonly seen: Packet | null;
  readonly first: Pkt;
  readonly from: Device;
  readonly what: string;
}

/** What a tcpdump shows of the packet: addresses, TTL and the L4 fields of its protocol. */
function seenOf(p: Pkt | Packet): Seen {
  const s: { -readonly [K in keyof Seen]: Seen[K] } = { src: p.src, dst: p.dst, proto: p.proto, ttl: p.ttl };
  if (p.proto === IPPROTO_ICMP) {
    s.icmpType = p.icmpType;
    s.icmpCode = p.icmpCode;
    if (!isIcmpError(p)) s.sport = p.sport;
  } else if (p.proto === IPPROTO_TCP || p.proto === IPPROTO_UDP) {
    s.sport = p.sport;
    s.dport = p.dport;
  }
  return s;
}

function toLeg(l: LegRun): Leg {
  return {
    packet: snapshot(l.first),
    from: l.from.id,
    delivered: l.delivered,
    receiver: l.end.kind === 'delivered' ? l.end.device.id : null,
    seen: l.seen ? seenOf(l.seen) : null,
    socket: l.end.kind === 'delivered' ? seenOf(l.end.pkt) : null,
    drop:
      l.end.kind === 'dropped'
        ? { device: l.end.device.id, reason: l.end.reason, detail: l.end.detail }
        : null,
    hops: l.hops,
    what: l.what,
  };
}

export function result(sender: Device, reqRun: LegRun, replyRun: LegRun | null): TraceResult {
  const request = toLeg(reqRun);
  const reply = replyRun ? toLeg(replyRun) : null;
  const to = formatIpv4(request.packet.dst);
  let outcome: Outcome;
  let summary: string;
  const isError = reply !== null && !request.delivered;
  if (reply && reply.delivered && reply.receiver === sender.id) {
    outcome =
      isError || (reply.packet.proto === IPPROTO_ICMP && isIcmpError(reply.packet)) ? 'error' : 'answered';
    const from = formatIpv4(reply.socket!.src);
    summary =
      outcome === 'error'
        ? `${sender.id} gets "${reply.what.replace(/^icmp /, '')}" from ${from}${request.drop ? ` (${request.drop.reason} at ${request.drop.device})` : ''}`
        : `${sender.id} reaches ${to}: delivered to ${request.receiver} as ${formatIpv4(request.seen!.src)} → ${formatIpv4(request.seen!.dst)}; the ${reply.what} comes back from ${from}`;
  } else if (reply && reply.delivered) {
    outcome = 'reply-misdelivered';
    summary = `${sender.id} → ${to} reaches ${request.receiver ?? request.drop?.device}, but the ${reply.what} is delivered to ${reply.receiver}, not to ${sender.id}`;
  } else if (reply) {
    outcome = request.delivered ? 'reply-dropped' : 'request-dropped';
    summary = request.delivered
      ? `${sender.id} → ${to} is delivered to ${request.receiver}, but the ${reply.what} is dropped at ${reply.drop!.device} (${reply.drop!.reason})`
      : `${sender.id} → ${to} is dropped at ${request.drop!.device} (${request.drop!.reason}); the ${reply.what} is dropped at ${reply.drop!.device} (${reply.drop!.reason})`;
  } else if (request.delivered) {
    outcome = 'no-reply';
    summary = `${sender.id} → ${to} is delivered to ${request.receiver}, which sends nothing back`;
  } else {
    outcome = 'request-dropped';
    summary = `${sender.id} → ${to} is dropped at ${request.drop!.device} (${request.drop!.reason}: ${request.drop!.detail})`;
  }
  return { request, reply, outcome, summary };
}
