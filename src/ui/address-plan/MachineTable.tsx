/**
 * (d) Machines: one row per interface — device, interface, network, addresses (the first one editable;
 * the appliance's, generated from the virtual-lab design, read-only). A big lab shows its first rows and
 * a "show all" (every row holds live fields).
 */
import { memo, useMemo, useState } from 'react';
import type { AddressDocEntry } from '../../engine/lab/format.ts';
import { PathField } from '../components/PathField.tsx';
import { useDerived, useLab } from '../app/lab-hooks.ts';
import { SelectName } from './cells.tsx';

/** Rows rendered before "Show all". */
export const MACHINE_ROW_LIMIT = 100;

const text = (a: AddressDocEntry) => (typeof a === 'string' ? a : a.address);

interface Row {
  /** React key. */
  readonly rk: string;
  readonly deviceId: string;
  readonly deviceName: string;
  readonly ifname?: string;
  readonly segId?: string;
  readonly segName?: string;
  /** The first address's path, or undefined for a read-only row. */
  readonly path?: string;
  readonly first?: string;
  readonly more: string;
}

const MachineRow = memo(function MachineRow(row: Row) {
  return (
    <tr data-testid="aplan-machine" data-device={row.deviceId}>
      <th scope="row">
        <SelectName id={row.deviceId} name={row.deviceName} detail={row.deviceId} />
      </th>
      <td className="mono aplan__text">{row.ifname ?? <span className="muted">no interface</span>}</td>
      <td>
        {row.segId ? (
          <SelectName id={row.segId} name={row.segName ?? row.segId} />
        ) : (
          row.ifname && <span className="muted">not connected</span>
        )}
      </td>
      <td>
        {row.path ? (
          <PathField
            path={row.path}
            kind={row.first === undefined ? 'address-optional' : 'address'}
            label={`${row.deviceName} ${row.ifname}: address`}
            placeholder="192.168.149.10/24"
            bare
          />
        ) : (
          <span className="mono aplan__text">
            {row.first ?? '—'} <span className="aplan__tag">from the design</span>
          </span>
        )}
        {row.more && <p className="aplan__more mono">+ {row.more}</p>}
      </td>
    </tr>
  );
});

export function MachineTable() {
  const devices = useLab((s) => s.doc.devices);
  const segments = useLab((s) => s.doc.segments);
  const labs = useLab((s) => s.doc.virtualLabs);
  const expanded = useDerived().expanded;
  const [all, setAll] = useState(false);

  const rows = useMemo(() => {
    const names = new Map(segments.map((s) => [s.id, s.name ?? s.id]));
    const out: Row[] = [];
    devices.forEach((d, di) => {
      const name = d.name ?? d.id;
      if (!d.interfaces.length) out.push({ rk: `${di}`, deviceId: d.id, deviceName: name, more: '' });
      d.interfaces.forEach((i, ii) => {
        const addrs = i.addresses ?? [];
        const a0 = addrs[0];
        const base = `devices[${di}].interfaces[${ii}].addresses[0]`;
        out.push({
          rk: `${di}:${ii}`,
          deviceId: d.id,
          deviceName: name,
          ifname: i.name,
          ...(i.segment ? { segId: i.segment, segName: names.get(i.segment) ?? i.segment } : {}),
          path: a0 !== undefined && typeof a0 !== 'string' ? `${base}.address` : base,
          ...(a0 !== undefined ? { first: text(a0) } : {}),
          more: addrs.slice(1).map(text).join(', '),
        });
      });
    });
    // the appliances the designs generate (read-only here: their addresses are the design's)
    const apps = new Set((labs ?? []).map((v) => v.appliance.id));
    for (const d of expanded?.devices ?? []) {
      if (!apps.has(d.id)) continue;
      d.interfaces.forEach((i, ii) => {
        const addrs = i.addresses ?? [];
        out.push({
          rk: `app:${d.id}:${ii}`,
          deviceId: d.id,
          deviceName: d.name ?? d.id,
          ifname: i.name,
          ...(i.segment ? { segId: i.segment, segName: names.get(i.segment) ?? i.segment } : {}),
          ...(addrs[0] !== undefined ? { first: text(addrs[0]) } : {}),
          more: addrs.slice(1).map(text).join(', '),
        });
      });
    }
    return out;
  }, [devices, segments, labs, expanded]);

  const shown = all ? rows : rows.slice(0, MACHINE_ROW_LIMIT);
  return (
    <section className="aplan__section" aria-labelledby="aplan-machines">
      <h3 id="aplan-machines" className="aplan__title">
        Machines{' '}
        <span className="aplan__count">
          {rows.length} interface{rows.length === 1 ? '' : 's'}
        </span>
      </h3>
      {rows.length === 0 ? (
        <p className="aplan__empty">
          No machines yet: drag a host, the backup server or a router from the palette.
        </p>
      ) : (
        <table className="aplan__table">
          <colgroup>
            <col style={{ width: '24%' }} />
            <col style={{ width: '10%' }} />
            <col style={{ width: '22%' }} />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">Interface</th>
              <th scope="col">Network</th>
              <th scope="col">Addresses</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <MachineRow key={r.rk} {...r} />
            ))}
          </tbody>
        </table>
      )}
      {rows.length > shown.length && (
        <button
          type="button"
          className="btn aplan__add"
          data-testid="aplan-show-all"
          onClick={() => setAll(true)}
        >
          Show all {rows.length} interfaces ({rows.length - shown.length} more)
        </button>
      )}
    </section>
  );
}
