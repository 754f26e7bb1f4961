/**
 * `ping` on a simulated device: iputils-ping 20221126's checks and messages around the engine's
 * `trace()` of each echo request, all of them sharing one conntrack/neighbour state, so the second
 * packet finds the connection ESTABLISHED as on the kernel. natlab has no clock: the ` time=… ms`
 * of each answer, the `, time …ms` of the statistics and the `rtt min/avg/max/mdev` line are left out
 * (ping-timeline.ts says when answers arrive).
 */
import { formatIpv4, isMulticast, type Ipv4 } from '../addr/ipv4.ts';
import type { Device } from '../model/device.ts';
import type { Network } from '../model/network.ts';
import { ICMP_ECHOREPLY, IPPROTO_ICMP, isIcmpError } from '../model/packet.ts';
import { isLocalAddress } from '../routing/device-fib.ts';
import { routeOutput, type OutputDecision } from '../routing/route-output.ts';
import { icmpErrorText } from '../sim/icmp.ts';
import { ERRNO_TEXT } from '../sim/stack.ts';
import { SimState } from '../sim/state.ts';
import type { DropReason, TraceResult } from '../sim/steps.ts';
import { trace } from '../sim/trace.ts';
import { unsupported } from './console-errors.ts';
import type { CommandOutput } from './ip-route-get.ts';
import { isPingOptions, parsePingArgs, type PingOptions } from './ping-options.ts';
import { pingTimeline, type PingAnswer } from './ping-timeline.ts';

/** The echo id natlab's ping uses when `-e` is not given: 4242 (the engine's default), then the next. */
const nextIdent = new WeakMap<SimState, number>();
export const FIRST_IDENT = 4242;

function identFor(state: SimState | undefined): number {
  if (!state) return FIRST_IDENT;
  const id = nextIdent.get(state) ?? FIRST_IDENT;
  nextIdent.set(state, (id + 1) & 0xffff);
  return id;
}

/** Drops in the sender's own netfilter: `sendmsg()` fails with EPERM (`NF_DROP` on the output path). */
const NETFILTER_DROPS: ReadonlySet<DropReason> = new Set([
  'filter_drop',
  'filter_reject',
  'invalid_state',
  'masquerade_no_address',
  'conntrack_clash',
]);

const BROADCAST = 'ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules\n';
const fail = (stderr: string, code = 2): CommandOutput => ({ stdout: '', stderr, code });

function connectError(errno: keyof typeof ERRNO_TEXT): string {
  return errno === 'EACCES' ? BROADCAST : `ping: connect: ${ERRNO_TEXT[errno]}\n`;
}

function output(device: Device, o: PingOptions, dst: Ipv4, oif: number): OutputDecision {
  return routeOutput(device, {
    dst,
    src: (o.source ?? 0) as Ipv4,
    oif,
    mark: o.mark ?? 0,
    tos: 0,
    proto: IPPROTO_ICMP,
    sport: 0,
    dport: 0,
  });
}

/** What ping makes of one traced echo request. */
function answerOf(r: TraceResult, from: string, ident: number, seq: number): PingAnswer | null {
  const req = r.request;
  const rep = r.reply;
  const eperm =
    req.drop !== null &&
    req.drop.device === from &&
    req.hops.length === 1 &&
    NETFILTER_DROPS.has(req.drop.reason);
  if (!rep || !rep.delivered || rep.receiver !== from || !rep.socket)
    return eperm ? { seq, kind: 'eperm' } : null;
  const s = rep.socket;
  if (rep.packet.proto !== IPPROTO_ICMP) return null;
  if (s.icmpType === ICMP_ECHOREPLY)
    return s.sport === ident ? { seq, kind: 'reply', from: s.src, ttl: s.ttl } : null;
  if (!isIcmpError({ proto: s.proto, icmpType: s.icmpType ?? 0 })) return null;
  return {
    seq,
    kind: 'error',
    from: s.src,
    text: icmpErrorText(s.icmpType ?? 0, s.icmpCode ?? 0),
    late: req.drop?.reason === 'neighbour_unreachable',
    eperm,
  };
}

