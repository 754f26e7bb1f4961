/**
 * `trace(network, probe)`: what the kernel does with one packet from a device, and with the answer.
 * The request leg starts at the sender's socket; the reply leg is whatever comes back: the receiver's
 * answer (echo reply, SYN-ACK, RST, UDP echo) or an ICMP error / TCP reset from the device that
 * dropped the request.
 */
import { formatIpv4, type Ipv4 } from '../addr/ipv4.ts';
import type { Device } from '../model/device.ts';
import type { Network } from '../model/network.ts';
import {
  ICMP_ECHO,
  IPPROTO_ICMP,
  IPPROTO_TCP,
  IPPROTO_UDP,
  TCP_ACK,
  TCP_RST,
  TCP_SYN,
  type Packet,
} from '../model/packet.ts';
import { isLocalAddress } from '../routing/device-fib.ts';
import { LOOPBACK_IFINDEX } from '../routing/flow.ts';
import { routeOutput, type OutputDecision } from '../routing/route-output.ts';
import { err, ok, type Result } from '../util/result.ts';
import type { LegCtx, Next, PendingError } from './context.ts';
import { buildIcmpError, icmpErrorText } from './icmp.ts';
import { clonePkt, onWire, snapshot, type Pkt } from './pkt.ts';
import { socketDeliver } from './socket.ts';
import { ERRNO_TEXT, output, reasonOfLookup, receive } from './stack.ts';
import { SimState } from './state.ts';
import type { DropReason, Hop, TraceResult } from './steps.ts';
import { broadcastRefusal, type SendMode } from './socket-call.ts';
import { result, type LegRun } from './trace-result.ts';
import { routeStep, type StepFlow } from './views.ts';

export type ProbeProto = 'icmp' | 'tcp' | 'udp';

export interface Probe {
  /** Sending device id. */
  readonly from: string;
  readonly to: Ipv4;
  /** Bind the socket to this local address (`ping -I ADDR`). */
  readonly src?: Ipv4;
  readonly proto?: ProbeProto;
  /** TCP/UDP source port, or the ICMP echo id. Default 40000 (ICMP: 4242). */
  readonly sport?: number;
  /** TCP/UDP destination port (required for tcp and udp). */
  readonly dport?: number;
  /** SO_MARK of the socket (`ping -m`). */
  readonly mark?: number;
  /** IP TTL (`ping -t`). Default net.ipv4.ip_default_ttl (64). */
  readonly ttl?: number;
}

export interface TraceOptions {
  /** Conntrack and neighbour state to start from and to update (default: a freshly booted lab). */
  readonly state?: SimState;
}

/** Safety net: no real path is this long (TTL expires long before). */
const MAX_HOPS = 300;

export function trace(net: Network, probe: Probe, opts: TraceOptions = {}): Result<TraceResult> {
  const dev = net.byId.get(probe.from);
  if (!dev) return err(`no device "${probe.from}" (devices: ${net.devices.map((d) => d.id).join(', ')})`);
  const proto = probe.proto ?? 'icmp';
  if (proto !== 'icmp' && probe.dport === undefined)
    return err(`a ${proto} probe needs a destination port (--dport)`);
  const range =
    outOfRange('sport', probe.sport, 0, 65535) ??
    outOfRange('dport', probe.dport, 0, 65535) ??
    outOfRange('ttl', probe.ttl, 1, 255);
  if (range !== undefined) return err(range);
  if (probe.src !== undefined && !isLocalAddress(dev, probe.src))
    return err(
      `${formatIpv4(probe.src)} is not an address of ${dev.id}: bind: Cannot assign requested address`,
    );
  const ctx: LegCtx = { net, state: opts.state ?? new SimState(), hops: [] };
  const pkt: Pkt = {
    src: (probe.src ?? 0) as Ipv4,
    dst: probe.to,
    proto: proto === 'icmp' ? IPPROTO_ICMP : proto === 'tcp' ? IPPROTO_TCP : IPPROTO_UDP,
    sport: probe.sport ?? (proto === 'icmp' ? 4242 : 40000),
    dport: proto === 'icmp' ? 0 : probe.dport!,
    icmpType: proto === 'icmp' ? ICMP_ECHO : 0,
    icmpCode: 0,
    tcpFlags: proto === 'tcp' ? TCP_SYN : 0,
    ttl: probe.ttl ?? dev.net.ip_default_ttl,
    tos: 0,
    mark: (probe.mark ?? 0) >>> 0,
    ct: null,
    untracked: false,
  };
  const what = proto === 'icmp' ? 'echo-request' : proto === 'tcp' ? 'tcp syn' : 'udp';
  // the tools: ping, a TCP connect(), an unconnected UDP socket's sendto()
  const mode: SendMode = proto === 'icmp' ? 'ping' : proto === 'tcp' ? 'connect' : 'plain';
  const req = sendLocal(ctx, dev, pkt, pkt.src, what, probe.src !== undefined, mode);
  let reply: LegRun | null = null;
  if (req.end.kind === 'delivered') {
    const end = req.end;
    const receiver = end.device;
    const out = socketDeliver(receiver, end.pkt);
    lastHop(req).steps.push({ kind: 'deliver', to: out.to });
    if (out.kind === 'reply') {
      lastHop(req).steps.push({ kind: 'respond', what: out.what });
      const a = out.pkt;
      const r: Pkt = {
        src: a.src,
        dst: a.dst,
        proto: a.proto,
        sport: a.sport,
        dport: a.dport,
        icmpType: a.icmpType,
        icmpCode: a.icmpCode,
        tcpFlags: a.tcpFlags,
        ttl: receiver.net.ip_default_ttl,
        tos: 0,
        mark: 0,
        ct: null,
        untracked: false,
      };
      reply = sendLocal(nextLeg(ctx), receiver, r, r.src, out.what, true);
    } else if (out.kind === 'error') {
      lastHop(req).steps.push({
        kind: 'icmp-error',
        type: out.type,
        code: out.code,
        text: icmpErrorText(out.type, out.code),
      });
      reply = sendError(nextLeg(ctx), {
        device: receiver,
        offending: end.pkt,
        type: out.type,
        code: out.code,
        inIface: end.iface,
        local: true,
      });
    } else if (out.why === 'echo_ignored') {
      lastHop(req).steps.push({
        kind: 'drop',
        reason: 'echo_ignored',
        detail: 'net.ipv4.icmp_echo_ignore_all = 1',
      });
    }
  } else if (req.end.kind === 'dropped' && req.end.error) {
    reply = sendError(nextLeg(ctx), req.end.error);
  }
  return ok(result(dev, req, reply));
}

