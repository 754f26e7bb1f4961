import { memo, useMemo } from 'react';
import type { LabDocument } from '../../engine/lab/format.ts';
import { DeviceColumn } from './DeviceColumn.tsx';
import { groupDevices } from './group.ts';
import { SegmentColumn } from './SegmentColumn.tsx';
import './lab.css';

/**
 * Segments side by side, each with the devices that live only there. Devices joining several segments
 * (the virtual lab appliance, routers) stand between the first segment and the rest: production on the
 * left, the isolated copies on the right.
 */
export const LabOverview = memo(function LabOverview({ doc }: { doc: LabDocument }) {
  const groups = useMemo(() => groupDevices(doc), [doc]);
  const { segmentById } = groups;
  const [first, ...rest] = groups.segments;
  return (
    <main className="lab-columns">
      {first && <SegmentColumn group={first} segmentById={segmentById} />}
      {groups.connecting.length > 0 && (
        <DeviceColumn
          testId="connecting-devices"
          title="Between segments"
          hint="Devices with interfaces in more than one segment."
          devices={groups.connecting}
          segmentById={segmentById}
        />
      )}
      {rest.map((g) => (
        <SegmentColumn key={g.segment.id} group={g} segmentById={segmentById} />
      ))}
      {groups.unattached.length > 0 && (
        <DeviceColumn
          testId="unattached-devices"
          title="Not connected"
          hint="Devices with no interface in a declared segment."
          devices={groups.unattached}
          segmentById={segmentById}
        />
      )}
    </main>
  );
});
