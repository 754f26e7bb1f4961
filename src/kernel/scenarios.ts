/**
 * Engine-vs-kernel comparison of probes in a lab: predict with the engine, build the lab in namespaces,
 * probe it (probe.ts), and describe both the same way — a `ProbeView` — so a test can compare them field
 * by field. `compareOnKernel` / `enginePing` are the first, ping-only form, kept for their callers.
 */
import { formatIpv4, ipv4 } from '../engine/addr/ipv4.ts';
import type { Network } from '../engine/model/network.ts';
import { isIcmpError, TCP_ACK, TCP_RST, TCP_SYN, type Packet } from '../engine/model/packet.ts';
import type { DropReason, Leg, Seen, TraceResult } from '../engine/sim/steps.ts';
import { icmpErrorText } from '../engine/sim/icmp.ts';
import { trace } from '../engine/sim/trace.ts';
import {
  KernelLab,
  type KernelLabOptions,
  type KernelObservation,
  type ProbeSpec,
  type RouteQuery,
} from './probe.ts';
import { UDP_REQUEST_LEN, type CapturedPacket } from './services.ts';
import { checkedRouteChecks, routeQueries, routeSummary, type RouteCheck } from './fuzz/route-checks.ts';

export type { RouteCheck } from './fuzz/route-checks.ts';
export { engineRouteChecks, engineRouteGet, routeSummary } from './fuzz/route-checks.ts';

/**
 * What happened to the request, as the sender's socket and the receiver tell it:
 * `answered` (echo reply, SYN-ACK, UDP answer), `refused` (TCP reset), `error` (an ICMP error reached the
 * socket), `send-failed` (the send/connect call failed at once), `no-reply` (delivered, nothing came
 * back), `dropped` (delivered nowhere, nothing came back).
 */
export type Verdict = 'answered' | 'refused' | 'error' | 'send-failed' | 'no-reply' | 'dropped';

/** One probe described the same way for the engine and the kernel. */
export interface ProbeView {
  readonly verdict: Verdict;
  /** The device that accepted the request locally (delivered to its ICMP/TCP/UDP layer). */
  readonly receiver: string | null;
  /** The request as it arrived at the receiver: `src:sport > dst:dport`, ICMP `src > dst id N`. */
  readonly seen: string | null;
  /** Its TTL there. */
  readonly ttl: number | null;
  /** Who answered, as the socket saw it: `addr:port` (TCP: the connected/refusing peer), `addr id N`. */
  readonly reply: string | null;
  /** An ICMP error the socket got: `type/code from addr`. */
  readonly error: string | null;
  /** errno of a send/connect call that failed at once. */
  readonly sendErrno: string | null;
  /** Devices the request crossed, in order, starting with the sender. */
  readonly path: readonly string[];
  /** `ip route get` on the devices the request and the answer went through. */
  readonly routes: readonly RouteCheck[];
}

const addr = (a: number) => formatIpv4(a);

function seenText(proto: string, s: { src: string; dst: string; sport?: number; dport?: number }): string {
  return proto === 'icmp' ? `${s.src} > ${s.dst} id ${s.sport}` : `${s.src}:${s.sport} > ${s.dst}:${s.dport}`;
}

const engineSeen = (proto: string, s: Seen) =>
  seenText(proto, { src: addr(s.src), dst: addr(s.dst), sport: s.sport, dport: s.dport });

function dedupe(path: readonly string[]): string[] {
  return path.filter((d, i) => i === 0 || path[i - 1] !== d);
}

function verdictOf(sock: Partial<ProbeView>, sendErrno: string | null, receiver: string | null): Verdict {
  return sock.verdict ?? (sendErrno ? 'send-failed' : receiver ? 'no-reply' : 'dropped');
}

// ---------------------------------------------------------------------------------------------------
// The engine's prediction

/** Drops by netfilter at the sender: the send call fails with EPERM (TCP's connect ignores it). */
const NF_DROPS = new Set<DropReason>([
  'filter_drop',
  'filter_reject',
  'invalid_state',
  'masquerade_no_address',
  'conntrack_clash',
]);

