/**
 * The reachability matrix: every production client (the backup server first) × every lab VM, by its
 * masquerade address and by each access IP, and the reverse (lab VMs → production, which the
 * isolation should stop). With what-if toggles the what-if network's matrix is shown and the cells it
 * changed are highlighted "before → after". A cell click traces that flow. Big labs are computed in a
 * worker, with progress (use-matrix.ts).
 */
import { useId, useMemo, useState } from 'react';
import type { LabDocument } from '../../engine/lab/format.ts';
import type { Network } from '../../engine/model/network.ts';
import type { ProbeProto } from '../../engine/sim/trace.ts';
import type { ReachMatrix } from '../../engine/vlab/reach-matrix.ts';
import type { WhatIfToggle } from '../../engine/whatif/toggles.ts';
import { ForwardTable, ReverseTable, type OnTrace } from './MatrixTables.tsx';
import type { MatrixProbe } from './matrix-compute.ts';
import { useMatrix } from './use-matrix.ts';
import './matrix.css';

export interface MatrixPanelProps {
  /** The user's lab, with its virtual-lab designs. */
  readonly doc: LabDocument;
  readonly expanded?: LabDocument;
  readonly network?: Network;
  readonly whatIf: readonly WhatIfToggle[];
  readonly onTrace: OnTrace;
}

/** The most rows and path columns a table shows (the filter finds the others). */
export const MATRIX_MAX_ROWS = 100;
export const MATRIX_MAX_COLUMNS = 60;

const matches = (q: string, ...texts: string[]) => texts.some((t) => t.toLowerCase().includes(q));

export function MatrixPanel({ doc, expanded, network, whatIf, onTrace }: MatrixPanelProps) {
  const [probe, setProbe] = useState<MatrixProbe>({ proto: 'icmp' });
  const [filter, setFilter] = useState('');
  const view = useMatrix({
    doc,
    ...(expanded ? { expanded } : {}),
    ...(network ? { network } : {}),
    toggles: whatIf,
    probe,
  });
  const shown: ReachMatrix | null = view.after ?? view.before;
  const changes = useMemo(() => new Map(view.changes.map((c) => [c.key, c])), [view.changes]);
  const q = filter.trim().toLowerCase();
  const cut = useMemo(() => (shown ? slice(shown, q) : null), [shown, q]);
  const ids = { filter: useId(), proto: useId(), port: useId() };

  if (!doc.virtualLabs?.length)
    return (
      <div className="empty-state" data-testid="matrix-empty">
        <strong>No virtual lab</strong>
        The matrix shows who reaches the lab VMs of a virtual-lab design; this lab has none.
      </div>
    );

  const flipped = view.changes.filter((c) => c.flipped).length;
  return (
    <section className="mx" data-testid="matrix-panel" aria-label="Reachability matrix">
      <div className="mx__bar">
        <label htmlFor={ids.proto}>Probe</label>
        <select
          id={ids.proto}
          value={probe.proto}
          onChange={(e) => setProbe({ ...probe, proto: e.target.value as ProbeProto })}
        >
          <option value="icmp">ICMP echo</option>
          <option value="tcp">TCP</option>
          <option value="udp">UDP</option>
        </select>
        {probe.proto !== 'icmp' && (
          <>
            <label htmlFor={ids.port}>port</label>
            <input
              id={ids.port}
              className="mx__port"
              type="number"
              min={1}
              max={65535}
              value={probe.dport ?? ''}
              onChange={(e) => {
                const n = Number(e.target.value);
                const { dport: _d, ...rest } = probe;
                void _d;
                setProbe(Number.isInteger(n) && n >= 1 && n <= 65535 ? { ...rest, dport: n } : rest);
              }}
            />
          </>
        )}
        <label htmlFor={ids.filter} className="mx-sr">
          Filter machines
        </label>
        <input
          id={ids.filter}
          className="mx__filter"
          type="search"
          placeholder="Filter machines"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        {shown && <Summary m={shown} />}
        {whatIf.length > 0 && view.after && (
          <span className="mx__changes" data-testid="mx-changes">
            what-if: {flipped} flow{flipped === 1 ? '' : 's'} change
            {view.changes.length > flipped
              ? ` (${view.changes.length - flipped} more with another reason)`
              : ''}
          </span>
        )}
      </div>
      {probe.proto !== 'icmp' && probe.dport === undefined && (
        <p className="mx__note">Give a port: until then the matrix uses ICMP echo.</p>
      )}
      {view.progress && (
        <p className="mx__progress" data-testid="mx-progress">
          <progress max={view.progress.total} value={view.progress.done} /> Tracing in the background:{' '}
          {view.progress.done.toLocaleString('en')} of {view.progress.total.toLocaleString('en')} cells
        </p>
      )}
      {!network && <p className="mx__note">The lab does not compile: there is nothing to trace yet.</p>}
      {view.error && (
        <p className="mx__error" role="alert">
          {view.error}
        </p>
      )}
      {cut && shown && (
        <>
          <h3 className="mx__title">Production → lab VMs</h3>
          {cut.note && <p className="mx__note">{cut.note}</p>}
          <div className="mx__scroll">
            <ForwardTable
              clients={cut.rows}
              vms={shown.vms}
              columns={cut.columns}
              changes={changes}
              onTrace={onTrace}
            />
          </div>
          <h3 className="mx__title">Lab VMs → production (the isolation should stop these: ✗)</h3>
          <div className="mx__scroll">
            <ReverseTable vms={cut.vmRows} clients={cut.clientColumns} changes={changes} onTrace={onTrace} />
          </div>
        </>
      )}
    </section>
  );
}

