/**
 * A link from an interface down (or up) to a network bar: it drops straight onto the bar where the bar
 * is below the port, with an elbow when the port is beyond the bar's ends. The label is the address.
 */
import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, type EdgeProps } from '@xyflow/react';
import type { LinkEdge } from '../to-flow.ts';
import { useFar } from '../nodes/use-far.ts';

export const DropEdge = memo(function DropEdge({
  id,
  sourceX,
  sourceY,
  targetY,
  data,
  selected,
}: EdgeProps<LinkEdge>) {
  const vm = data?.vm;
  // far out, labels are unreadable anyway: not drawing them keeps panning a big lab smooth
  const far = useFar();
  const left = (vm?.barLeft ?? 0) + 12;
  const right = (vm?.barRight ?? 0) - 12;
  const x = Math.min(Math.max(sourceX, left), Math.max(left, right));
  // the bar's handle sits on its top or bottom edge: the line ends on the bar's surface
  const ty = targetY;
  const midY = (sourceY + ty) / 2;
  const path =
    x === sourceX
      ? `M ${sourceX} ${sourceY} L ${x} ${ty}`
      : `M ${sourceX} ${sourceY} L ${sourceX} ${midY} L ${x} ${midY} L ${x} ${ty}`;
  const labelY = sourceY + (ty - sourceY) * (vm?.labelSlot ? 0.72 : 0.4);
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        className={`link link--${vm?.kind ?? 'interface'}${selected ? ' link--selected' : ''}`}
        interactionWidth={14}
      />
      {vm?.label && !far && (
        <EdgeLabelRenderer>
          <div
            className={`link__label link__label--${vm.kind}`}
            style={{ transform: `translate(-50%, -50%) translate(${sourceX}px, ${labelY}px)` }}
            data-testid="link-label"
          >
            {vm.label}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});
