/**
 * ARP as the kernel does it (net/ipv4/arp.c): the sender picks the request's source address
 * (`arp_solicit`, arp_announce); every other interface on the segment runs `arp_process`, which answers
 * for any address the namespace owns (weak host model, filtered by arp_ignore and by the rp_filter that
 * `ip_route_input` applies to the sender's address), or as a proxy (proxy_arp or an `ip neigh add proxy`
 * entry) when forwarding is on and the route to the target leaves through another interface. Every
 * answering side learns the requester (`neigh_event_ns`). When several answer (an address conflict, or
 * the weak host model answering for an address that lives on another interface), the first reply wins
 * (later ones are ignored within `locktime`); a Linux bridge floods the request to the port added last
 * first, so its owner answers first (verified with veth ports in namespaces; on a real switch it is a race).
 */
import { inPrefix, isLoopback, isMulticast, type Ipv4 } from '../addr/ipv4.ts';
import type { Device, Iface } from '../model/device.ts';
import { SCOPE_VALUE, TABLE_LOCAL } from '../model/route.ts';
import { isLocalAddress } from '../routing/device-fib.ts';
import { routeInput } from '../routing/route-input.ts';
import { routeOutput } from '../routing/route-output.ts';
import { inetSelectAddr } from '../routing/select-addr.ts';
import type { LegCtx } from './context.ts';
import type { NeighEntry } from './state.ts';
import type { Hop, Step } from './steps.ts';

type Answer = { readonly why: 'local' | 'proxy_arp' | 'pneigh' } | { readonly silent: string } | null;

/** `arp_ignore()` levels 1, 2, 3 and 8 (`inet_confirm_addr`). */
function arpIgnored(dev: Device, iface: Iface, sip: Ipv4, tip: Ipv4): boolean {
  const level = iface.conf.arp_ignore;
  if (level === 0 || (level >= 4 && level <= 7)) return false;
  if (level === 8) return true;
  if (level === 1) return !confirmAddr(iface, tip, SCOPE_VALUE.host, 0);
  if (level === 2) return !confirmAddr(iface, tip, SCOPE_VALUE.host, sip);
  return !dev.ifaces.some((i) => confirmAddr(i, tip, SCOPE_VALUE.link, 0)); // 3
}

/** `inet_confirm_addr` on one interface: it holds `tip` within `scope` (and in the subnet of `peer`). */
function confirmAddr(ifc: Iface, tip: Ipv4, scope: number, peer: Ipv4 | 0): boolean {
  return ifc.addrs.some(
    (a) =>
      a.local === tip &&
      SCOPE_VALUE[a.scope] <= scope &&
      (peer === 0 || inPrefix(peer, { addr: a.local, len: a.len })),
  );
}

const localRoutesElsewhere = new WeakMap<Device, boolean>();
/**
 * Whether a table other than `local` holds a `local` route (policy routing can then make an address
 * ours that the local table does not list).
 */
function hasLocalRoutesElsewhere(dev: Device): boolean {
  let v = localRoutesElsewhere.get(dev);
  if (v === undefined) {
    v = false;
    for (const [id, routes] of dev.tables)
      if (id !== TABLE_LOCAL && routes.some((r) => r.type === 'local')) v = true;
    localRoutesElsewhere.set(dev, v);
  }
  return v;
}

function arpAnswer(dev: Device, iface: Iface, sip: Ipv4, tip: Ipv4): Answer {
  if (isMulticast(tip) || isLoopback(tip) || isLoopback(sip) || isMulticast(sip)) return null;
  // Not an address of ours (no local route for it anywhere) and nothing that answers for others here
  // (proxy_arp, an `ip neigh … proxy` entry): whatever ip_route_input decides, arp_process stays
  // silent, so the decision is not worth taking (most devices on a segment are in this case)
  if (
    !iface.conf.proxy_arp &&
    !isLocalAddress(dev, tip) &&
    !hasLocalRoutesElsewhere(dev) &&
    !dev.proxyNeighbours.some((p) => p.addr === tip && p.dev === iface.name)
  )
    return null;
  const d = routeInput(dev, { src: sip, dst: tip, tos: 0, mark: 0, proto: 0, sport: 0, dport: 0, in: iface });
  if (d.kind === 'local') {
    if (arpIgnored(dev, iface, sip, tip))
      return { silent: `arp_ignore=${iface.conf.arp_ignore} on ${iface.name}` };
    if (iface.conf.arp_filter) {
      const back = routeOutput(dev, {
        dst: sip,
        src: tip,
        oif: 0,
        mark: 0,
        tos: 0,
        proto: 0,
        sport: 0,
        dport: 0,
      });
      if (back.kind !== 'ok' || back.out !== iface) return { silent: `arp_filter on ${iface.name}` };
    }
    return { why: 'local' };
  }
  if (d.kind === 'forward' && iface.conf.forwarding && d.out !== iface) {
    if (iface.conf.proxy_arp) return { why: 'proxy_arp' };
    if (dev.proxyNeighbours.some((p) => p.addr === tip && p.dev === iface.name)) return { why: 'pneigh' };
  }
  if (isLocalAddress(dev, tip)) {
    if (d.kind === 'martian')
      return {
        silent:
          d.reason === 'rp_filter'
            ? `rp_filter=${iface.conf.rp_filter} on ${iface.name} rejects the sender ${fmt(sip)}`
            : d.note,
      };
    return { silent: `owns the address but ${d.kind}` };
  }
  return null;
}

