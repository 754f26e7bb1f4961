import { memo } from 'react';
import type { DeviceDoc, SegmentDoc } from '../../engine/lab/format.ts';
import { DeviceCard } from './DeviceCard.tsx';

interface Props {
  readonly title: string;
  readonly hint: string;
  readonly devices: readonly DeviceDoc[];
  readonly segmentById: ReadonlyMap<string, SegmentDoc>;
  readonly testId: string;
}

/** A column of devices that belong to no single segment (multi-homed or unplugged). */
export const DeviceColumn = memo(function DeviceColumn({ title, hint, devices, segmentById, testId }: Props) {
  return (
    <section className="column column--devices" data-testid={testId} aria-label={title}>
      <header className="column__head">
        <h2>{title}</h2>
        <p className="column__desc">{hint}</p>
      </header>
      <div className="column__body">
        {devices.map((d) => (
          <DeviceCard key={d.id} device={d} segmentById={segmentById} />
        ))}
      </div>
    </section>
  );
});