function engineSendErrno(t: TraceResult, spec: ProbeSpec): string | null {
  const req = t.request;
  if (!req.drop || req.drop.device !== spec.from || req.hops.length !== 1) return null;
  let hook: string | null = null;
  for (const s of req.hops[0]!.steps) {
    if (
      s.kind === 'route' &&
      (s.purpose === 'connect' || s.purpose === 'output' || s.purpose === 'reroute') &&
      /^E[A-Z]+$/.test(s.result)
    )
      return s.purpose === 'reroute' && spec.proto === 'tcp' ? null : s.result;
    if (s.kind === 'chain') hook = s.hook;
    if (s.kind === 'drop') break;
  }
  // a verdict on the way out fails the send; on the way in (a probe to ourselves, over lo) it does not
  const outbound = hook === null || hook === 'output' || hook === 'postrouting';
  return NF_DROPS.has(req.drop.reason) && outbound && spec.proto !== 'tcp' ? 'EPERM' : null;
}

/** The ICMP error as delivered (after the sender's own de-NAT): the last packet its last hop shows. */
function deliveredPacket(reply: Leg): Packet | null {
  let last: Packet | null = null;
  for (const st of reply.hops[reply.hops.length - 1]?.steps ?? []) {
    if (st.kind === 'receive' || st.kind === 'send') last = st.packet;
    if (st.kind === 'nat') last = st.after;
  }
  return last;
}

/**
 * Whether an ICMP error reaches the probe's socket: the kernel hands it to the socket the quoted header
 * belongs to (`tcp_v4_err`: the connection's four-tuple; `__udp4_lib_err`: the bound port and address;
 * the raw ICMP socket here: the echo id). An error quoting a header nobody translated back does not.
 */
function errorForSocket(reply: Leg, spec: ProbeSpec, localSrc: number): boolean {
  const q = deliveredPacket(reply)?.inner;
  if (!q) return true;
  if (spec.proto === 'icmp') return q.proto === 1 && q.icmpType === 8 && q.sport === spec.sport;
  if (spec.proto === 'udp')
    return q.proto === 17 && q.sport === spec.sport && (!spec.src || addr(q.src) === spec.src);
  return (
    q.proto === 6 &&
    q.src === localSrc &&
    q.sport === spec.sport &&
    addr(q.dst) === spec.to &&
    q.dport === spec.dport
  );
}

/** What the sender's socket makes of the answer the engine delivers to the sender, if anything. */
function engineSocket(reply: Leg | null, spec: ProbeSpec, localSrc: number): Partial<ProbeView> {
  if (!reply?.delivered || reply.receiver !== spec.from || !reply.socket) return {};
  const p = reply.socket;
  if (p.proto === 1 && isIcmpError({ proto: p.proto, icmpType: p.icmpType ?? -1 }))
    return errorForSocket(reply, spec, localSrc)
      ? { verdict: 'error', error: `${p.icmpType}/${p.icmpCode} from ${addr(p.src)}` }
      : {};
  if (spec.proto === 'icmp')
    return p.proto === 1 && p.icmpType === 0 && p.sport === spec.sport
      ? { verdict: 'answered', reply: `${addr(p.src)} id ${p.sport}` }
      : {};
  if (spec.proto === 'tcp') {
    // a TCP socket only takes segments of its own connection
    const mine =
      p.proto === 6 &&
      addr(p.src) === spec.to &&
      p.sport === spec.dport &&
      p.dport === spec.sport &&
      p.dst === localSrc;
    const f = reply.packet.tcpFlags;
    if (mine && f & TCP_RST) return { verdict: 'refused', reply: `${spec.to}:${spec.dport}` };
    if (mine && (f & (TCP_SYN | TCP_ACK)) === (TCP_SYN | TCP_ACK))
      return { verdict: 'answered', reply: `${spec.to}:${spec.dport}` };
    return {};
  }
  const mine = p.proto === 17 && p.dport === spec.sport && (!spec.src || addr(p.dst) === spec.src);
  return mine ? { verdict: 'answered', reply: `${addr(p.src)}:${p.sport}` } : {};
}

export interface EngineProbe {
  readonly view: ProbeView;
  readonly trace: TraceResult;
  readonly queries: readonly RouteQuery[];
  /** A NAT step picked a port / ICMP id the kernel picks at random. */
  readonly randomized: boolean;
}

