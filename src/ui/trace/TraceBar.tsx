/**
 * The strip over the canvas's top edge: what to trace (from, to, protocol, port) and, once traced, the
 * flow in one chip (click to change it) beside the playback controls. Running a trace opens the Trace
 * tab of the dock.
 */
import { useEffect, useState } from 'react';
import { useDeferredEngine } from '../app/lab-hooks.ts';
import { useUi } from '../app/ui-state.ts';
import { PlaybackControls } from './PlaybackControls.tsx';
import { playback, usePlayback } from './playback.ts';
import { TraceForm } from './TraceForm.tsx';
import { useTrace } from './use-trace.ts';
import './trace.css';

export function TraceBar() {
  const { network, view } = useTrace();
  const engine = useDeferredEngine();
  const run = usePlayback((s) => s.run);
  const picking = usePlayback((s) => s.picking);
  const show = useUi((s) => s.showDock);
  // the fields open for the flow on screen; a new run folds them again
  const [editingRun, setEditingRun] = useState<number | null>(null);
  const editing = editingRun === run;
  useEffect(() => {
    if (run > 0) show('trace');
  }, [run, show]);
  const t = view?.ok ? view.value.timeline : null;
  // a flow that traced folds into a chip; one that did not keeps its fields open to fix
  const compact = view?.ok === true && !editing;
  return (
    <div className="trace-bar" data-testid="trace-bar">
      {compact ? (
        <button
          type="button"
          className="btn btn--ghost trace-bar__flow"
          title="Change the flow"
          onClick={() => setEditingRun(run)}
          data-testid="trace-flow"
        >
          {view.ok && engine ? engine.probeLabel(view.value.probe) : ''} ✎
        </button>
      ) : (
        <>
          <TraceForm network={network} />
          <button
            type="button"
            className={`btn btn--ghost${picking ? ' is-active' : ''}`}
            aria-pressed={picking !== null}
            title="Click the source, then the destination on the canvas"
            onClick={() => playback.getState().pick(picking ? null : 'from')}
            data-testid="trace-pick"
          >
            {picking === 'from' ? 'Click the source…' : picking === 'to' ? 'Click the destination…' : 'Pick'}
          </button>
        </>
      )}
      {t && t.frames.length > 0 && <PlaybackControls frames={t.frames.length} replyStart={t.replyStart} />}
      {view && (
        <button
          type="button"
          className="icon-btn"
          aria-label="Clear the trace"
          title="Clear the trace"
          onClick={() => {
            playback.getState().clear();
            setEditingRun(null);
          }}
        >
          ✕
        </button>
      )}
    </div>
  );
}
