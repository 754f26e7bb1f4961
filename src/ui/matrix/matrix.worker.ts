/// <reference lib="webworker" />
/**
 * The reachability matrix off the main thread, for big labs: receives the lab (with a version that
 * changes when the lab or the probe does), the what-if toggles and the probe; answers with progress
 * messages, then the matrices (plain data). The compiled lab and its own matrix are kept while only
 * the toggles change.
 */
import { compileLab } from '../../engine/lab/compile.ts';
import type { LabDocument } from '../../engine/lab/format.ts';
import type { Network } from '../../engine/model/network.ts';
import type { ReachMatrix } from '../../engine/vlab/reach-matrix.ts';
import { computeMatrices, type MatrixAnswer, type MatrixInput } from './matrix-compute.ts';

export interface MatrixRequest {
  readonly seq: number;
  /** Changes whenever `doc` or the probe does. */
  readonly version: number;
  readonly input: MatrixInput;
}

export type MatrixReply =
  | { readonly seq: number; readonly kind: 'progress'; readonly done: number; readonly total: number }
  | { readonly seq: number; readonly kind: 'answer'; readonly answer: MatrixAnswer };

let kept: {
  version: number;
  network?: Network;
  expanded?: LabDocument;
  before: ReachMatrix | null;
} | null = null;

self.onmessage = (e: MessageEvent<MatrixRequest>) => {
  const { seq, version, input } = e.data;
  if (kept?.version !== version) {
    const c = compileLab(input.doc);
    kept = {
      version,
      ...(c.network ? { network: c.network, expanded: c.design?.doc ?? input.doc } : {}),
      before: null,
    };
  }
  const progress = (done: number, total: number) =>
    self.postMessage({ seq, kind: 'progress', done, total } satisfies MatrixReply);
  const answer = computeMatrices(
    {
      ...input,
      ...(kept.network ? { network: kept.network } : {}),
      ...(kept.expanded ? { expanded: kept.expanded } : {}),
    },
    progress,
    kept.before,
  );
  if (answer.before) kept.before = answer.before;
  self.postMessage({ seq, kind: 'answer', answer } satisfies MatrixReply);
};
