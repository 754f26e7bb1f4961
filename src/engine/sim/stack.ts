/**
 * The IPv4 receive, forward and output paths of one namespace (net/ipv4/ip_input.c, ip_forward.c,
 * ip_output.c), calling netfilter at each hook in the kernel's order.
 */
import { formatIpv4, type Ipv4 } from '../addr/ipv4.ts';
import type { Device, Iface } from '../model/device.ts';
import {
  ICMP_DEST_UNREACH,
  ICMP_HOST_UNREACH,
  ICMP_NET_UNREACH,
  ICMP_PKT_FILTERED,
  ICMP_TIME_EXCEEDED,
  IPPROTO_TCP,
} from '../model/packet.ts';
import { routeInput, type InputDecision } from '../routing/route-input.ts';
import { routeOutput, type OutputDecision } from '../routing/route-output.ts';
import type { FibErrno } from '../routing/fib.ts';
import { LOOPBACK_IFINDEX } from '../routing/flow.ts';
import { resolveNeighbour } from './arp.ts';
import type { LegCtx, Next, PendingError } from './context.ts';
import { REJECT_CODES, mayReplyWithError } from './icmp.ts';
import { hasNetfilter } from './hook-plan.ts';
import { natChangedDestination, OK, runHook, type HookIo, type HookOutcome } from './netfilter-hooks.ts';
import { snapshot, type Pkt } from './pkt.ts';
import type { DropReason, Hop } from './steps.ts';
import { routeStep } from './views.ts';

export type OutputOk = Extract<OutputDecision, { kind: 'ok' }>;

/** The errno of a failed lookup, in ip(8)'s and ping(8)'s words. */
export const ERRNO_TEXT: Record<FibErrno | 'ENODEV', string> = {
  ENETUNREACH: 'Network is unreachable',
  EHOSTUNREACH: 'No route to host',
  EACCES: 'Permission denied',
  EINVAL: 'Invalid argument',
  ENODEV: 'No such device',
};

/** Drop reason of a failed lookup: which route or rule type caused the errno. */
export function reasonOfLookup(
  errno: FibErrno | 'ENODEV',
  hit: { route?: { type: string }; rule?: { action: string } } | null,
): DropReason {
  if (errno === 'EACCES') return 'prohibit';
  if (errno === 'EINVAL') return 'blackhole';
  if (errno === 'EHOSTUNREACH') return 'unreachable';
  if (hit?.rule?.action === 'unreachable' || hit?.route?.type === 'unreachable') return 'unreachable';
  return 'no_route';
}

function dropped(dev: Device, hop: Hop, reason: DropReason, detail: string, error?: PendingError): Next {
  hop.steps.push({ kind: 'drop', reason, detail });
  return error
    ? { kind: 'dropped', device: dev, reason, detail, error }
    : { kind: 'dropped', device: dev, reason, detail };
}

/** A hook verdict of DROP/REJECT: REJECT also queues the ICMP error (or TCP reset) it sends. */
function fromHook(
  dev: Device,
  hop: Hop,
  r: Extract<HookOutcome, { ok: false }>,
  pkt: Pkt,
  inIface: string | null,
  local: boolean,
): Next {
  let error: PendingError | undefined;
  if (r.reject && mayReplyWithError(pkt)) {
    if (r.reject === 'tcp-reset') {
      if (pkt.proto === IPPROTO_TCP)
        error = {
          device: dev,
          offending: { ...pkt },
          type: 0,
          code: 0,
          inIface,
          local: true,
          tcpReset: true,
        };
    } else {
      error = {
        device: dev,
        offending: { ...pkt },
        type: ICMP_DEST_UNREACH,
        code: REJECT_CODES[r.reject],
        inIface,
        local,
      };
    }
    if (error)
      hop.steps.push({
        kind: 'icmp-error',
        type: error.type,
        code: error.code,
        text: r.reject,
        reject: r.reject,
      });
  }
  return dropped(dev, hop, r.reason, r.detail, error);
}

