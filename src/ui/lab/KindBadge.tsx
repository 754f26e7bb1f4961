import { memo } from 'react';
import type { DeviceKind } from '../../engine/model/device.ts';

export const KindBadge = memo(function KindBadge({ kind }: { kind: DeviceKind }) {
  return <span className={`kind-badge kind-badge--${kind}`}>{kind}</span>;
});