const fmt = (a: number) => `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;

/** The sender address of an ARP request (`arp_solicit`). */
function solicitSource(dev: Device, out: Iface, target: Ipv4, pktSrc: Ipv4): Ipv4 | 0 {
  const announce = out.conf.arp_announce;
  let saddr: Ipv4 | 0 = 0;
  if (announce === 0 && isLocalAddress(dev, pktSrc)) saddr = pktSrc;
  else if (
    announce === 1 &&
    isLocalAddress(dev, pktSrc) &&
    out.addrs.some(
      (a) =>
        inPrefix(target, { addr: a.local, len: a.len }) && inPrefix(pktSrc, { addr: a.local, len: a.len }),
    )
  )
    saddr = pktSrc;
  return saddr || inetSelectAddr(dev, out, target, SCOPE_VALUE.link);
}

type NeighbourStep = Extract<Step, { kind: 'neighbour' }>;
/** A neighbour step being built (its optional lists are added only when not empty). */
type MutableNeighbourStep = { -readonly [K in keyof NeighbourStep]: NeighbourStep[K] };

export type NeighResult =
  { readonly ok: true; readonly entry: NeighEntry } | { readonly ok: false; readonly detail: string };

export function resolveNeighbour(
  ctx: LegCtx,
  dev: Device,
  out: Iface,
  nexthop: Ipv4,
  pktSrc: Ipv4,
  hop: Hop,
): NeighResult {
  const cached = ctx.state.neighbour(dev.id, out.name, nexthop);
  if (cached) {
    hop.steps.push({ kind: 'neighbour', iface: out.name, nexthop, result: 'cached', mac: cached.mac });
    return { ok: true, entry: cached };
  }
  const seg = out.segment ? ctx.net.segments.get(out.segment) : undefined;
  if (!seg) return { ok: false, detail: `${out.name} is not plugged into any segment` };
  const sip = solicitSource(dev, out, nexthop, pktSrc);
  let silent: { device: string; why: string }[] | null = null;
  let answer: { device: Device; iface: Iface; why: 'local' | 'proxy_arp' | 'pneigh' } | null = null;
  let others: { device: string; iface: string; why: 'local' | 'proxy_arp' | 'pneigh' }[] | null = null;
  let asker: NeighEntry | null = null;
  // br_flood walks the port list newest first
  for (let k = seg.ports.length - 1; k >= 0; k--) {
    const port = seg.ports[k]!;
    if (port.device === dev.id && port.iface === out.name) continue;
    const peer = ctx.net.byId.get(port.device);
    const pif = peer?.ifByName.get(port.iface);
    if (!peer || !pif) continue;
    const a = sip ? arpAnswer(peer, pif, sip, nexthop) : null;
    if (a === null) continue;
    if ('silent' in a) {
      (silent ??= []).push({ device: peer.id, why: a.silent });
      continue;
    }
    // The answering side learns who asked (neigh_event_ns); only the first answer is used (locktime)
    asker ??= { mac: out.mac, owner: { device: dev.id, iface: out.name } };
    ctx.state.learn(peer.id, pif.name, sip, asker);
    if (!answer) answer = { device: peer, iface: pif, why: a.why };
    else (others ??= []).push({ device: peer.id, iface: pif.name, why: a.why });
  }
  if (!answer) {
    const failed: MutableNeighbourStep = { kind: 'neighbour', iface: out.name, nexthop, result: 'failed' };
    if (silent) failed.silent = silent;
    hop.steps.push(failed);
    return {
      ok: false,
      detail: `no answer to ARP "who-has ${fmt(nexthop)} tell ${fmt(sip)}" on ${out.name}`,
    };
  }
  const entry: NeighEntry = {
    mac: answer.iface.mac,
    owner: { device: answer.device.id, iface: answer.iface.name },
  };
  ctx.state.learn(dev.id, out.name, nexthop, entry);
  const resolved: MutableNeighbourStep = {
    kind: 'neighbour',
    iface: out.name,
    nexthop,
    result: 'resolved',
    mac: entry.mac,
    answeredBy: { device: answer.device.id, iface: answer.iface.name, why: answer.why },
  };
  if (others) resolved.alsoAnswered = others;
  if (silent) resolved.silent = silent;
  hop.steps.push(resolved);
  return { ok: true, entry };
}