function io(
  ctx: LegCtx,
  dev: Device,
  hop: Hop,
  iif: string | null,
  oif: string | null,
  nexthop?: number,
): HookIo {
  return { dev, hop, state: ctx.state, iif, oif, nexthop: nexthop as Ipv4 | undefined };
}

/** `ip_rcv` → PREROUTING → `ip_route_input` → INPUT or FORWARD. */
export function receive(ctx: LegCtx, dev: Device, iface: Iface, pkt: Pkt, hop: Hop): Next {
  const h = io(ctx, dev, hop, iface.name, null);
  const r = runHook(h, pkt, 'prerouting');
  if (!r.ok) return fromHook(dev, hop, r, pkt, iface.name, false);
  const d = routeInput(dev, {
    src: pkt.src,
    dst: pkt.dst,
    tos: pkt.tos,
    mark: pkt.mark,
    proto: pkt.proto,
    sport: pkt.sport,
    dport: pkt.dport,
    in: iface,
  });
  return afterInputRoute(ctx, dev, iface, pkt, hop, d);
}

function afterInputRoute(ctx: LegCtx, dev: Device, iface: Iface, pkt: Pkt, hop: Hop, d: InputDecision): Next {
  const fl = { dst: pkt.dst, src: pkt.src, iif: iface.index, oif: 0, mark: pkt.mark };
  switch (d.kind) {
    case 'broadcast':
      hop.steps.push(routeStep(dev, 'input', fl, d.lookup, 'broadcast'));
      return dropped(dev, hop, 'unsupported', 'broadcast and multicast destinations are not modelled');
    case 'martian': {
      hop.steps.push(
        routeStep(
          dev,
          'input',
          fl,
          d.lookup,
          d.lookup?.ok ? (d.lookup.route.type === 'local' ? 'local' : 'forward') : 'martian',
        ),
      );
      if (d.validate) pushRpf(dev, hop, d.validate);
      return dropped(dev, hop, d.reason, d.note);
    }
    case 'unreachable': {
      hop.steps.push(routeStep(dev, 'input', fl, d.lookup, d.errno));
      const reason: DropReason = !d.forwarding
        ? 'forwarding_disabled'
        : reasonOfLookup(d.errno, d.lookup && !d.lookup.ok ? d.lookup : null);
      const detail = !d.forwarding
        ? `${formatIpv4(pkt.dst)} is not an address of ${dev.id} and net.ipv4.conf.${iface.name}.forwarding is 0`
        : `route lookup for ${formatIpv4(pkt.dst)}: ${ERRNO_TEXT[d.errno]}`;
      // ip_error(): ICMP only if forwarding is on; EINVAL (blackhole) is silent
      const code =
        d.errno === 'ENETUNREACH'
          ? ICMP_NET_UNREACH
          : d.errno === 'EHOSTUNREACH'
            ? ICMP_HOST_UNREACH
            : d.errno === 'EACCES'
              ? ICMP_PKT_FILTERED
              : -1;
      let error: PendingError | undefined;
      if (d.forwarding && code >= 0 && mayReplyWithError(pkt)) {
        error = {
          device: dev,
          offending: { ...pkt },
          type: ICMP_DEST_UNREACH,
          code,
          inIface: iface.name,
          local: false,
        };
        hop.steps.push({ kind: 'icmp-error', type: ICMP_DEST_UNREACH, code, text: ERRNO_TEXT[d.errno] });
      }
      return dropped(dev, hop, reason, detail, error);
    }
    case 'local':
      hop.steps.push(routeStep(dev, 'input', fl, d.lookup, 'local'));
      pushRpf(dev, hop, d.validate);
      return input(ctx, dev, iface, pkt, hop);
    case 'forward':
      hop.steps.push(routeStep(dev, 'input', fl, d.lookup, 'forward', { nexthop: d.nexthop }));
      pushRpf(dev, hop, d.validate);
      return forward(ctx, dev, iface, pkt, hop, d);
  }
}

function pushRpf(dev: Device, hop: Hop, v: Extract<InputDecision, { kind: 'local' }>['validate']): void {
  for (const l of v.lookups)
    hop.steps.push(routeStep(dev, 'rp_filter', l.flow, l.result, l.result.ok ? 'ok' : l.result.errno));
  hop.steps.push({ kind: 'rp_filter', mode: v.mode, ok: v.ok, detail: v.note });
}

