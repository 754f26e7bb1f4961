/**
 * The two tables of the reachability matrix: production clients × lab VM paths (masquerade, access),
 * and lab VMs × production clients. Each cell is a button: ✓/✗ (or "✓ → ✗" when a what-if changed
 * it), the reason as its title and as text for screen readers; a click traces that flow.
 */
import { formatIpv4 } from '../../engine/addr/ipv4.ts';
import { cellLabel } from './cell-label.ts';
import type { Probe } from '../../engine/sim/trace.ts';
import type { MatrixClient, MatrixColumn, MatrixVm, ReachCell } from '../../engine/vlab/reach-matrix.ts';
import type { CellChange } from '../../engine/whatif/diff-matrix.ts';

export type OnTrace = (probe: Probe, label: string) => void;

const mark = (ok: boolean) => (ok ? '✓' : '✗');

function CellButton({ cell, change, onTrace }: { cell: ReachCell; change?: CellChange; onTrace: OnTrace }) {
  const good = cell.ok === cell.expected;
  const before = change?.before;
  const flipped = before && before.ok !== cell.ok;
  const text = flipped ? `${mark(before.ok)} → ${mark(cell.ok)}` : mark(cell.ok);
  const title = change
    ? `before: ${before ? `${mark(before.ok)} ${before.reason}` : '—'}\nnow: ${mark(cell.ok)} ${cell.reason}${cell.detail ? `\n${cell.detail}` : ''}`
    : `${cell.reason}${cell.detail ? `\n${cell.detail}` : ''}`;
  const spoken = change
    ? `changed from ${before ? `${before.ok ? 'yes' : 'no'} (${before.reason})` : 'nothing'} to ${cell.ok ? 'yes' : 'no'}: ${cell.reason}`
    : `${cell.ok ? 'yes' : 'no'}: ${cell.reason}`;
  return (
    <td className="mx__td">
      <button
        type="button"
        className={`mx-cell mx-cell--${good ? 'good' : 'bad'}${change ? ' mx-cell--changed' : ''}`}
        title={title}
        data-testid="mx-cell"
        data-key={cell.key}
        onClick={() => onTrace(cell.probe, cellLabel(cell))}
      >
        <span aria-hidden="true">{text}</span>
        <span className="mx-sr">{spoken}</span>
      </button>
    </td>
  );
}

/** The cells of one row, at the shown columns' indices. */
function RowCells(props: {
  row: readonly ReachCell[];
  at: readonly { index: number }[];
  changes: ReadonlyMap<string, CellChange>;
  onTrace: OnTrace;
}) {
  const { row, at, changes, onTrace } = props;
  return (
    <>
      {at.map(({ index }) => {
        const cell = row[index]!;
        const change = changes.get(cell.key);
        return <CellButton key={cell.key} cell={cell} onTrace={onTrace} {...(change ? { change } : {})} />;
      })}
    </>
  );
}

function ClientHeader({ c }: { c: MatrixClient }) {
  return (
    <>
      {c.name}
      {c.backupServer && <span className="mx__tag">backup server</span>}
      <small className="mx__addr">{formatIpv4(c.addr)}</small>
    </>
  );
}

export function ForwardTable(props: {
  clients: readonly { client: MatrixClient; row: readonly ReachCell[] }[];
  vms: readonly MatrixVm[];
  columns: readonly { column: MatrixColumn; index: number }[];
  changes: ReadonlyMap<string, CellChange>;
  onTrace: OnTrace;
}) {
  const { clients, vms, columns, changes, onTrace } = props;
  const groups = vms
    .map((vm) => ({ vm, span: columns.filter((c) => c.column.vm === vm.id).length }))
    .filter((g) => g.span > 0);
  return (
    <table className="mx__table" data-testid="mx-forward">
      <thead>
        <tr>
          <th className="mx__corner" rowSpan={2} scope="col">
            Production client
          </th>
          {groups.map(({ vm, span }) => (
            <th key={vm.id} colSpan={span} scope="colgroup" className="mx__vm">
              {vm.name}
              <small className="mx__addr">{formatIpv4(vm.addr)}</small>
            </th>
          ))}
        </tr>
        <tr>
          {columns.map(({ column }) => (
            <th key={`${column.vm}|${column.kind}|${column.addr}`} scope="col" className="mx__path">
              {column.kind} {formatIpv4(column.addr)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {clients.map(({ client, row }) => (
          <tr key={client.id}>
            <th scope="row" className="mx__row">
              <ClientHeader c={client} />
            </th>
            <RowCells row={row} at={columns} changes={changes} onTrace={onTrace} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ReverseTable(props: {
  vms: readonly { vm: MatrixVm; row: readonly ReachCell[] }[];
  clients: readonly { client: MatrixClient; index: number }[];
  changes: ReadonlyMap<string, CellChange>;
  onTrace: OnTrace;
}) {
  const { vms, clients, changes, onTrace } = props;
  return (
    <table className="mx__table" data-testid="mx-reverse">
      <thead>
        <tr>
          <th className="mx__corner" scope="col">
            Lab VM
          </th>
          {clients.map(({ client }) => (
            <th key={client.id} scope="col" className="mx__vm">
              <ClientHeader c={client} />
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {vms.map(({ vm, row }) => (
          <tr key={vm.id}>
            <th scope="row" className="mx__row">
              {vm.name}
              <small className="mx__addr">{formatIpv4(vm.addr)}</small>
            </th>
            <RowCells row={row} at={clients} changes={changes} onTrace={onTrace} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}
