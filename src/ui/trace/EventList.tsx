/**
 * The trace as a list of events, one row per step, grouped by device hop, request then reply; the
 * current row follows the playback and a click moves the playback there.
 */
import { memo, useEffect, useRef } from 'react';
import { stepTitle } from '../../engine/timeline/step-title.ts';
import type { Frame, Timeline } from '../../engine/timeline/timeline.ts';
import { playback } from './playback.ts';

interface Group {
  readonly key: string;
  readonly title: string;
  readonly leg: 'request' | 'reply';
  readonly rows: { readonly frame: Frame; readonly index: number }[];
}

function groupsOf(t: Timeline): Group[] {
  const out: Group[] = [];
  t.frames.forEach((frame, index) => {
    const key = `${frame.ref.leg}:${frame.ref.hop}`;
    let g = out.at(-1);
    if (!g || g.key !== key) {
      g = { key, title: frame.device, leg: frame.ref.leg, rows: [] };
      out.push(g);
    }
    g.rows.push({ frame, index });
  });
  return out;
}

function rowClass(f: Frame, index: number, current: number, hidden: boolean): string {
  let c = `events__row events__row--${f.step.kind}`;
  if (index === current) c += ' is-current';
  else if (index > current) c += ' is-future';
  if (hidden) return c;
  if (f.end === 'drop') c += ' is-drop';
  if (f.changed.length > 0) c += ' has-change';
  return c;
}

export const EventList = memo(function EventList({
  timeline,
  index,
  hideFuture = false,
}: {
  readonly timeline: Timeline;
  readonly index: number;
  /** Workshop: the steps after the current one are not told (they would give the answers away). */
  readonly hideFuture?: boolean;
}) {
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const row = list.current?.querySelector<HTMLElement>('.is-current');
    row?.scrollIntoView?.({ block: 'nearest' });
  }, [index]);
  const frames = timeline.frames.length;
  return (
    <ol className="events" ref={list} aria-label="Trace events" data-testid="trace-events">
      {groupsOf(timeline).map((g) => (
        <li key={g.key} className={`events__hop events__hop--${g.leg}`}>
          <div className="events__device">
            <span className={`leg-chip leg-chip--${g.leg}`}>{g.leg}</span> {g.title}
          </div>
          <ol>
            {g.rows.map(({ frame, index: i }) => (
              <li key={i}>
                <button
                  type="button"
                  className={rowClass(frame, i, index, hideFuture && i > index)}
                  aria-current={i === index ? 'step' : undefined}
                  onClick={() => playback.getState().seek(i, frames)}
                  data-testid="trace-event"
                >
                  <span className="events__n">{i + 1}</span>
                  {hideFuture && i > index ? '…' : stepTitle(frame.step)}
                </button>
              </li>
            ))}
          </ol>
        </li>
      ))}
    </ol>
  );
});
