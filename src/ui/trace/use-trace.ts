/**
 * The trace on screen: the engine's trace of the playback's request on the compiled lab (memoized on
 * both), or why there is none. An edit to the lab re-traces; the frame index is clamped by the views.
 */
import { useMemo } from 'react';
import type { Network } from '../../engine/model/network.ts';
import type { Result } from '../../engine/util/result.ts';
import { traceView, type TraceView } from '../../state/playback/trace-view.ts';
import { useDerived } from '../app/lab-hooks.ts';
import { usePlayback } from './playback.ts';

export interface TraceState {
  /** The network traced (the lab, or the lab with the what-if changes). */
  readonly network: Network | undefined;
  /** Null before the first trace. */
  readonly view: Result<TraceView> | null;
}

export function useTrace(): TraceState {
  const network = useDerived().network;
  const request = usePlayback((s) => s.request);
  const view = useMemo(() => {
    if (!request) return null;
    if (!network)
      return { ok: false as const, error: 'The lab has errors: fix them to trace (Problems panel)' };
    return traceView(network, request);
  }, [network, request]);
  return { network, view };
}

/** The frame index shown, clamped to the timeline (an edit may have shortened it). */
export function useFrameIndex(frames: number): number {
  const index = usePlayback((s) => s.index);
  return Math.min(index, frames - 1);
}