/** `--NAME V` unless V is an integer in min..max. */
function outOfRange(name: string, v: number | undefined, min: number, max: number): string | undefined {
  return v !== undefined && (!Number.isInteger(v) || v < min || v > max)
    ? `--${name} ${v} is out of range`
    : undefined;
}

/** The reply leg shares the network and the state, with its own hops. */
function nextLeg(ctx: LegCtx): LegCtx {
  return { net: ctx.net, state: ctx.state, hops: [] };
}

function lastHop(l: LegRun): Hop {
  return l.hops[l.hops.length - 1]!;
}

function newHop(ctx: LegCtx, device: string, inIface: string | null): Hop {
  const hop: Hop = { device, in: inIface, out: null, steps: [] };
  ctx.hops.push(hop);
  return hop;
}

/** The socket's output route lookup, from `src` (0: unbound, the lookup picks one). */
function query(dev: Device, pkt: Pkt, src: Ipv4 | 0): OutputDecision {
  return routeOutput(dev, {
    dst: pkt.dst,
    src: src as Ipv4,
    oif: 0,
    mark: pkt.mark,
    tos: pkt.tos,
    proto: pkt.proto,
    sport: pkt.sport,
    dport: pkt.dport,
  });
}

/** The flow a trace step shows for that lookup. */
function flowOf(pkt: Pkt, src: Ipv4 | 0): StepFlow {
  return { dst: pkt.dst, src: src as Ipv4, iif: LOOPBACK_IFINDEX, oif: 0, mark: pkt.mark };
}

/** A socket sends: route and source first (a failure is the socket call's error), then OUTPUT onwards. */
function sendLocal(
  ctx: LegCtx,
  dev: Device,
  pkt: Pkt,
  bound: Ipv4 | 0,
  what: string,
  isBound: boolean,
  mode: SendMode = 'plain',
): LegRun {
  const hop = newHop(ctx, dev.id, null);
  let src: Ipv4 | 0 = isBound ? bound : 0;
  let d = query(dev, pkt, src);
  let fl = flowOf(pkt, src);
  let purpose: 'connect' | 'output' = 'output';
  if (mode !== 'plain' && !isBound && d.kind === 'ok') {
    const first = d;
    const second = query(dev, pkt, first.src);
    if (mode === 'connect') {
      // the first lookup only chose the source; the packet takes the second
      hop.steps.push(
        routeStep(dev, 'connect', fl, first.lookup, 'output', {
          src: first.src,
          nexthop: first.nexthop,
          route: first.route,
        }),
      );
      src = first.src;
      d = second;
      fl = flowOf(pkt, src);
    } else if (second.kind === 'error') {
      // ping's probe connect() fails: nothing is sent
      d = second;
      fl = flowOf(pkt, first.src);
      purpose = 'connect';
    } else {
      hop.steps.push(
        routeStep(dev, 'connect', flowOf(pkt, first.src), second.lookup, 'output', {
          src: second.src,
          nexthop: second.nexthop,
          route: second.route,
        }),
      );
    }
  } else if (mode !== 'plain' && !isBound) purpose = 'connect';
  if (d.kind === 'error') {
    hop.steps.push(routeStep(dev, purpose, fl, d.lookup, d.errno));
    const reason: DropReason = reasonOfLookup(d.errno, d.lookup && !d.lookup.ok ? d.lookup : null);
    // the failing call, as the tool reports it (ping -I: "ping: sendmsg: …"); kernel-made packets: none
    const call =
      mode === 'connect' || (mode === 'ping' && !isBound) ? 'connect: ' : mode === 'ping' ? 'sendmsg: ' : '';
    return refused(ctx, dev, hop, pkt, what, reason, `${call}${ERRNO_TEXT[d.errno]}`);
  }
  if (d.type === 'broadcast') {
    const b = broadcastRefusal(mode, pkt.dst);
    hop.steps.push(
      routeStep(dev, b.purpose, fl, d.lookup, b.errno, {
        src: d.src,
        nexthop: d.nexthop,
        route: d.route,
      }),
    );
    return refused(ctx, dev, hop, pkt, what, 'broadcast_refused', b.detail);
  }
  hop.steps.push(
    routeStep(dev, 'output', fl, d.lookup, d.type === 'local' ? 'local' : 'output', {
      src: d.src,
      nexthop: d.nexthop,
      route: d.route,
    }),
  );
  if (pkt.src === 0) pkt.src = d.src;
  const first = clonePkt(pkt);
  hop.steps.push({ kind: 'send', packet: snapshot(pkt), what });
  return follow(ctx, dev, output(ctx, dev, pkt, hop, d), first, what);
}