export function engineProbe(net: Network, spec: ProbeSpec): EngineProbe {
  const r = trace(net, {
    from: spec.from,
    to: ipv4(spec.to),
    proto: spec.proto,
    sport: spec.sport,
    ...(spec.dport !== undefined ? { dport: spec.dport } : {}),
    ...(spec.src !== undefined ? { src: ipv4(spec.src) } : {}),
    ...(spec.mark ? { mark: spec.mark } : {}),
    ...(spec.ttl !== undefined ? { ttl: spec.ttl } : {}),
  });
  if (!r.ok) throw new Error(r.error);
  const t = r.value;
  const receiver = t.request.receiver;
  const sendErrno = engineSendErrno(t, spec);
  const sock = engineSocket(t.reply, spec, t.request.packet.src);
  const { queries, steps } = routeQueries(t);
  const view: ProbeView = {
    verdict: verdictOf(sock, sendErrno, receiver),
    receiver,
    seen: t.request.seen ? engineSeen(spec.proto, t.request.seen) : null,
    ttl: t.request.seen?.ttl ?? null,
    reply: sock.reply ?? null,
    error: sock.error ?? null,
    sendErrno,
    path: dedupe(t.request.hops.map((h) => h.device)),
    routes: checkedRouteChecks(net, queries, steps),
  };
  const randomized = [t.request, t.reply].some((l) =>
    l?.hops.some((h) => h.steps.some((s) => s.kind === 'nat' && s.randomized === true)),
  );
  return { view, trace: t, queries, randomized };
}

// ---------------------------------------------------------------------------------------------------
// The kernel's observation

function isRequest(spec: ProbeSpec, p: CapturedPacket): boolean {
  if (spec.proto === 'icmp') return p.proto === 1 && p.icmpType === 8;
  if (spec.proto === 'tcp') return p.proto === 6 && ((p.flags ?? 0) & 0x17) === TCP_SYN;
  return p.proto === 17 && p.len === UDP_REQUEST_LEN;
}

/** Counters that count a request handed to the protocol (the request was delivered locally). */
const DELIVERED: Record<ProbeSpec['proto'], readonly string[]> = {
  icmp: ['IcmpInEchos'],
  tcp: ['TcpInSegs'],
  udp: ['UdpInDatagrams', 'UdpNoPorts', 'UdpInErrors'],
};

export function kernelView(spec: ProbeSpec, obs: KernelObservation): ProbeView {
  const events = Object.entries(obs.captures)
    .flatMap(([device, ps]) => ps.filter((p) => isRequest(spec, p)).map((p) => ({ device, p })))
    .sort((a, b) => a.p.t - b.p.t);
  const ins = events.filter((e) => e.p.dir === 'in');
  const path = dedupe([spec.from, ...ins.filter((e) => e.p.iface !== 'lo').map((e) => e.device)]);
  let receiver: string | null = null;
  let seen: CapturedPacket | null = null;
  const last = ins[ins.length - 1];
  if (last) {
    const d = last.device;
    const sentOn = events.some(
      (e) => e.device === d && e.p.dir === 'out' && e.p.iface !== 'lo' && e.p.t > last.p.t,
    );
    const c = obs.counters[d] ?? {};
    if (!sentOn && DELIVERED[spec.proto].some((k) => (c[k] ?? 0) > 0)) {
      receiver = d;
      seen = last.p;
    }
  }
  const c = obs.client;
  const sock: Partial<ProbeView> =
    c.kind === 'reply'
      ? {
          verdict: 'answered',
          reply:
            spec.proto === 'icmp' ? `${c.peer!.addr} id ${c.peer!.id}` : `${c.peer!.addr}:${c.peer!.port}`,
        }
      : c.kind === 'connected'
        ? { verdict: 'answered', reply: `${c.peer!.addr}:${c.peer!.port}` }
        : c.kind === 'refused'
          ? { verdict: 'refused', reply: `${spec.to}:${spec.dport}` }
          : c.kind === 'error'
            ? {
                verdict: 'error',
                error: c.icmp
                  ? `${c.icmp.type}/${c.icmp.code} from ${c.icmp.from}`
                  : `errno ${c.errno ?? '?'}`,
              }
            : {};
  return {
    verdict: verdictOf(sock, c.sendErrno, receiver),
    receiver,
    seen: seen ? seenText(spec.proto, { ...seen, sport: seen.id ?? seen.sport }) : null,
    ttl: seen?.ttl ?? null,
    reply: sock.reply ?? null,
    error: sock.error ?? null,
    sendErrno: c.sendErrno,
    path,
    routes: obs.routes.map((r) => ({ query: r.query, answer: routeSummary(r.stdout, r.stderr) })),
  };
}

export interface ProbeComparison {
  readonly spec: ProbeSpec;
  readonly engine: ProbeView;
  readonly kernel: ProbeView;
  readonly randomized: boolean;
  readonly observation: KernelObservation;
}