function input(ctx: LegCtx, dev: Device, iface: Iface, pkt: Pkt, hop: Hop): Next {
  const h = io(ctx, dev, hop, iface.name, null);
  const r = runHook(h, pkt, 'input');
  if (!r.ok) return fromHook(dev, hop, r, pkt, iface.name, true);
  return { kind: 'delivered', device: dev, pkt, iface: iface.name };
}

/** `ip_forward`: TTL check before FORWARD, decrement, redirect, FORWARD hook, then POSTROUTING. */
function forward(
  ctx: LegCtx,
  dev: Device,
  iface: Iface,
  pkt: Pkt,
  hop: Hop,
  d: Extract<InputDecision, { kind: 'forward' }>,
): Next {
  if (pkt.ttl <= 1) {
    const error: PendingError | undefined = mayReplyWithError(pkt)
      ? {
          device: dev,
          offending: { ...pkt },
          type: ICMP_TIME_EXCEEDED,
          code: 0,
          inIface: iface.name,
          local: false,
        }
      : undefined;
    if (error)
      hop.steps.push({
        kind: 'icmp-error',
        type: ICMP_TIME_EXCEEDED,
        code: 0,
        text: 'Time to live exceeded',
      });
    return dropped(
      dev,
      hop,
      'ttl_exceeded',
      `TTL ${pkt.ttl} reached ${dev.id}, which would have to forward it`,
      error,
    );
  }
  hop.steps.push({ kind: 'forward', ttl: { from: pkt.ttl, to: pkt.ttl - 1 } });
  pkt.ttl -= 1;
  if (d.redirect) hop.steps.push({ kind: 'redirect', to: pkt.src, gateway: d.nexthop });
  const h = io(ctx, dev, hop, iface.name, d.out.name);
  const r = runHook(h, pkt, 'forward');
  if (!r.ok) return fromHook(dev, hop, r, pkt, iface.name, false);
  return postrouting(ctx, dev, pkt, hop, d.out, d.nexthop, iface.name);
}

/** POSTROUTING (mangle, nat SRC, confirm), then the neighbour layer and the wire. */
function postrouting(
  ctx: LegCtx,
  dev: Device,
  pkt: Pkt,
  hop: Hop,
  out: Iface,
  nexthop: number,
  iif: string | null,
): Next {
  const h = io(ctx, dev, hop, iif, out.name, nexthop);
  const r = runHook(h, pkt, 'postrouting');
  if (!r.ok) return fromHook(dev, hop, r, pkt, iif, false);
  if (out.loopback) return loopback(ctx, dev, pkt, hop);
  const n = resolveNeighbour(ctx, dev, out, nexthop as never, pkt.src, hop);
  if (!n.ok) {
    if (!out.segment) return dropped(dev, hop, 'no_link', n.detail);
    // arp_error_report → ipv4_link_failure → ICMP host unreachable to the sender
    const error: PendingError | undefined = mayReplyWithError(pkt)
      ? {
          device: dev,
          offending: { ...pkt },
          type: ICMP_DEST_UNREACH,
          code: ICMP_HOST_UNREACH,
          inIface: iif,
          local: false,
        }
      : undefined;
    if (error)
      hop.steps.push({
        kind: 'icmp-error',
        type: ICMP_DEST_UNREACH,
        code: ICMP_HOST_UNREACH,
        text: 'Destination Host Unreachable',
      });
    return dropped(dev, hop, 'neighbour_unreachable', n.detail, error);
  }
  hop.steps.push({
    kind: 'transmit',
    iface: out.name,
    segment: out.segment!,
    dstMac: n.entry.mac,
    packet: snapshot(pkt),
  });
  hop.out = out.name;
  return { kind: 'wire', device: dev, iface: out.name, pkt, to: n.entry.owner };
}

