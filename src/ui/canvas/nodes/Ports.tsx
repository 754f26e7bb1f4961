/** The connection points of a card: one per interface, on the side facing its network, plus "+". */
import { Handle, Position, useNodeId, useUpdateNodeInternals } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { useFar } from './use-far.ts';
import type { PortVm } from '../../../state/canvas-model.ts';

const NEW_TITLE = 'Drag to a network to plug in a new interface';

export function Ports({ ports }: { readonly ports: readonly PortVm[] }) {
  // React Flow measures handles once: tell it when ports appear, go or change sides.
  const nodeId = useNodeId();
  const update = useUpdateNodeInternals();
  // far out the labels are unreadable: leaving them out halves the layers hit-testing walks per card
  const far = useFar();
  // (not on mount: React Flow measures new nodes itself, and a per-node update then would make the
  // initial fit view fit that one node)
  const shape = ports.map((p) => `${p.id}@${p.side}`).join(',');
  const seen = useRef(shape);
  useEffect(() => {
    if (seen.current === shape) return;
    seen.current = shape;
    if (nodeId) update(nodeId);
  }, [nodeId, shape, update]);
  const top = ports.filter((p) => p.side === 'top');
  const bottom = ports.filter((p) => p.side === 'bottom');
  return (
    <>
      {[top, bottom].map((list) =>
        list.map((p, i) => {
          const left = `${((i + 1) / (list.length + 1)) * 100}%`;
          const isNew = p.label === '+';
          return (
            <Handle
              key={p.id}
              id={p.id}
              type="source"
              position={p.side === 'top' ? Position.Top : Position.Bottom}
              className={`port${isNew ? ' port--new' : ''}${p.connected ? ' port--connected' : ''}`}
              style={{ left }}
              title={isNew ? NEW_TITLE : `${p.label}: drag to another network to re-plug it`}
              data-testid={`port-${p.id}`}
            >
              {!far && <span className={`port__label port__label--${p.side}`}>{p.label}</span>}
            </Handle>
          );
        }),
      )}
    </>
  );
}