/** Builds the lab, runs the probes (each from a cold start), tears it down (always). */
export async function compareProbe(
  net: Network,
  prefix: string,
  specs: readonly ProbeSpec[],
  opts: KernelLabOptions = {},
): Promise<ProbeComparison[]> {
  const lab = await KernelLab.open(net, prefix, opts);
  try {
    const out: ProbeComparison[] = [];
    for (const spec of specs) {
      const e = engineProbe(net, spec);
      const observation = await lab.probe(spec, e.queries);
      out.push({
        spec,
        engine: e.view,
        kernel: kernelView(spec, observation),
        randomized: e.randomized,
        observation,
      });
    }
    return out;
  } finally {
    await lab.close();
  }
}

// ---------------------------------------------------------------------------------------------------
// Ping only (the first harness)

export interface PingView {
  /** Who got the echo request addressed to itself. */
  readonly receiver: string | null;
  /** The request as the receiver's tcpdump showed it. */
  readonly seen: string | null;
  /** What ping printed: `reply from X`, `From X <error>` or `no answer`. */
  readonly ping: string;
}

export interface PingProbe {
  readonly from: string;
  readonly to: string;
  readonly mark?: number;
  readonly ttl?: number;
}

const ERROR_TEXT: Record<string, string> = {
  'icmp Destination Host Unreachable': 'Destination Host Unreachable',
  'icmp Destination Net Unreachable': 'Destination Net Unreachable',
  'icmp Packet filtered': 'Packet filtered',
  'icmp Time to live exceeded': 'Time to live exceeded',
  'icmp Destination Port Unreachable': 'Destination Port Unreachable',
};

export function enginePing(net: Network, p: PingProbe): PingView & { wait: number } {
  const r = trace(net, {
    from: p.from,
    to: ipv4(p.to),
    ...(p.mark !== undefined ? { mark: p.mark } : {}),
    ...(p.ttl !== undefined ? { ttl: p.ttl } : {}),
  });
  if (!r.ok) throw new Error(r.error);
  const t = r.value;
  const seen = t.request.seen
    ? `${formatIpv4(t.request.seen.src)} > ${formatIpv4(t.request.seen.dst)}`
    : null;
  let ping = 'no answer';
  if (t.outcome === 'answered') ping = `reply from ${formatIpv4(t.reply!.socket!.src)}`;
  else if (t.outcome === 'error')
    ping = `From ${formatIpv4(t.reply!.socket!.src)} ${ERROR_TEXT[t.reply!.what] ?? t.reply!.what}`;
  const arpFailure = [t.request, t.reply].some((l) => l?.drop?.reason === 'neighbour_unreachable');
  return { receiver: t.request.receiver, seen, ping, wait: arpFailure ? 5 : 2 };
}

/** The ping view of an ICMP echo probe: what ping would have printed. */
export function pingViewOf(v: ProbeView): PingView {
  let ping = 'no answer';
  if (v.verdict === 'answered' && v.reply) ping = `reply from ${v.reply.split(' ')[0]}`;
  const e = v.verdict === 'error' && v.error ? /^(\d+)\/(\d+) from (\S+)$/.exec(v.error) : null;
  if (e) {
    const what = `icmp ${icmpErrorText(Number(e[1]), Number(e[2]))}`;
    ping = `From ${e[3]} ${ERROR_TEXT[what] ?? what}`;
  }
  return { receiver: v.receiver, seen: v.seen ? v.seen.replace(/ id \d+$/, '') : null, ping };
}

/** Builds the lab, pings (ICMP echo probes, id 4242, each from a cold start), tears it down (always). */
export async function compareOnKernel(
  net: Network,
  prefix: string,
  probes: readonly PingProbe[],
): Promise<{ engine: PingView; kernel: PingView }[]> {
  const specs = probes.map((p): ProbeSpec => ({
    from: p.from,
    to: p.to,
    proto: 'icmp',
    sport: 4242,
    ...(p.mark !== undefined ? { mark: p.mark } : {}),
    ...(p.ttl !== undefined ? { ttl: p.ttl } : {}),
  }));
  const results = await compareProbe(net, prefix, specs);
  return results.map((r, i) => {
    const { wait: _wait, ...engine } = enginePing(net, probes[i]!);
    return { engine, kernel: pingViewOf(r.kernel) };
  });
}
