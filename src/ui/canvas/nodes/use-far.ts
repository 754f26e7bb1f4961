import { useStore } from '@xyflow/react';

/** Below this zoom, cards draw as plain shapes (much less DOM to paint at 500+ nodes). */
export const FAR_ZOOM = 0.45;

export function useFar(): boolean {
  return useStore((s) => s.transform[2] < FAR_ZOOM);
}
