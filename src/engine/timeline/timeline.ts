/**
 * A trace laid out for playback: one frame per step, in the order the kernel took them, request leg
 * then reply leg, each frame carrying the packet's header as it is after the step, the fields that
 * step changed, the netfilter place (hook, table, chain) and, for a frame on the wire, the segment
 * crossed. The UI animates frames (time is the UI's business); the workshop asks questions at them.
 */
import { formatIpv4 } from '../addr/ipv4.ts';
import type { Hook, TableName } from '../model/netfilter.ts';
import type { Packet } from '../model/packet.ts';
import type { Hop, Leg, Step, TraceResult } from '../sim/steps.ts';

export type LegName = 'request' | 'reply';

/** Where a step lives in a trace: `result[leg].hops[hop].steps[step]`. */
export interface StepRef {
  readonly leg: LegName;
  readonly hop: number;
  readonly step: number;
}

export function stepRefKey(r: StepRef): string {
  return `${r.leg}:${r.hop}:${r.step}`;
}

/** The header fields a packet card shows. */
export type FieldName = 'src' | 'dst' | 'sport' | 'dport' | 'ttl' | 'mark' | 'ct';
export const FIELD_NAMES: readonly FieldName[] = ['src', 'dst', 'sport', 'dport', 'ttl', 'mark', 'ct'];

export interface FieldChange {
  readonly field: FieldName;
  readonly from: string;
  readonly to: string;
}

/** A frame that moves the packet over a segment, from one device's interface to another's. */
export interface Wire {
  readonly segment: string;
  readonly from: { readonly device: string; readonly iface: string };
  /** The receiving interface, or null when nobody received it (the next hop is missing). */
  readonly to: { readonly device: string; readonly iface: string } | null;
}

export interface Frame {
  readonly ref: StepRef;
  readonly device: string;
  readonly step: Step;
  /** The packet after this step (null before the sender built it). */
  readonly packet: Packet | null;
  /** Conntrack state of the packet on this device (`NEW original`…), or null when untracked. */
  readonly ct: string | null;
  /** Header fields (and conntrack state) this step changed. */
  readonly changed: readonly FieldChange[];
  /** The hook being traversed, if any (set by `hook`, kept until the hop leaves the hook). */
  readonly hook: Hook | null;
  /** The chain being walked (a `chain` step and the rule/policy steps inside it). */
  readonly chain: { readonly table: TableName; readonly chain: string } | null;
  readonly wire: Wire | null;
  /** The frame where the packet died, or was delivered. */
  readonly end: 'drop' | 'deliver' | null;
}

export interface Timeline {
  readonly frames: readonly Frame[];
  /** Index of the first frame of the reply leg (frames.length when there is no reply). */
  readonly replyStart: number;
}

/** The field values a packet card shows, as text. */
export function fieldText(p: Packet | null, ct: string | null, f: FieldName): string {
  if (f === 'ct') return ct ?? '—';
  if (!p) return '—';
  switch (f) {
    case 'src':
      return formatIpv4(p.src);
    case 'dst':
      return formatIpv4(p.dst);
    case 'sport':
      return String(p.sport);
    case 'dport':
      return p.proto === 1 ? `${p.icmpType}/${p.icmpCode}` : String(p.dport);
    case 'ttl':
      return String(p.ttl);
    case 'mark':
      return `0x${p.mark.toString(16)}`;
  }
}

function changes(before: Packet | null, bct: string | null, after: Packet | null, act: string | null) {
  if (!before || !after) return [];
  const out: FieldChange[] = [];
  for (const f of FIELD_NAMES) {
    const from = fieldText(before, bct, f);
    const to = fieldText(after, act, f);
    if (from !== to) out.push({ field: f, from, to });
  }
  return out;
}

/** The packet after `step`, given the packet before it. */
function packetAfter(step: Step, p: Packet | null): Packet | null {
  switch (step.kind) {
    case 'send':
      return step.packet;
    case 'receive':
      return step.packet;
    case 'chain':
      return step.packet;
    case 'transmit':
      return step.packet;
    case 'nat':
      return step.after;
    case 'rule':
      return step.mark && p ? { ...p, mark: step.mark.to } : p;
    case 'forward':
      return p ? { ...p, ttl: step.ttl.to } : p;
    default:
      return p;
  }
}

function ctText(step: Extract<Step, { kind: 'conntrack' }>): string {
  if (step.state === 'INVALID' || step.state === 'UNTRACKED') return step.state;
  return `${step.state} ${step.dir === 'REPLY' ? 'reply' : 'original'}`;
}

function wireOf(leg: Leg, hopIndex: number, hop: Hop, step: Extract<Step, { kind: 'transmit' }>): Wire {
  const next = leg.hops[hopIndex + 1];
  return {
    segment: step.segment,
    from: { device: hop.device, iface: step.iface },
    to: next && next.in !== null ? { device: next.device, iface: next.in } : null,
  };
}

function legFrames(name: LegName, leg: Leg, out: Frame[]): void {
  const first = out.length;
  let packet: Packet | null = null;
  leg.hops.forEach((hop, h) => {
    // A new hop is a new device: its own conntrack table, and the skb mark starts at 0 (the kernel
    // clears it on the wire; the receive step's packet says so).
    let ct: string | null = null;
    let hook: Hook | null = null;
    let chain: Frame['chain'] = null;
    hop.steps.forEach((step, s) => {
      const before = packet;
      const beforeCt = ct;
      packet = packetAfter(step, packet);
      if (step.kind === 'conntrack') ct = ctText(step);
      if (step.kind === 'hook') {
        hook = step.hook;
        chain = null;
      }
      if (step.kind === 'chain') {
        hook = step.hook;
        chain = { table: step.table, chain: step.chain };
      }
      if (step.kind === 'route' || step.kind === 'transmit' || step.kind === 'deliver') chain = null;
      const receiving = step.kind === 'receive';
      out.push({
        ref: { leg: name, hop: h, step: s },
        device: hop.device,
        step,
        packet,
        ct,
        changed: receiving ? [] : changes(before, beforeCt, packet, ct),
        hook,
        chain,
        wire: step.kind === 'transmit' ? wireOf(leg, h, hop, step) : null,
        end: step.kind === 'drop' ? 'drop' : step.kind === 'deliver' ? 'deliver' : null,
      });
      if (step.kind === 'transmit') hook = null;
    });
  });
  // A reply is delivered without a `deliver` step (the socket takes it after the input route);
  // its last frame is where it arrived.
  const last = out.at(-1);
  if (leg.delivered && last && out.length > first && !out.slice(first).some((f) => f.end === 'deliver'))
    out[out.length - 1] = { ...last, end: 'deliver' };
}

export function timelineOf(result: TraceResult): Timeline {
  const frames: Frame[] = [];
  legFrames('request', result.request, frames);
  const replyStart = frames.length;
  if (result.reply) legFrames('reply', result.reply, frames);
  return { frames, replyStart };
}

/** The frame index of a step, or -1. */
export function frameIndexOf(t: Timeline, ref: StepRef): number {
  return t.frames.findIndex((f) => f.ref.leg === ref.leg && f.ref.hop === ref.hop && f.ref.step === ref.step);
}

/** The step a ref points at, if it exists. */
export function stepAt(result: TraceResult, ref: StepRef): Step | undefined {
  const leg = ref.leg === 'request' ? result.request : result.reply;
  return leg?.hops[ref.hop]?.steps[ref.step];
}
