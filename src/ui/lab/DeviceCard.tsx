import { memo } from 'react';
import type { DeviceDoc, SegmentDoc } from '../../engine/lab/format.ts';
import { InterfaceTable } from './InterfaceTable.tsx';
import { KindBadge } from './KindBadge.tsx';

interface Props {
  readonly device: DeviceDoc;
  readonly segmentById: ReadonlyMap<string, SegmentDoc>;
}

export const DeviceCard = memo(function DeviceCard({ device, segmentById }: Props) {
  const headingId = `device-${device.id}`;
  return (
    <article
      className={`device-card device-card--${device.kind}`}
      data-testid="device-card"
      data-device-id={device.id}
      aria-labelledby={headingId}
    >
      <header className="device-card__head">
        <h3 className="device-card__name" id={headingId}>
          {device.name ?? device.id}
        </h3>
        <KindBadge kind={device.kind} />
      </header>
      <code className="device-card__id">{device.id}</code>
      {device.description && <p className="device-card__desc">{device.description}</p>}
      <InterfaceTable interfaces={device.interfaces} segmentById={segmentById} />
    </article>
  );
});
