/**
 * Diagnostics of big labs, computed by the lint worker (lint.worker.ts) while the main thread stays
 * free: the latest document is sent when the topology changes (one request in flight; a newer
 * document waits and replaces any older one), and the answer for the latest request is kept.
 */
import { useEffect } from 'react';
import { create } from 'zustand';
import type { LabDocument } from '../../engine/lab/format.ts';
import type { Diagnostic } from '../../engine/vlab/lint/index.ts';
import { labSize, LINT_IN_WORKER_FROM } from '../../state/derive.ts';
import type { LabStore } from '../../state/lab-store.ts';

interface LintResults {
  /** The document the diagnostics belong to. */
  readonly doc: LabDocument | null;
  readonly diagnostics: readonly Diagnostic[];
  /** A newer document is being linted. */
  readonly pending: boolean;
}

export const useLintResults = create<LintResults>()(() => ({ doc: null, diagnostics: [], pending: false }));

export const lintWorkerAvailable = (): boolean => typeof Worker !== 'undefined';

export function usesLintWorker(doc: LabDocument): boolean {
  return lintWorkerAvailable() && labSize(doc) >= LINT_IN_WORKER_FROM;
}

/** Runs the lint worker for the store's document while it is big. */
export function useLintWorker(store: LabStore): void {
  useEffect(() => {
    if (!lintWorkerAvailable()) return;
    let worker: Worker | null = null;
    let seq = 0;
    let inFlight: { seq: number; doc: LabDocument } | null = null;
    let waiting: LabDocument | null = null;
    let last: LabDocument | null = null;

    const send = (doc: LabDocument) => {
      worker ??= new Worker(new URL('./lint.worker.ts', import.meta.url), { type: 'module' });
      worker.onmessage = (e: MessageEvent<{ seq: number; diagnostics: Diagnostic[] }>) => {
        if (!inFlight || e.data.seq !== inFlight.seq) return;
        const done = inFlight.doc;
        inFlight = null;
        const next = waiting;
        waiting = null;
        useLintResults.setState({ doc: done, diagnostics: e.data.diagnostics, pending: next !== null });
        if (next) send(next);
      };
      inFlight = { seq: ++seq, doc };
      useLintResults.setState({ pending: true });
      worker.postMessage({ seq: inFlight.seq, doc });
    };

    const onDoc = (doc: LabDocument) => {
      if (!usesLintWorker(doc)) return;
      if (
        last &&
        last.segments === doc.segments &&
        last.devices === doc.devices &&
        last.virtualLabs === doc.virtualLabs
      )
        return; // a drag: layout only
      last = doc;
      if (inFlight) waiting = doc;
      else send(doc);
    };
    onDoc(store.getState().doc);
    const unsubscribe = store.subscribe((s) => onDoc(s.doc));
    return () => {
      unsubscribe();
      worker?.terminate();
      useLintResults.setState({ doc: null, diagnostics: [], pending: false });
    };
  }, [store]);
}
