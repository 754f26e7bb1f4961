/**
 * The frames a capture point sees in a traced exchange, in order. A frame goes on a wire at a
 * `transmit` step (after POSTROUTING: SNAT and MASQUERADE applied); the next hop's `receive` step is
 * the same frame arriving (before PREROUTING: DNAT not applied yet). A capture on an interface sees
 * what it sends and what it receives; a capture of a segment sees every frame put on it.
 */
import type { Mac } from '../addr/mac.ts';
import type { Network } from '../model/network.ts';
import type { Packet } from '../model/packet.ts';
import type { Leg, TraceResult } from '../sim/steps.ts';
import type { LegName, StepRef } from '../timeline/timeline.ts';
import { ethernetFrame, ipPacket } from './encode.ts';
import type { CapturePoint } from './points.ts';
import { CAPTURE_EPOCH_SEC, WIRE_STEP_USEC } from './wire.ts';

/** One frame crossing a wire: sent at `tx`, received at `rx` (null when nobody took it). */
export interface WireEvent {
  readonly leg: LegName;
  readonly time: number;
  readonly segment: string;
  readonly tx: {
    readonly ref: StepRef;
    readonly device: string;
    readonly iface: string;
    readonly packet: Packet;
  };
  readonly rx: {
    readonly ref: StepRef;
    readonly device: string;
    readonly iface: string;
    readonly packet: Packet;
  } | null;
  readonly srcMac: Mac;
  readonly dstMac: Mac;
}

/** A frame as a capture point records it. */
export interface CapturedFrame {
  readonly leg: LegName;
  /** The step that put the frame on the wire (`out`, segment captures) or took it in (`in`). */
  readonly ref: StepRef;
  readonly direction: 'in' | 'out';
  /** The interface that sent (`out`) or received (`in`) the frame. */
  readonly device: string;
  readonly iface: string;
  /** Capture time: microseconds since the Unix epoch (synthetic, see wire.ts). */
  readonly time: number;
  readonly srcMac: Mac;
  readonly dstMac: Mac;
  /** The header as it was on the wire. */
  readonly packet: Packet;
  /** The whole Ethernet frame. */
  readonly bytes: Uint8Array;
}

const LEGS: readonly LegName[] = ['request', 'reply'];
/** The sender's MAC when neither the network nor a receive step knows it (a lab edited after the trace). */
const UNKNOWN_MAC = '00:00:00:00:00:00' as Mac;

/** Every frame put on a wire (including `lo`) in the trace, in order, with the step that received it. */
export function wireEvents(result: TraceResult, net: Network): WireEvent[] {
  const events: WireEvent[] = [];
  let clock = CAPTURE_EPOCH_SEC * 1e6;
  for (const legName of LEGS) {
    const leg: Leg | null = result[legName];
    if (!leg) continue;
    let pending: number | null = null; // the last frame of the previous hop that went to another device
    leg.hops.forEach((hop, h) => {
      let sent: number | null = null;
      hop.steps.forEach((s, i) => {
        const ref: StepRef = { leg: legName, hop: h, step: i };
        if (s.kind === 'receive' && pending !== null) {
          const e = events[pending]!;
          const rx = { ref, device: hop.device, iface: s.iface, packet: s.packet };
          // the receive step names the sender's MAC itself: it wins over a network edited since
          events[pending] = { ...e, rx, srcMac: s.srcMac };
          pending = null;
        } else if (s.kind === 'transmit') {
          const mac = net.byId.get(hop.device)?.ifByName.get(s.iface)?.mac ?? UNKNOWN_MAC;
          events.push({
            leg: legName,
            time: clock,
            segment: s.segment,
            tx: { ref, device: hop.device, iface: s.iface, packet: s.packet },
            rx: null,
            srcMac: mac,
            dstMac: s.dstMac,
          });
          clock += WIRE_STEP_USEC;
          if (s.iface !== 'lo') sent = events.length - 1;
        }
      });
      pending = sent;
    });
  }
  return events;
}

function onPoint(e: WireEvent, p: CapturePoint): ('in' | 'out')[] {
  if (p.kind === 'segment') return e.segment === p.segment && e.tx.iface !== 'lo' ? ['out'] : [];
  const dirs: ('in' | 'out')[] = [];
  if (e.tx.device === p.device && e.tx.iface === p.iface) dirs.push('out');
  // a frame over lo is captured once (the sending side), as tcpdump -i lo shows it
  if (e.rx && e.rx.device === p.device && e.rx.iface === p.iface && e.tx.iface !== 'lo') dirs.push('in');
  return dirs;
}

/** The frames a capture at `point` records, in order, with their bytes. */
export function captureFrames(result: TraceResult, net: Network, point: CapturePoint): CapturedFrame[] {
  const pingSec = CAPTURE_EPOCH_SEC;
  const out: CapturedFrame[] = [];
  for (const e of wireEvents(result, net))
    for (const dir of onPoint(e, point)) {
      const side = dir === 'out' ? e.tx : e.rx!;
      out.push({
        leg: e.leg,
        ref: side.ref,
        direction: dir,
        device: side.device,
        iface: side.iface,
        time: e.time,
        srcMac: e.srcMac,
        dstMac: e.dstMac,
        packet: side.packet,
        bytes: ethernetFrame(e.srcMac, e.dstMac, ipPacket(side.packet, e.leg, pingSec)),
      });
    }
  return out;
}
