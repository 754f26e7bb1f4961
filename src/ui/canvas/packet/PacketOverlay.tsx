/**
 * The packet on the canvas. Time lives here, not in the engine (architecture P5): a
 * requestAnimationFrame loop moves the packet through the frames of the trace's timeline while the
 * playback plays, writing its position straight into the DOM (no React render per animation frame),
 * and advances the playback store's frame index at the end of each frame.
 */
import { useReactFlow, ViewportPortal } from '@xyflow/react';
import { useEffect, useMemo, useRef } from 'react';
import type { Timeline } from '../../../engine/timeline/timeline.ts';
import { playback, usePlayback } from '../../trace/playback.ts';
import { useTrace } from '../../trace/use-trace.ts';
import { applianceEdgeId, interfaceEdgeId } from '../../../state/commands/connect.ts';
import type { LabNode, LinkEdge } from '../to-flow.ts';
import { frameDuration, motionOf, type Geometry, type Point } from './motion.ts';
import { cssString } from './css-select.ts';
import { TraceHighlight } from './TraceHighlight.tsx';
import { LanePopover } from './LanePopover.tsx';
import { useWorkshop } from '../../workshop/workshop-mode.ts';
import { laneOf } from '../../../engine/timeline/lane.ts';

function edgePath(id: string): SVGPathElement | undefined {
  const g = document.querySelector(`[data-testid="rf__edge-${cssString(id)}"]`);
  return g?.querySelector<SVGPathElement>('path.react-flow__edge-path') ?? undefined;
}

export function PacketOverlay() {
  const { view, network } = useTrace();
  const timeline: Timeline | null = view?.ok ? view.value.timeline : null;
  const index = usePlayback((s) => s.index);
  const run = usePlayback((s) => s.run);
  const flow = useReactFlow<LabNode, LinkEdge>();
  const dot = useRef<HTMLDivElement>(null);
  const workshop = useWorkshop((s) => s.session !== null);

  const geometry = useMemo<Geometry>(
    () => ({
      center: (id) => {
        const n = flow.getInternalNode(id);
        if (!n) return undefined;
        const p = n.internals.positionAbsolute;
        return { x: p.x + (n.measured.width ?? 0) / 2, y: p.y + (n.measured.height ?? 0) / 2 };
      },
      link: (device, iface, segment) =>
        edgePath(interfaceEdgeId(device, iface)) ?? edgePath(applianceEdgeId(device, segment)),
    }),
    [flow],
  );

  useEffect(() => {
    if (!timeline || timeline.frames.length === 0) return;
    const frames = timeline.frames;
    let raf = 0;
    let last = performance.now();
    let progress = 0;
    let playingIndex = Number.NaN;
    const place = (p: Point | undefined, leg: string, dead: boolean) => {
      const el = dot.current;
      if (!el) return;
      el.style.visibility = p ? 'visible' : 'hidden';
      if (p) el.style.transform = `translate(${p.x}px, ${p.y}px)`;
      el.dataset.leg = leg;
      el.classList.toggle('is-dead', dead);
    };
    const tick = (now: number) => {
      const st = playback.getState();
      const i = Math.min(st.index, frames.length - 1);
      const dt = Math.min(100, now - last);
      last = now;
      if (st.playing && i < frames.length - 1) {
        const next = frames[i + 1]!;
        if (playingIndex !== i) {
          playingIndex = i;
          progress = 0;
        }
        progress += (dt * st.speed) / frameDuration(next);
        const m = motionOf(next, frames[i], geometry);
        place(m?.(Math.min(1, progress)), next.ref.leg, false);
        if (progress >= 1) {
          playingIndex = Number.NaN;
          st.advance(frames.length);
        }
      } else {
        playingIndex = Number.NaN;
        const f = i >= 0 ? frames[i]! : frames[0]!;
        const m = i >= 0 ? motionOf(f, frames[i - 1], geometry) : () => geometry.center(f.device)!;
        place(m?.(1), f.ref.leg, i >= 0 && f.end === 'drop');
      }
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [timeline, geometry, run]);

  const current =
    timeline && index >= 0 ? timeline.frames[Math.min(index, timeline.frames.length - 1)] : undefined;
  const hop = current && view?.ok ? view.value.result[current.ref.leg]?.hops[current.ref.hop] : undefined;
  const device = current ? network?.byId.get(current.device) : undefined;
  const lane = useMemo(
    () => (hop && device && device.ruleset.size > 0 ? laneOf(device, hop) : null),
    [hop, device],
  );
  if (!timeline) return null;
  return (
    <>
      <TraceHighlight frame={current} timeline={timeline} />
      {lane && current && <LanePopover lane={lane} frame={current} hideFuture={workshop} />}
      <ViewportPortal>
        <div className="packet-dot" ref={dot} data-testid="packet-dot" aria-hidden>
          <span className="packet-dot__body" />
        </div>
      </ViewportPortal>
    </>
  );
}
