/**
 * The matrices the panel shows, as one pure function that runs on the main thread (small labs) or in
 * matrix.worker.ts (big ones): the lab's matrix, and with what-if toggles the what-if network's matrix
 * and the cells that changed.
 */
import { compileLab } from '../../engine/lab/compile.ts';
import type { LabDocument } from '../../engine/lab/format.ts';
import type { Network } from '../../engine/model/network.ts';
import type { ProbeProto } from '../../engine/sim/trace.ts';
import { labVms, productionClients, reachMatrix, type ReachMatrix } from '../../engine/vlab/reach-matrix.ts';
import { diffMatrix, type CellChange } from '../../engine/whatif/diff-matrix.ts';
import type { WhatIfToggle } from '../../engine/whatif/toggles.ts';
import { whatIfNetwork } from '../../state/whatif/whatif-network.ts';

export interface MatrixProbe {
  readonly proto: ProbeProto;
  readonly dport?: number;
}

export interface MatrixInput {
  /** The user's lab, with its virtual-lab designs. */
  readonly doc: LabDocument;
  /** Its expansion and network; compiled from `doc` when absent (in the worker). */
  readonly expanded?: LabDocument;
  readonly network?: Network;
  readonly toggles: readonly WhatIfToggle[];
  readonly probe: MatrixProbe;
}

export interface MatrixAnswer {
  /** The lab's matrix. */
  readonly before: ReachMatrix | null;
  /** With what-if toggles: the what-if network's matrix. */
  readonly after: ReachMatrix | null;
  readonly changes: readonly CellChange[];
  readonly error: string | null;
}

/** Labs with at least this many cells are computed in the worker. */
export const MATRIX_IN_WORKER_FROM = 3000;

/** How many cells the matrix of `doc` has (no trace runs). */
export function matrixCells(doc: LabDocument, network: Network | undefined): number {
  if (!network || !doc.virtualLabs?.length) return 0;
  const vms = labVms(doc, network);
  const clients = productionClients(doc, network, new Set(vms.map((v) => v.id))).length;
  return vms.reduce((n, v) => n + v.via.length, 0) * clients + vms.length * clients;
}

const none = (error: string | null): MatrixAnswer => ({ before: null, after: null, changes: [], error });

/** A probe of the panel as reachMatrix's options (TCP and UDP without a port fall back to ICMP). */
function probeOptions(p: MatrixProbe) {
  return p.proto !== 'icmp' && p.dport !== undefined ? { proto: p.proto, dport: p.dport } : {};
}

export function computeMatrices(
  input: MatrixInput,
  onProgress?: (done: number, total: number) => void,
  cachedBefore?: ReachMatrix | null,
): MatrixAnswer {
  let { expanded, network } = input;
  if (!network || !expanded) {
    const c = compileLab(input.doc);
    if (!c.network) return none('the lab does not compile');
    network = c.network;
    expanded = c.design?.doc ?? input.doc;
  }
  const opts = probeOptions(input.probe);
  const withToggles = input.toggles.length > 0;
  const twice = withToggles && !cachedBefore ? 2 : 1;
  let offset = 0;
  const progress = onProgress
    ? (done: number, total: number) => onProgress(offset + done, total * twice)
    : undefined;
  let before = cachedBefore ?? null;
  if (!before) {
    const b = reachMatrix(input.doc, network, { ...opts, ...(progress ? { onProgress: progress } : {}) });
    if (!b.ok) return none(b.error);
    before = b.value;
    offset = before.stats.cells;
  }
  if (!withToggles) return { before, after: null, changes: [], error: null };
  const net = whatIfNetwork(expanded, input.toggles, network);
  if (!net.ok) return { before, after: null, changes: [], error: net.error };
  const a = reachMatrix(input.doc, net.value, { ...opts, ...(progress ? { onProgress: progress } : {}) });
  if (!a.ok) return { before, after: null, changes: [], error: a.error };
  return { before, after: a.value, changes: diffMatrix(before, a.value), error: null };
}
