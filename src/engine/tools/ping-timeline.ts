/**
 * When ping's answers arrive, in whole seconds: natlab has no clock, but ping's output depends on a few
 * times that are the kernel's defaults, not the network's, so they are modelled:
 *
 * - ping sends echo request `icmp_seq=N` at second N−1 (`-i 1`); answers and ICMP errors come back at
 *   once (a lab has no delay);
 * - a failed ARP resolution reports "Destination Host Unreachable" 3 s after the packet that started it
 *   (`mcast_solicit` 3 probes, `retrans_time` 1 s) for every packet queued on the neighbour meanwhile,
 *   the one sent at that very second included;
 * - after the last packet ping waits 1 s if it already got an answer, else `-W` seconds (default 10),
 *   and ignores what comes later;
 * - `pipe N` is the most packets in flight when one was answered (iputils' `acknowledge()`).
 *
 * The kernel's timers are some milliseconds late and ping's interval drifts, so close to these
 * boundaries (`-c 4 -W 2` towards a dead neighbour) the real tool can count one error more or less.
 */
import type { Ipv4 } from '../addr/ipv4.ts';

export type PingAnswer =
  | { readonly seq: number; readonly kind: 'reply'; readonly from: Ipv4; readonly ttl: number }
  | {
      readonly seq: number;
      readonly kind: 'error';
      readonly from: Ipv4;
      /** As ping prints it: `Destination Host Unreachable`. */
      readonly text: string;
      /** It comes when ARP gives up, 3 s later. */
      readonly late: boolean;
      /** sendmsg() also failed (REJECT in the sender's OUTPUT): ping prints `sendmsg: …` too. */
      readonly eperm: boolean;
    }
  /** sendmsg() failed with nothing coming back (DROP in OUTPUT): silent, counted as sent. */
  | { readonly seq: number; readonly kind: 'eperm' };

export interface PingTimeline {
  /** Replies and errors in the order ping prints them. */
  readonly shown: readonly Extract<PingAnswer, { kind: 'reply' | 'error' }>[];
  readonly received: number;
  readonly errors: number;
  readonly pipe: number;
}

/** Seconds from the first probe to ARP's "failed" (3 probes, 1 s apart). */
export const ARP_FAILURE_DELAY = 3;

export function pingTimeline(
  answers: readonly (PingAnswer | null)[],
  count: number,
  linger: number,
): PingTimeline {
  const arrivals: { a: Extract<PingAnswer, { kind: 'reply' | 'error' }>; at: number; late: boolean }[] = [];
  let batch: number | null = null;
  for (const a of answers) {
    if (!a || a.kind === 'eperm') continue;
    const sent = a.seq - 1;
    if (a.kind === 'error' && a.late) {
      // packets sent while the neighbour is still INCOMPLETE wait in its queue and fail with it
      if (batch === null || sent > batch) batch = sent + ARP_FAILURE_DELAY;
      arrivals.push({ a, at: batch, late: true });
    } else arrivals.push({ a, at: sent, late: false });
  }
  const lastSent = count - 1;
  const answeredBefore = arrivals.some((e) => e.a.kind === 'reply' && e.at < lastSent);
  const stop = lastSent + (answeredBefore ? 1 : linger);
  const kept = arrivals
    .filter((e) => e.at <= stop)
    .sort((x, y) => x.at - y.at || Number(x.late) - Number(y.late) || x.a.seq - y.a.seq);
  let pipe = 0;
  for (const e of kept) {
    const transmitted = Math.min(count, Math.floor(e.at) + 1);
    pipe = Math.max(pipe, transmitted - e.a.seq + 1);
  }
  return {
    shown: kept.map((e) => e.a),
    received: kept.filter((e) => e.a.kind === 'reply').length,
    errors: kept.filter((e) => e.a.kind === 'error').length,
    pipe,
  };
}