export function runPing(
  net: Network,
  device: Device,
  args: readonly string[],
  state: SimState | undefined,
): CommandOutput {
  const o = parsePingArgs(args);
  if (!isPingOptions(o)) return o;
  const argv = ['ping', ...args];
  let stderr = o.warnings;
  const iface = o.device !== undefined ? device.ifByName.get(o.device) : undefined;
  if (o.device !== undefined && !iface)
    return fail(`${stderr}ping: SO_BINDTODEVICE ${o.device}: No such device\n`);
  if (o.source !== undefined && !isLocalAddress(device, o.source))
    return fail(`${stderr}ping: bind: Cannot assign requested address\n`);
  // ping 0.0.0.0: the kernel connects it to the source it picks, and ping shows that address
  let dst = o.dst;
  if (dst === 0) {
    if (iface) return unsupported(argv, 'natlab does not simulate ping 0.0.0.0 with -I DEVICE');
    dst = (o.source ?? 0x7f000001) as Ipv4;
  }
  if (isMulticast(dst)) return unsupported(argv, 'natlab does not simulate multicast destinations');
  const plain = output(device, o, dst, 0);
  if (dst === 0xffffffff || (plain.kind === 'ok' && plain.type === 'broadcast'))
    return fail(stderr + BROADCAST);
  let src = o.source;
  if (iface) {
    // SO_BINDTODEVICE: ping's probe connect() looks up with oif; natlab's trace cannot bind a socket
    // to a device, so it only answers when the device changes nothing
    const bound = output(device, o, dst, iface.index);
    if (bound.kind === 'error') return fail(stderr + connectError(bound.errno));
    if (plain.kind === 'error' || plain.out.name !== bound.out.name || plain.src !== bound.src)
      return unsupported(
        argv,
        `natlab cannot bind a socket to ${o.device}: the route to ${formatIpv4(dst)} leaves by ${plain.kind === 'ok' ? plain.out.name : 'no device'}`,
      );
    src ??= bound.src;
    if (!iface.addrs.some((a) => a.local === src))
      stderr += `ping: Warning: source address might be selected on device other than: ${o.device}\n`;
  }
  const sim = state ?? new SimState();
  const ident = o.ident ?? identFor(state);
  const answers: (PingAnswer | null)[] = [];
  for (let seq = 1; seq <= o.count; seq++) {
    const r = trace(
      net,
      {
        from: device.id,
        to: dst,
        ...(o.source !== undefined ? { src: o.source } : {}),
        proto: 'icmp',
        sport: ident,
        ...(o.mark !== undefined ? { mark: o.mark } : {}),
        ...(o.ttl ? { ttl: o.ttl } : {}),
      },
      { state: sim },
    );
    if (!r.ok) return unsupported(argv, r.error);
    const drop = r.value.request.drop;
    if (seq === 1 && drop?.detail.startsWith('connect: ')) {
      const errno = (Object.keys(ERRNO_TEXT) as (keyof typeof ERRNO_TEXT)[]).find(
        (e) => `connect: ${ERRNO_TEXT[e]}` === drop.detail,
      );
      return fail(stderr + (errno ? connectError(errno) : `ping: ${drop.detail}\n`));
    }
    if (seq === 1 && o.ttl === 0)
      return fail(`${stderr}ping: cannot set unicast time-to-live: Invalid argument\n`);
    answers.push(answerOf(r.value, device.id, ident, seq));
  }
  const from = iface || o.source !== undefined ? `from ${formatIpv4(src!)} ${o.device ?? ''}: ` : '';
  const t = pingTimeline(answers, o.count, o.linger);
  let stdout = `PING ${o.target} (${formatIpv4(dst)}) ${from}56(84) bytes of data.\n`;
  if (!o.quiet)
    for (const a of t.shown) {
      if (a.kind === 'reply')
        stdout += `64 bytes from ${formatIpv4(a.from)}: icmp_seq=${a.seq} ttl=${a.ttl}\n`;
      else if (a.kind === 'error') stdout += `From ${formatIpv4(a.from)} icmp_seq=${a.seq} ${a.text}\n`;
      if (a.kind === 'error' && a.eperm) stderr += 'ping: sendmsg: Operation not permitted\n';
    }
  const loss = formatG(((o.count - t.received) * 100) / o.count);
  stdout += `\n--- ${o.target} ping statistics ---\n`;
  stdout += `${o.count} packets transmitted, ${t.received} received${t.errors ? `, +${t.errors} errors` : ''}, ${loss}% packet loss\n`;
  stdout += `${t.pipe > 1 ? `pipe ${t.pipe}` : ''}\n`;
  return { stdout, stderr, code: t.received ? 0 : 1 };
}

/** printf's `%g` of a C float (the packet loss). */
export function formatG(x: number): string {
  const f = Math.fround(x);
  if (Number.isInteger(f)) return String(f);
  return f.toPrecision(6).replace(/\.?0+$/, '');
}
