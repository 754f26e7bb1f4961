/**
 * The card the packet is in opens into its netfilter lane: the hooks it passes in kernel order, each
 * with its tables (raw → conntrack → mangle → nat …) and the routing decision between them, the one
 * being evaluated now highlighted, with the current rule underneath. The full lane is in the Trace tab.
 */
import { NodeToolbar, Position } from '@xyflow/react';
import { memo } from 'react';
import type { Lane } from '../../../engine/timeline/lane.ts';
import { stepTitle } from '../../../engine/timeline/step-title.ts';
import type { Frame } from '../../../engine/timeline/timeline.ts';

export const LanePopover = memo(function LanePopover({
  lane,
  frame,
  hideFuture = false,
}: {
  readonly lane: Lane;
  readonly frame: Frame;
  /** Workshop: the routing decision is not told before the packet gets there. */
  readonly hideFuture?: boolean;
}) {
  const current = frame.ref.step;
  return (
    <NodeToolbar nodeId={lane.device} isVisible position={Position.Right} offset={14}>
      <div
        className={`lane-pop lane-pop--${frame.ref.leg}`}
        data-testid="lane-popover"
        aria-label={`${lane.device} netfilter lane`}
      >
        <div className="lane-pop__row">
          {lane.stages.map((s, k) =>
            s.kind === 'route' ? (
              <span
                key={k}
                className={`lane-pop__route${s.step === current ? ' is-current' : ''}`}
                title={hideFuture && s.step > current ? undefined : s.text}
              >
                route
                {s.table !== null && !(hideFuture && s.step > current)
                  ? ` → ${s.table === 254 ? 'main' : s.table}`
                  : ''}
              </span>
            ) : (
              <span key={k} className="lane-pop__hook">
                <span className="lane-pop__hook-name">{s.chain}</span>
                {s.cells.map((c, j) => {
                  const name = c.kind === 'table' ? c.table : 'ct';
                  const here = c.steps.includes(current);
                  return (
                    <span
                      key={j}
                      className={`lane-pop__cell lane-pop__cell--${c.status}${here ? ' is-current' : ''}`}
                    >
                      {name}
                    </span>
                  );
                })}
              </span>
            ),
          )}
        </div>
        <div className="lane-pop__now">{stepTitle(frame.step)}</div>
      </div>
    </NodeToolbar>
  );
});
