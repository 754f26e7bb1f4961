/** (a) Network parameters: the production networks — name, VLAN, subnet, gateway, DNS (seed 000's first table). */
import { memo } from 'react';
import { PathField } from '../components/PathField.tsx';
import { useLab } from '../app/lab-hooks.ts';
import { SelectName } from './cells.tsx';

const NetworkRow = memo(function NetworkRow({
  index,
  id,
  name,
}: {
  readonly index: number;
  readonly id: string;
  readonly name: string;
}) {
  const p = `segments[${index}]`;
  return (
    <tr data-testid="aplan-network" data-id={id}>
      <th scope="row">
        <SelectName id={id} name={name} detail={id} />
      </th>
      <td>
        <PathField path={`${p}.name`} kind="text-optional" label={`${name}: name`} bare />
      </td>
      <td>
        <PathField path={`${p}.vlan`} kind="vlan" label={`${name}: VLAN ID`} placeholder="0" bare />
      </td>
      <td>
        <PathField path={`${p}.subnet`} kind="network-optional" label={`${name}: subnet`} bare />
      </td>
      <td>
        <PathField path={`${p}.gateway`} kind="ipv4-optional" label={`${name}: default gateway`} bare />
      </td>
      <td>
        <PathField path={`${p}.dns`} kind="ipv4-list" label={`${name}: DNS servers`} bare />
      </td>
    </tr>
  );
});

export function NetworkTable() {
  const segments = useLab((s) => s.doc.segments);
  const rows = segments.flatMap((s, i) =>
    s.kind === 'production' ? [{ index: i, id: s.id, name: s.name ?? s.id }] : [],
  );
  return (
    <section className="aplan__section" aria-labelledby="aplan-networks">
      <h3 id="aplan-networks" className="aplan__title">
        Network parameters{' '}
        <span className="aplan__count">
          {rows.length} production network{rows.length === 1 ? '' : 's'}
        </span>
      </h3>
      {rows.length === 0 ? (
        <p className="aplan__empty">No production network yet: drag one from the palette (Networks).</p>
      ) : (
        <table className="aplan__table">
          <colgroup>
            <col style={{ width: '17%' }} />
            <col style={{ width: '19%' }} />
            <col style={{ width: '9%' }} />
            <col style={{ width: '19%' }} />
            <col style={{ width: '16%' }} />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Network</th>
              <th scope="col">Name (port group)</th>
              <th scope="col">VLAN</th>
              <th scope="col">Subnet</th>
              <th scope="col">Default gateway</th>
              <th scope="col">DNS</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <NetworkRow key={`${r.index}:${r.id}`} {...r} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
