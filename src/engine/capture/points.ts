/**
 * Where a capture can be taken in a traced exchange: an interface of a device (what `tcpdump -i IF`
 * in its namespace shows) or a whole segment (every frame on that wire, as a capture on the bridge
 * shows it). `capturePoints` lists those the trace touched, for a picker.
 */
import type { Network } from '../model/network.ts';
import type { Packet } from '../model/packet.ts';
import type { TraceResult } from '../sim/steps.ts';
import { wireEvents, type WireEvent } from './frames.ts';

export type CapturePoint =
  | { readonly kind: 'iface'; readonly device: string; readonly iface: string }
  | { readonly kind: 'segment'; readonly segment: string };

export interface CapturePointInfo {
  readonly point: CapturePoint;
  /** Stable key (`iface:vlab:eth1`, `segment:iso`), for a `<select>` value or a React key. */
  readonly key: string;
  /** For humans: `vlab eth1 (vLab VM Network)`, `vLab VM Network (whole segment)`. */
  readonly label: string;
  /** Frames the point sees in this exchange. */
  readonly frames: number;
  /** A frame leaving here has addresses or ports a NAT rule or binding of this device rewrote. */
  readonly rewritten: boolean;
}

export function capturePointKey(p: CapturePoint): string {
  return p.kind === 'iface' ? `iface:${p.device}:${p.iface}` : `segment:${p.segment}`;
}

function segmentName(net: Network, id: string): string {
  return id === 'lo' ? 'loopback' : (net.segments.get(id)?.name ?? id);
}

function ifaceLabel(net: Network, device: string, iface: string, segment: string): string {
  return `${device} ${iface} (${segmentName(net, segment)})`;
}

const differs = (a: Packet, b: Packet) =>
  a.src !== b.src || a.dst !== b.dst || a.sport !== b.sport || a.dport !== b.dport;

/** Whether the hop that sent this frame rewrote addresses or ports (a `nat` step that changed them). */
function rewrittenBy(result: TraceResult, e: WireEvent): boolean {
  const hop = result[e.tx.ref.leg]?.hops[e.tx.ref.hop];
  return !!hop?.steps.some((s) => s.kind === 'nat' && differs(s.before, s.after));
}

/**
 * The capture points the exchange touched: interfaces in the order the frames reached them, then
 * segments in the same order. Empty when nothing went on a wire.
 */
export function capturePoints(result: TraceResult, net: Network): CapturePointInfo[] {
  const ifaces = new Map<
    string,
    { point: CapturePoint; label: string; frames: number; rewritten: boolean }
  >();
  const segments = new Map<
    string,
    { point: CapturePoint; label: string; frames: number; rewritten: boolean }
  >();
  const add = (device: string, iface: string, segment: string, rewritten: boolean) => {
    const point: CapturePoint = { kind: 'iface', device, iface };
    const key = capturePointKey(point);
    const cur = ifaces.get(key) ?? {
      point,
      label: ifaceLabel(net, device, iface, segment),
      frames: 0,
      rewritten: false,
    };
    ifaces.set(key, { ...cur, frames: cur.frames + 1, rewritten: cur.rewritten || rewritten });
  };
  for (const e of wireEvents(result, net)) {
    const rewritten = rewrittenBy(result, e);
    add(e.tx.device, e.tx.iface, e.segment, rewritten);
    if (e.tx.iface === 'lo') continue;
    if (e.rx) add(e.rx.device, e.rx.iface, e.segment, false);
    const point: CapturePoint = { kind: 'segment', segment: e.segment };
    const key = capturePointKey(point);
    const cur = segments.get(key) ?? {
      point,
      label: `${segmentName(net, e.segment)} (whole segment)`,
      frames: 0,
      rewritten: false,
    };
    segments.set(key, { ...cur, frames: cur.frames + 1, rewritten: cur.rewritten || rewritten });
  }
  return [...ifaces, ...segments].map(([key, v]) => ({ key, ...v }));
}

/**
 * Where to look first: the interface the first rewritten frame left from (the request leaving the NAT
 * box, usually); else the interface the first frame left from; null when nothing went on a wire.
 */
export function defaultCapturePoint(result: TraceResult, net: Network): CapturePoint | null {
  const events = wireEvents(result, net);
  const e = events.find((x) => rewrittenBy(result, x)) ?? events[0];
  return e ? { kind: 'iface', device: e.tx.device, iface: e.tx.iface } : null;
}
