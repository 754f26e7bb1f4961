/**
 * Marks, on the canvas, the devices and links the traced packet passes (request and reply in their
 * colours), the card it is at now, and where it died — a style sheet keyed on React Flow's ids, so no
 * card re-renders when the playback moves.
 */
import type { Frame, Timeline } from '../../../engine/timeline/timeline.ts';
import { applianceEdgeId, interfaceEdgeId } from '../../../state/commands/connect.ts';
import { cssString } from './css-select.ts';

const node = (id: string) => `.react-flow__node[data-id="${cssString(id)}"]`;
const edge = (id: string) =>
  `.canvas [data-testid="rf__edge-${cssString(id)}"] path.react-flow__edge-path.link`;

function wireEdges(f: Frame): string[] {
  const w = f.wire;
  if (!w) return [];
  const ends = [w.from, ...(w.to ? [w.to] : [])];
  return ends.flatMap((e) => [
    edge(interfaceEdgeId(e.device, e.iface)),
    edge(applianceEdgeId(e.device, w.segment)),
  ]);
}

export function TraceHighlight({
  frame,
  timeline,
}: {
  readonly frame: Frame | undefined;
  readonly timeline: Timeline;
}) {
  const css: string[] = [];
  const upTo = frame ? timeline.frames.indexOf(frame) : -1;
  for (const leg of ['request', 'reply'] as const) {
    const passed = timeline.frames.slice(0, upTo + 1).filter((f) => f.ref.leg === leg && f.wire);
    const sel = passed.flatMap(wireEdges);
    if (sel.length) css.push(`${sel.join(',\n')} { stroke: var(--trace-${leg}); stroke-width: 3; }`);
  }
  if (frame) {
    css.push(
      `${node(frame.device)} { outline: 3px solid var(--trace-${frame.ref.leg}); outline-offset: 3px; border-radius: 10px; }`,
    );
    if (frame.end === 'drop')
      css.push(`${node(frame.device)} { outline-color: var(--danger); outline-style: dashed; }`);
  }
  return <style data-testid="trace-highlight">{css.join('\n')}</style>;
}
