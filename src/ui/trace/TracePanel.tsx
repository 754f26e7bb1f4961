/**
 * The Trace tab: the event list (one row per step, in sync with the playback), the packet card and the
 * narration of the current step with its explainer, and the netfilter lane of the device the packet is
 * in.
 */
import { useMemo } from 'react';
import { laneOf } from '../../engine/timeline/lane.ts';
import { EventList } from './EventList.tsx';
import { LaneView } from './LaneView.tsx';
import { PacketCard } from './PacketCard.tsx';
import { StepDetail } from './StepDetail.tsx';
import { TraceSummary } from './TraceSummary.tsx';
import { WhatIfBanner } from './WhatIfBanner.tsx';
import { useFrameIndex, useTrace } from './use-trace.ts';
import { WorkshopPlayer } from '../workshop/WorkshopPlayer.tsx';
import { useWorkshop } from '../workshop/workshop-mode.ts';
import './trace.css';

export function TracePanel() {
  const { network, view, before } = useTrace();
  const session = useWorkshop((s) => s.session);
  const frames = view?.ok ? view.value.timeline.frames.length : 0;
  const index = useFrameIndex(frames);
  const frame = view?.ok && index >= 0 ? view.value.timeline.frames[index]! : null;
  const hop = frame && view?.ok ? view.value.result[frame.ref.leg]?.hops[frame.ref.hop] : undefined;
  const device = frame ? network?.byId.get(frame.device) : undefined;
  const lane = useMemo(
    () => (hop && device && device.ruleset.size > 0 ? laneOf(device, hop) : null),
    [hop, device],
  );
  const player = session && (
    <WorkshopPlayer session={session} timeline={view?.ok ? view.value.timeline : null} />
  );
  if (!view)
    return (
      <div className="trace-panel trace-panel--empty" data-testid="trace-panel">
        {player}
        <p>
          Pick a source and a destination in the trace bar above the canvas (or right-click a card:{' '}
          <em>Trace from here</em> / <em>Trace to here</em>) and press <strong>Trace</strong>: the packet
          travels the canvas, and every hook, chain, rule, NAT rewrite and routing decision appears here.
        </p>
      </div>
    );
  if (!view.ok)
    return (
      <div className="trace-panel trace-panel--empty" data-testid="trace-panel">
        {player}
        <p className="trace-error" role="alert">
          {view.error}
        </p>
      </div>
    );
  const { result, timeline } = view.value;
  // in a workshop, what comes next is not told before it happens
  const hide = session !== null;
  return (
    <div className="trace-panel" data-testid="trace-panel">
      {before && <WhatIfBanner before={before} timeline={timeline} />}
      {(!hide || index === frames - 1) && <TraceSummary result={result} timeline={timeline} />}
      <div className="trace-panel__body">
        <EventList timeline={timeline} index={index} hideFuture={hide} />
        <div className="trace-panel__detail">
          {player}
          <PacketCard frame={frame} />
          {frame && network && <StepDetail result={result} frame={frame} network={network} />}
        </div>
        <div className="trace-panel__lane">
          {lane && frame ? (
            <LaneView lane={lane} current={frame.ref.step} {...(hide ? { upTo: frame.ref.step } : {})} />
          ) : (
            <p className="muted">
              {frame
                ? `${frame.device} has no netfilter rules: its packets go through routing only.`
                : 'Step forward to follow the packet.'}
            </p>
          )}
        </div>
      </div>
    </div>
  );
}
