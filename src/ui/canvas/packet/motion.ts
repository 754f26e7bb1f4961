/**
 * Where the packet is drawn for a frame of the timeline, in flow coordinates: at a device, or moving
 * along the canvas links — out of the sender's port down its link to the network bar, along the bar,
 * and up the receiver's link. Geometry comes from the rendered link paths (their `d` is what the user
 * sees); a straight line between the cards stands in when a link is not rendered (culled, loopback).
 */
import type { Frame } from '../../../engine/timeline/timeline.ts';

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** A path the packet follows during a frame: sample(t) for t in [0, 1]. */
export type Motion = (t: number) => Point;

export interface Geometry {
  /** The centre of a device's card, if it is on the canvas. */
  center(device: string): Point | undefined;
  /** The rendered link of a device's interface onto a network (source: the port, target: the bar). */
  link(device: string, iface: string, segment: string): SVGPathElement | undefined;
}

/** Milliseconds a frame takes at speed 1. */
export function frameDuration(f: Frame): number {
  switch (f.step.kind) {
    case 'transmit':
      return 900;
    case 'receive':
      return 450;
    case 'hook':
      return 120;
    default:
      return 300;
  }
}

const lerp = (a: Point, b: Point, t: number): Point => ({
  x: a.x + (b.x - a.x) * t,
  y: a.y + (b.y - a.y) * t,
});

/** Joins motions by length-proportional time. */
function chain(parts: { readonly len: number; readonly at: Motion }[]): Motion {
  const total = parts.reduce((n, p) => n + p.len, 0);
  if (total <= 0) return parts[0]?.at ?? (() => ({ x: 0, y: 0 }));
  return (t) => {
    let d = Math.max(0, Math.min(1, t)) * total;
    for (const p of parts) {
      if (d <= p.len || p === parts.at(-1)) return p.at(p.len > 0 ? Math.min(1, d / p.len) : 1);
      d -= p.len;
    }
    return parts.at(-1)!.at(1);
  };
}

function along(path: SVGPathElement, reverse: boolean): { len: number; at: Motion } {
  const len = path.getTotalLength();
  return {
    len,
    at: (t) => {
      const p = path.getPointAtLength((reverse ? 1 - t : t) * len);
      return { x: p.x, y: p.y };
    },
  };
}

function line(a: Point, b: Point): { len: number; at: Motion } {
  return { len: Math.hypot(b.x - a.x, b.y - a.y), at: (t) => lerp(a, b, t) };
}

const still =
  (p: Point): Motion =>
  () =>
    p;

/** The receiver's link for a wire, if both ends are on the canvas. */
function receiverLink(f: Frame, g: Geometry): SVGPathElement | undefined {
  const w = f.wire;
  return w?.to ? g.link(w.to.device, w.to.iface, w.segment) : undefined;
}

/**
 * The motion of the packet into frame `f` (where it is while frame `f` plays). A transmit goes from
 * the sender to the bar under the receiver; the receive that follows goes up into the receiver.
 */
export function motionOf(f: Frame, prev: Frame | undefined, g: Geometry): Motion | undefined {
  const here = g.center(f.device);
  if (f.wire) {
    const out = g.link(f.wire.from.device, f.wire.from.iface, f.wire.segment);
    const inn = receiverLink(f, g);
    const to = f.wire.to ? g.center(f.wire.to.device) : undefined;
    if (out && inn) {
      const a = along(out, false);
      const barEnd = inn.getPointAtLength(inn.getTotalLength());
      return chain([a, line(a.at(1), { x: barEnd.x, y: barEnd.y })]);
    }
    if (here && to) return chain([line(here, lerp(here, to, 0.5))]);
    return here ? still(here) : undefined;
  }
  if (f.step.kind === 'receive' && prev?.wire) {
    const inn = receiverLink(prev, g);
    if (inn) return chain([along(inn, true)]);
    const from = g.center(prev.device);
    if (from && here) return chain([line(lerp(from, here, 0.5), here)]);
  }
  return here ? still(here) : undefined;
}
