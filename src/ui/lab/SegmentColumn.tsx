import { memo } from 'react';
import type { SegmentDoc } from '../../engine/lab/format.ts';
import { DeviceCard } from './DeviceCard.tsx';
import type { SegmentGroup } from './group.ts';

/** What each segment kind means to a virtual-lab admin (see SegmentDoc.kind). */
const KIND_TEXT = {
  production: { label: 'Production', uplink: 'uplink' },
  isolated: { label: 'Isolated', uplink: 'no uplink' },
  link: { label: 'Link', uplink: 'plain wire' },
} as const;

function vlanText(vlan: number | undefined): string {
  if (vlan === undefined) return 'no VLAN';
  return vlan === 0 ? 'VLAN 0 (untagged)' : `VLAN ${vlan}`;
}

interface Props {
  readonly group: SegmentGroup;
  readonly segmentById: ReadonlyMap<string, SegmentDoc>;
}

export const SegmentColumn = memo(function SegmentColumn({ group, segmentById }: Props) {
  const { segment, devices } = group;
  const text = KIND_TEXT[segment.kind] ?? { label: segment.kind, uplink: '' };
  const headingId = `segment-${segment.id}`;
  return (
    <section
      className={`column segment segment--${segment.kind}`}
      data-testid="segment"
      data-segment-id={segment.id}
      data-segment-kind={segment.kind}
      aria-labelledby={headingId}
    >
      <header className="column__head">
        <div className="segment__kind">
          <span className="segment__kind-label">{text.label}</span>
          {text.uplink && <span className="segment__uplink">{text.uplink}</span>}
        </div>
        <h2 id={headingId}>{segment.name ?? segment.id}</h2>
        <div className="segment__meta">
          <code>{segment.id}</code>
          <span>{vlanText(segment.vlan)}</span>
          <span>
            {devices.length} {devices.length === 1 ? 'device' : 'devices'}
          </span>
        </div>
        {segment.description && <p className="column__desc">{segment.description}</p>}
      </header>
      <div className="column__body">
        {devices.map((d) => (
          <DeviceCard key={d.id} device={d} segmentById={segmentById} />
        ))}
        {devices.length === 0 && <p className="muted small">No device sits only in this segment.</p>}
      </div>
    </section>
  );
});
