import { memo } from 'react';
import type { InterfaceDoc, SegmentDoc } from '../../engine/lab/format.ts';
import { addressLabel } from './group.ts';
import { SegmentChip } from './SegmentChip.tsx';

interface Props {
  readonly interfaces: readonly InterfaceDoc[];
  readonly segmentById: ReadonlyMap<string, SegmentDoc>;
}

function Addresses({ iface }: { iface: InterfaceDoc }) {
  const entries = iface.addresses ?? [];
  if (entries.length === 0) return <span className="muted">no address</span>;
  return entries.map((entry, k) => {
    const { address, flags } = addressLabel(entry);
    return (
      <div key={k} className="addr">
        <span className="mono">{address}</span>
        {flags.map((f) => (
          <span key={f} className="addr__flag">
            {f}
          </span>
        ))}
      </div>
    );
  });
}

export const InterfaceTable = memo(function InterfaceTable({ interfaces, segmentById }: Props) {
  if (interfaces.length === 0) return <p className="muted small">No interfaces.</p>;
  return (
    <table className="iface-table">
      <thead>
        <tr>
          <th scope="col">Interface · MAC</th>
          <th scope="col">Addresses</th>
          <th scope="col">Segment</th>
        </tr>
      </thead>
      <tbody>
        {interfaces.map((iface) => (
          <tr key={iface.name} data-testid="interface">
            <th scope="row">
              <span className="iface-table__name">{iface.name}</span>
              <span className="iface-table__mac" title="MAC address">
                {iface.mac ?? 'MAC auto'}
              </span>
            </th>
            <td>
              <Addresses iface={iface} />
            </td>
            <td>
              {iface.segment == null ? (
                <span className="muted">unplugged</span>
              ) : (
                <SegmentChip id={iface.segment} segment={segmentById.get(iface.segment)} />
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
});
