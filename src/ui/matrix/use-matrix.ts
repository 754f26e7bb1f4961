/**
 * The matrices for the panel: computed on the main thread for small labs (memoized on the lab, the
 * probe and the toggles), in matrix.worker.ts for big ones (one request in flight, the latest wins,
 * with progress). Same pure function either way (matrix-compute.ts).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { togglesKey } from '../../state/whatif/whatif-network.ts';
import {
  computeMatrices,
  matrixCells,
  MATRIX_IN_WORKER_FROM,
  type MatrixAnswer,
  type MatrixInput,
} from './matrix-compute.ts';
import type { MatrixReply, MatrixRequest } from './matrix.worker.ts';

export interface MatrixView extends MatrixAnswer {
  /** Computed in the worker (a big lab). */
  readonly inWorker: boolean;
  /** The worker is computing: how far it got. */
  readonly progress: { readonly done: number; readonly total: number } | null;
}

const EMPTY: MatrixAnswer = { before: null, after: null, changes: [], error: null };

/** The worker, and its one request in flight: a newer request waits and replaces any older waiting one. */
interface WorkerState {
  readonly w: Worker;
  seq: number;
  busy: boolean;
  waiting: MatrixRequest | null;
  /** Bumped when the lab or the probe changes (the worker keeps its compiled lab until then). */
  version: { doc: unknown; probeKey: string; n: number };
}

export const matrixWorkerAvailable = (): boolean => typeof Worker !== 'undefined';

export function useMatrix(input: MatrixInput): MatrixView {
  const { doc, expanded, network, toggles, probe } = input;
  const cells = useMemo(() => matrixCells(doc, network), [doc, network]);
  const big = matrixWorkerAvailable() && cells >= MATRIX_IN_WORKER_FROM;
  const probeKey = `${probe.proto}/${probe.dport ?? ''}`;
  const toggleKey = togglesKey(toggles);

  // small labs: the lab's matrix once per lab and probe, the what-if's once per toggle set (the probe
  // and the toggles are compared by value: a new array with the same toggles computes nothing)
  const before = useMemo(
    () =>
      big || !network
        ? null
        : computeMatrices({ doc, network, ...(expanded ? { expanded } : {}), toggles: [], probe }),
    [big, doc, network, expanded, probeKey],
  );
  const sync = useMemo(
    () =>
      big || !network || !before
        ? null
        : before.error || !toggles.length
          ? before
          : computeMatrices(
              { doc, network, ...(expanded ? { expanded } : {}), toggles, probe },
              undefined,
              before.before,
            ),
    [before, toggleKey],
  );

  const [answer, setAnswer] = useState<MatrixAnswer>(EMPTY);
  const [progress, setProgress] = useState<MatrixView['progress']>(null);
  const worker = useRef<WorkerState | null>(null);
  useEffect(() => () => worker.current?.w.terminate(), []);
  useEffect(() => {
    if (!big) return;
    if (!worker.current) {
      const w = new Worker(new URL('./matrix.worker.ts', import.meta.url), { type: 'module' });
      const state: WorkerState = { w, seq: 0, busy: false, waiting: null, version: { doc, probeKey, n: 0 } };
      worker.current = state;
      w.onmessage = (e: MessageEvent<MatrixReply>) => {
        const latest = e.data.seq === state.seq;
        if (e.data.kind === 'progress') {
          if (latest) setProgress({ done: e.data.done, total: e.data.total });
          return;
        }
        state.busy = false;
        if (latest) {
          setAnswer(e.data.answer);
          setProgress(null);
        }
        const next = state.waiting;
        state.waiting = null;
        if (next) {
          state.busy = true;
          w.postMessage(next);
        }
      };
    }
    const s = worker.current;
    if (s.version.doc !== doc || s.version.probeKey !== probeKey)
      s.version = { doc, probeKey, n: s.version.n + 1 };
    const req: MatrixRequest = { seq: ++s.seq, version: s.version.n, input: { doc, toggles, probe } };
    setProgress({ done: 0, total: cells });
    if (s.busy) s.waiting = req;
    else {
      s.busy = true;
      s.w.postMessage(req);
    }
  }, [big, doc, toggleKey, probeKey, cells]);

  if (!big) return { ...(sync ?? EMPTY), inWorker: false, progress: null };
  return { ...answer, inWorker: true, progress };
}
