/**
 * The trace on screen: the engine's trace of the playback's request on the compiled lab — with the
 * what-if toggles applied, when there are any, and then also on the lab as it is, to show the
 * difference (memoized on the network and the request).
 */
import { useMemo } from 'react';
import type { Network } from '../../engine/model/network.ts';
import type { Result } from '../../engine/util/result.ts';
import type { TraceDiff } from '../../engine/whatif/diff-trace.ts';
import type { TraceView } from '../../state/playback/trace-view.ts';
import { useDeferredEngine, useDerived } from '../app/lab-hooks.ts';
import { usePlayback } from './playback.ts';
import { useWhatIf } from './whatif.ts';

export interface TraceState {
  /** The network traced (the lab, or the lab with the what-if changes). */
  readonly network: Network | undefined;
  /** Null before the first trace (and while the tracer's code loads). */
  readonly view: Result<TraceView> | null;
  /** With what-if toggles on: the same flow on the lab as it is, and how the two differ. */
  readonly before?: { readonly view: TraceView; readonly diff: TraceDiff };
  /** Why the what-if lab does not compile, if it does not. */
  readonly whatIfError?: string;
}

export function useTrace(): TraceState {
  const { network: base, expanded } = useDerived();
  const toggles = useWhatIf((s) => s.toggles);
  const request = usePlayback((s) => s.request);
  // the tracer's code arrives just after the designer's first paint (src/ui/app/engine-after-paint.tsx)
  const engine = useDeferredEngine();
  return useMemo(() => {
    if (!engine) return { network: base, view: null };
    const { diffTrace, traceView, whatIfNetwork } = engine;
    const w = toggles.length && base ? whatIfNetwork(expanded, toggles, base) : null;
    const network = w ? (w.ok ? w.value : base) : base;
    const whatIfError = w && !w.ok ? w.error : undefined;
    if (!request) return { network, view: null, ...(whatIfError ? { whatIfError } : {}) };
    if (!network)
      return {
        network,
        view: { ok: false as const, error: 'The lab has errors: fix them to trace (Problems panel)' },
      };
    const view = traceView(network, request);
    if (!w?.ok || !base || !view.ok) return { network, view, ...(whatIfError ? { whatIfError } : {}) };
    const was = traceView(base, request);
    return {
      network,
      view,
      ...(was.ok
        ? { before: { view: was.value, diff: diffTrace(was.value.result, view.value.result) } }
        : {}),
    };
  }, [engine, base, expanded, toggles, request]);
}

/** The frame index shown, clamped to the timeline (an edit may have shortened it). */
export function useFrameIndex(frames: number): number {
  const index = usePlayback((s) => s.index);
  return Math.min(index, frames - 1);
}
