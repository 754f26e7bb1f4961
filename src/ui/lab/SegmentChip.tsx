import { memo } from 'react';
import type { SegmentDoc } from '../../engine/lab/format.ts';

interface Props {
  readonly id: string;
  /** Undefined when the document does not declare the segment. */
  readonly segment: SegmentDoc | undefined;
}

export const SegmentChip = memo(function SegmentChip({ id, segment }: Props) {
  const kind = segment?.kind ?? 'unknown';
  const title = segment ? `${segment.name ?? id} (${kind})` : `segment "${id}" is not declared`;
  return (
    <span className={`seg-chip seg-chip--${kind}`} title={title}>
      {id}
    </span>
  );
});