/** The socket call failed: nothing was sent, the leg ends at the sender. */
function refused(
  ctx: LegCtx,
  dev: Device,
  hop: Hop,
  pkt: Pkt,
  what: string,
  reason: DropReason,
  detail: string,
): LegRun {
  hop.steps.push({ kind: 'drop', reason, detail });
  return {
    hops: ctx.hops,
    end: { kind: 'dropped', device: dev, reason, detail },
    delivered: false,
    seen: null,
    first: { ...pkt },
    from: dev,
    what,
  };
}

/** The kernel sends an ICMP error (or a TCP reset) about a packet it could not deliver. */
function sendError(ctx: LegCtx, e: PendingError): LegRun {
  if (e.tcpReset) {
    const o = e.offending;
    const ref = o.ct;
    const rst: Pkt = {
      src: o.dst,
      dst: o.src,
      proto: IPPROTO_TCP,
      sport: o.dport,
      dport: o.sport,
      icmpType: 0,
      icmpCode: 0,
      tcpFlags: TCP_RST | ((o.tcpFlags & TCP_ACK) === 0 ? TCP_ACK : 0),
      ttl: e.device.net.ip_default_ttl,
      tos: 0,
      mark: 0,
      ct: ref ? { ct: ref.ct, dir: ref.dir === 'ORIGINAL' ? 'REPLY' : 'ORIGINAL', info: 'RELATED' } : null,
      untracked: false,
    };
    // nf_send_reset: the reset claims to come from the original destination, routed like any output
    return sendLocal(ctx, e.device, rst, rst.src, 'tcp rst (REJECT)', isLocalAddress(e.device, rst.src));
  }
  const { pkt, src } = buildIcmpError(e);
  return sendLocal(ctx, e.device, pkt, src, `icmp ${icmpErrorText(e.type, e.code)}`, src !== 0);
}

function follow(ctx: LegCtx, _dev: Device, first: Next, firstPkt: Pkt, what: string): LegRun {
  let next = first;
  // the packet as the last receiver's tcpdump saw it: the snapshot in its receive step
  let seen: Packet | null = null;
  for (let n = 0; n < MAX_HOPS && next.kind === 'wire'; n++) {
    const to = ctx.net.byId.get(next.to.device)!;
    const iface = to.ifByName.get(next.to.iface)!;
    const hop = newHop(ctx, to.id, iface.name);
    const wire = onWire(next.pkt);
    seen = snapshot(wire);
    hop.steps.push({
      kind: 'receive',
      iface: iface.name,
      srcMac: ctx.net.byId.get(next.device.id)!.ifByName.get(next.iface)!.mac,
      packet: seen,
    });
    next = receive(ctx, to, iface, wire, hop);
  }
  if (next.kind === 'wire') {
    const hop = ctx.hops[ctx.hops.length - 1]!;
    hop.steps.push({ kind: 'drop', reason: 'loop', detail: `more than ${MAX_HOPS} hops` });
    next = { kind: 'dropped', device: next.device, reason: 'loop', detail: `more than ${MAX_HOPS} hops` };
  }
  const from = ctx.net.byId.get(ctx.hops[0]!.device)!;
  if (next.kind === 'delivered' && seen === null) seen = snapshot(next.pkt); // delivered over lo
  return {
    hops: ctx.hops,
    end: next,
    delivered: next.kind === 'delivered',
    seen: next.kind === 'delivered' ? seen : null,
    first: firstPkt,
    from,
    what,
  };
}
