/**
 * One cell of the reachability matrix: what a trace says about a flow, reduced to what the matrix
 * shows (who answered, where it died and why), and that reduction in plain words.
 */
import { formatIpv4, type Ipv4 } from '../addr/ipv4.ts';
import type { Network } from '../model/network.ts';
import type { Probe } from '../sim/trace.ts';
import type { DropReason, Outcome, TraceResult } from '../sim/steps.ts';
import { swapAddr, swapDevice, swapText, traceIsPortable, type Swaps } from './symmetry.ts';

/** Where a flow died: the leg, the device, the kernel's reason and its detail. */
export interface CellDrop {
  readonly leg: 'request' | 'reply';
  readonly device: string;
  readonly reason: DropReason;
  readonly detail: string;
}

/** What the matrix keeps of a trace. */
export interface CellCore {
  readonly outcome: Outcome;
  /** The device whose stack accepted the request. */
  readonly receiver: string | null;
  /** Where the answer went (the sender, or someone else when it is misdelivered). */
  readonly replyReceiver: string | null;
  /** The source address the sender's socket sees on the answer. */
  readonly replyFrom: Ipv4 | null;
  /** What the answer is: `echo-reply`, `tcp syn-ack`, `icmp …`. */
  readonly replyWhat: string | null;
  readonly drop: CellDrop | null;
  /** Whether a swap of this trace is this trace swapped (symmetry.ts, `traceIsPortable`). */
  readonly portable: boolean;
}

export function cellCore(r: TraceResult): CellCore {
  const req = r.request;
  const rep = r.reply;
  const drop: CellDrop | null =
    r.outcome === 'reply-dropped' && rep?.drop
      ? { leg: 'reply', ...rep.drop }
      : req.drop
        ? { leg: 'request', ...req.drop }
        : rep?.drop
          ? { leg: 'reply', ...rep.drop }
          : null;
  return {
    outcome: r.outcome,
    receiver: req.receiver,
    replyReceiver: rep?.receiver ?? null,
    replyFrom: rep?.socket?.src ?? null,
    replyWhat: rep?.what ?? null,
    drop,
    portable: traceIsPortable(r),
  };
}

/** The core of the swapped trace (see symmetry.ts). */
export function swapCore(s: Swaps, c: CellCore): CellCore {
  return {
    ...c,
    receiver: c.receiver === null ? null : swapDevice(s, c.receiver),
    replyReceiver: c.replyReceiver === null ? null : swapDevice(s, c.replyReceiver),
    replyFrom: c.replyFrom === null ? null : swapAddr(s, c.replyFrom),
    drop: c.drop
      ? { ...c.drop, device: swapDevice(s, c.drop.device), detail: swapText(s, c.drop.detail) }
      : null,
  };
}

/**
 * `forward`: a production client → a lab VM by one of its production addresses (✓ = the VM answers);
 * `reverse`: a lab VM → a production client's real address (✓ = the client gets the packet: a leak).
 */
export type MatrixDirection = 'forward' | 'reverse';
export type MatrixPathKind = 'masquerade' | 'access' | 'real';

export interface ReachCell {
  /** Stable across what-ifs: `forward|vbs|sf0006-copy|masquerade|192.168.150.36`. */
  readonly key: string;
  readonly dir: MatrixDirection;
  readonly from: string;
  /** The device meant to get the packet. */
  readonly target: string;
  readonly path: MatrixPathKind;
  readonly addr: Ipv4;
  readonly probe: Probe;
  /** forward: answered by `target`; reverse: `target` received the packet. */
  readonly ok: boolean;
  /** What the design intends: forward cells ✓, reverse cells ✗ (the lab is isolated). */
  readonly expected: boolean;
  readonly outcome: Outcome;
  readonly receiver: string | null;
  readonly drop: CellDrop | null;
  /** In plain words: `reply dropped at vlab: rp_filter`, `answered by sf0006, not its copy`. */
  readonly reason: string;
  /** The kernel's detail (the rule, the ARP request, the reverse-path check). */
  readonly detail: string;
  /** The cell whose trace this one was read from (the network cannot tell them apart), if not its own. */
  readonly sharedWith?: string;
}

export interface CellMeta {
  readonly key: string;
  readonly dir: MatrixDirection;
  readonly target: string;
  readonly path: MatrixPathKind;
  readonly probe: Probe;
  /** The target's own address (a VM's address in its isolated network; a client's real address). */
  readonly targetAddr: Ipv4;
}

/** Whether `device` holds `addr` (a production original and its copy share their address). */
export function holds(net: Network, device: string, addr: Ipv4): boolean {
  return net.byId.get(device)?.ifaces.some((i) => i.addrs.some((a) => a.local === addr)) ?? false;
}

export function reachCell(net: Network, m: CellMeta, c: CellCore, sharedWith?: string): ReachCell {
  const from = m.probe.from;
  const ok =
    m.dir === 'forward' ? c.outcome === 'answered' && c.receiver === m.target : c.receiver === m.target;
  return {
    key: m.key,
    dir: m.dir,
    from,
    target: m.target,
    path: m.path,
    probe: m.probe,
    addr: m.probe.to,
    ok,
    expected: m.dir === 'forward',
    outcome: c.outcome,
    receiver: c.receiver,
    drop: c.drop,
    reason: reasonOf(net, m, c),
    detail:
      c.drop?.detail ??
      (c.replyWhat && c.replyFrom !== null ? `the ${c.replyWhat} comes from ${formatIpv4(c.replyFrom)}` : ''),
    ...(sharedWith !== undefined ? { sharedWith } : {}),
  };
}

const dropText = (d: CellDrop) => `${d.leg} dropped at ${d.device}: ${d.reason}`;

function reasonOf(net: Network, m: CellMeta, c: CellCore): string {
  const from = m.probe.from;
  const t = m.target;
  const got = c.outcome === 'answered' ? 'answered by' : 'reached';
  if (c.receiver !== null && c.receiver !== t) {
    const same = holds(net, c.receiver, m.targetAddr);
    if (m.dir === 'forward') return `${got} ${c.receiver}, not ${same ? 'its copy' : t}`;
    const who = c.receiver === from ? `${c.receiver} itself` : c.receiver;
    return `${got} ${who}${same ? ` (same address as ${t})` : ''}, not ${t}`;
  }
  if (m.dir === 'reverse' && c.receiver === t)
    return `reaches ${t}: the isolated network leaks into production${c.drop ? ` (${dropText(c.drop)})` : ''}`;
  switch (c.outcome) {
    case 'answered':
      return `answered by ${t}${c.replyWhat === 'tcp rst' ? ' (tcp rst: nothing listens there)' : ''}`;
    case 'error':
      if (!c.drop && c.receiver !== null)
        return `${c.receiver} answers ${(c.replyWhat ?? 'an error').replace(/^icmp /, '')}`;
      return c.drop
        ? `${dropText(c.drop)} (${(c.replyWhat ?? 'an error').replace(/^icmp /, '')} back)`
        : `error: ${c.replyWhat ?? '?'}`;
    case 'reply-misdelivered':
      return `the ${c.replyWhat ?? 'answer'} goes to ${c.replyReceiver ?? '?'}, not ${from}`;
    case 'no-reply':
      return `delivered to ${c.receiver ?? '?'}, no answer${c.drop ? ` (${c.drop.reason})` : ''}`;
    default:
      return c.drop ? dropText(c.drop) : c.outcome;
  }
}