/** A packet to one of our own addresses: through `lo`, PREROUTING again (dst kept), then INPUT. */
function loopback(ctx: LegCtx, dev: Device, pkt: Pkt, hop: Hop): Next {
  const lo = dev.ifByIndex.get(LOOPBACK_IFINDEX)!;
  hop.steps.push({ kind: 'transmit', iface: 'lo', segment: 'lo', dstMac: lo.mac, packet: snapshot(pkt) });
  const h = io(ctx, dev, hop, 'lo', null);
  const r = runHook(h, pkt, 'prerouting');
  if (!r.ok) return fromHook(dev, hop, r, pkt, 'lo', true);
  return input(ctx, dev, lo, pkt, hop);
}

/** `ip_route_me_harder`: a new output lookup with the packet's current addresses and mark. */
function reroute(dev: Device, pkt: Pkt, hop: Hop): OutputOk | Next {
  const d = routeOutput(dev, {
    dst: pkt.dst,
    src: pkt.src,
    oif: 0,
    mark: pkt.mark,
    tos: pkt.tos,
    proto: pkt.proto,
    sport: pkt.sport,
    dport: pkt.dport,
    anySrc: true,
  });
  const fl = { dst: pkt.dst, src: pkt.src, iif: LOOPBACK_IFINDEX, oif: 0, mark: pkt.mark };
  if (d.kind === 'error') {
    hop.steps.push(routeStep(dev, 'reroute', fl, d.lookup, d.errno));
    return dropped(
      dev,
      hop,
      reasonOfLookup(d.errno, d.lookup && !d.lookup.ok ? d.lookup : null),
      `re-route after OUTPUT: ${ERRNO_TEXT[d.errno]}`,
    );
  }
  hop.steps.push(
    routeStep(dev, 'reroute', fl, d.lookup, d.type === 'local' ? 'local' : 'output', {
      nexthop: d.nexthop,
      route: d.route,
    }),
  );
  return d;
}

/**
 * A locally generated packet whose output route `d` was already chosen (and its source set):
 * OUTPUT (raw, conntrack, mangle → re-route, nat → re-route, filter, security), then POSTROUTING.
 */
export function output(ctx: LegCtx, dev: Device, pkt: Pkt, hop: Hop, d: OutputOk): Next {
  // no iptables rules: nothing at OUTPUT, nothing to re-route for
  if (!hasNetfilter(dev)) return postrouting(ctx, dev, pkt, hop, d.out, d.nexthop, null);
  let route = d;
  let failed: Next | null = null;
  let before = { src: pkt.src, dst: pkt.dst, mark: pkt.mark, tos: pkt.tos };
  const h = io(ctx, dev, hop, null, route.out.name, route.nexthop);
  const rerouteNow = (): HookOutcome => {
    const rr = reroute(dev, pkt, hop);
    if (rr.kind !== 'ok') {
      failed = rr;
      return { ok: false, reason: 'no_route', detail: 're-route failed' };
    }
    route = rr;
    h.oif = rr.out.name;
    h.nexthop = rr.nexthop;
    return OK;
  };
  const r = runHook(h, pkt, 'output', (e, phase) => {
    if (e.kind === 'table' && e.table === 'mangle') {
      if (phase === 'before') before = { src: pkt.src, dst: pkt.dst, mark: pkt.mark, tos: pkt.tos };
      // iptable_mangle_hook / ipt_mangle_out: "Reroute for ANY change"
      else if (
        before.src !== pkt.src ||
        before.dst !== pkt.dst ||
        before.mark !== pkt.mark ||
        before.tos !== pkt.tos
      )
        return rerouteNow();
    }
    // nf_nat_ipv4_local_fn: re-route when the connection's destination was translated
    if (e.kind === 'nat' && phase === 'after' && natChangedDestination(pkt)) return rerouteNow();
    return OK;
  });
  if (failed) return failed;
  // __icmp_send: the error comes from the offending packet's destination only when its route is
  // RTCF_LOCAL (it was addressed to us); otherwise the error's own route lookup picks the source
  if (!r.ok) return fromHook(dev, hop, r, pkt, null, route.type === 'local');
  return postrouting(ctx, dev, pkt, hop, route.out, route.nexthop, null);
}