function Summary({ m }: { m: ReachMatrix }) {
  const fwd = m.forward.flat();
  const ok = fwd.filter((c) => c.ok).length;
  const leaks = m.reverse.flat().filter((c) => c.ok).length;
  return (
    <span className="mx__summary" data-testid="mx-summary">
      {ok} of {fwd.length} paths answer ·{' '}
      {leaks ? `${leaks} leak${leaks === 1 ? '' : 's'} from the lab` : 'no leak'}
    </span>
  );
}

/** The rows and columns the filter keeps (an axis where nothing matches is kept whole), capped. */
function slice(m: ReachMatrix, q: string) {
  const clientOk = m.clients.map((c) => !q || matches(q, c.id, c.name));
  const vmOk = m.vms.map((v) => !q || matches(q, v.id, v.name));
  const anyClient = clientOk.some(Boolean);
  const anyVm = vmOk.some(Boolean);
  const keepClient = (i: number) => !anyClient || clientOk[i]!;
  const vmIds = new Set(m.vms.filter((_, i) => !anyVm || vmOk[i]).map((v) => v.id));
  const rowsAll = m.clients.flatMap((client, i) => (keepClient(i) ? [{ client, row: m.forward[i]! }] : []));
  const colsAll = m.columns.flatMap((column, index) => (vmIds.has(column.vm) ? [{ column, index }] : []));
  const vmRowsAll = m.vms.flatMap((vm, i) => (vmIds.has(vm.id) ? [{ vm, row: m.reverse[i]! }] : []));
  const clientColsAll = m.clients.flatMap((client, index) => (keepClient(index) ? [{ client, index }] : []));
  const rows = rowsAll.slice(0, MATRIX_MAX_ROWS);
  const columns = colsAll.slice(0, MATRIX_MAX_COLUMNS);
  const cut = rows.length < rowsAll.length || columns.length < colsAll.length;
  return {
    rows,
    columns,
    vmRows: vmRowsAll.slice(0, MATRIX_MAX_ROWS),
    clientColumns: clientColsAll.slice(0, MATRIX_MAX_COLUMNS),
    note: cut
      ? `Showing ${rows.length} of ${rowsAll.length} clients and ${columns.length} of ${colsAll.length} paths: filter to see the others.`
      : null,
  };
}
