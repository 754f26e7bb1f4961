/**
 * (b) and (c) for one virtual lab: production network ↔ isolated network ↔ masquerade network with the
 * vNIC, VLAN and DHCP of each (seed 000's second table), then its static IP mappings (the third).
 */
import { memo, useMemo } from 'react';
import { proposeMapping } from '../../state/wizard/mapping.ts';
import { PathCheck } from '../components/PathCheck.tsx';
import { PathField } from '../components/PathField.tsx';
import { useActions, useLab, useLabStore } from '../app/lab-hooks.ts';
import { PlanSelect, Proposal, SelectName } from './cells.tsx';

const MODES: Readonly<Record<string, string>> = {
  'basic-single-host': 'basic single-host',
  'advanced-single-host': 'advanced single-host',
  'advanced-multi-host': 'advanced multi-host',
};

const IsolatedRow = memo(function IsolatedRow({
  path,
  prodId,
  prodName,
  prodSubnet,
  isoId,
  isoName,
  drawn,
}: {
  readonly path: string;
  readonly prodId: string;
  readonly prodName: string;
  readonly prodSubnet?: string;
  readonly isoId: string;
  readonly isoName: string;
  readonly drawn: boolean;
}) {
  return (
    <tr data-testid="aplan-isolated" data-path={path}>
      <td>
        <SelectName id={prodId} name={prodName} {...(prodSubnet ? { detail: prodSubnet } : {})} />
      </td>
      <th scope="row">
        {drawn ? (
          <SelectName id={isoId} name={isoName} detail={isoId} />
        ) : (
          <span className="aplan__plain">{isoName}</span>
        )}
      </th>
      <td>
        <PathField
          path={`${path}.masquerade`}
          kind="network-optional"
          label={`${isoName}: masquerade network`}
          testId="aplan-masquerade"
          bare
        />
        <Proposal path={`${path}.masquerade`} label="masquerade network" />
      </td>
      <td>
        <PathField path={`${path}.vnicIp`} kind="address-optional" label={`${isoName}: vNIC IP`} bare />
        <Proposal path={`${path}.vnicIp`} label="vNIC IP" />
      </td>
      <td>
        <PathField path={`${path}.vlan`} kind="vlan" label={`${isoName}: VLAN ID`} bare />
      </td>
      <td>
        <PathCheck path={`${path}.dhcp`} label="DHCP" />
      </td>
    </tr>
  );
});

const MappingRow = memo(function MappingRow({
  path,
  k,
  options,
  onRemove,
}: {
  readonly path: string;
  readonly k: number;
  readonly options: readonly { readonly value: string; readonly label: string }[];
  readonly onRemove: (k: number) => void;
}) {
  const n = `Mapping ${k + 1}`;
  return (
    <tr data-testid="aplan-mapping" data-path={path}>
      <td>
        <PlanSelect path={`${path}.productionNetwork`} label={`${n}: production network`} options={options} />
      </td>
      <td>
        <PathField
          path={`${path}.isolatedIp`}
          kind="ipv4"
          label={`${n}: isolated IP`}
          placeholder="192.168.149.36"
          bare
        />
      </td>
      <td>
        <PathField
          path={`${path}.accessIp`}
          kind="ipv4"
          label={`${n}: access IP`}
          placeholder="192.168.149.136"
          bare
        />
      </td>
      <td>
        <PathField path={`${path}.note`} kind="text-optional" label={`${n}: note`} bare />
      </td>
      <td>
        <button
          type="button"
          className="icon-btn"
          aria-label={`Remove ${n.toLowerCase()}`}
          onClick={() => onRemove(k)}
        >
          ×
        </button>
      </td>
    </tr>
  );
});

export function VirtualLabPlan({ index }: { readonly index: number }) {
  const lab = useLab((s) => s.doc.virtualLabs?.[index]);
  const segments = useLab((s) => s.doc.segments);
  const store = useLabStore();
  const act = useActions();
  const lp = `virtualLabs[${index}]`;
  const mirrored = useMemo(
    () =>
      [...new Set((lab?.isolatedNetworks ?? []).map((n) => n.productionNetwork))].map((id) => ({
        value: id,
        label: segments.find((s) => s.id === id)?.name ?? id,
      })),
    [lab?.isolatedNetworks, segments],
  );
  const remove = useMemo(
    () => (k: number) =>
      act.run(`Remove static mapping ${k + 1}`, (d) => {
        const v = d.virtualLabs?.[index];
        if (!v?.staticMappings) return;
        v.staticMappings.splice(k, 1);
        if (!v.staticMappings.length) delete v.staticMappings;
      }),
    [act, index],
  );
  if (!lab) return null;
  const prod = segments.find((s) => s.id === lab.appliance.productionNetwork);
  const mappings = lab.staticMappings ?? [];
  function addMapping() {
    const m = proposeMapping(store.getState().doc, index);
    if (!m) {
      act.notify({
        tone: 'error',
        text: 'No free address to propose: give the production network a subnet, or type the mapping in the inspector.',
      });
      return;
    }
    act.run('Add static mapping', (d) => {
      const v = d.virtualLabs?.[index];
      if (v) (v.staticMappings ??= []).push(m);
    });
  }
  return (
    <section className="aplan__section" aria-label={`Virtual lab ${lab.name}`} data-testid="aplan-lab">
      <h3 className="aplan__title">
        Virtual lab <span className="aplan__lab-name">{lab.name}</span>
        <span className="aplan__count">{MODES[lab.mode] ?? lab.mode}</span>
      </h3>
      <div className="aplan__appliance">
        <span className="aplan__label">Proxy appliance</span>
        <SelectName
          id={lab.appliance.id}
          name={lab.appliance.name ?? lab.appliance.id}
          detail={lab.appliance.id}
        />
        <span className="aplan__label">eth0 in</span>
        <SelectName
          id={lab.appliance.productionNetwork}
          name={prod?.name ?? lab.appliance.productionNetwork}
        />
        <div className="aplan__inline">
          <PathField path={`${lp}.appliance.ip`} kind="address" label="Appliance IP" bare />
        </div>
        <span className="aplan__label">gateway</span>
        <div className="aplan__inline">
          <PathField path={`${lp}.appliance.gateway`} kind="ipv4-optional" label="Appliance gateway" bare />
          <Proposal path={`${lp}.appliance.gateway`} label="appliance gateway" />
        </div>
      </div>

      {lab.isolatedNetworks.length === 0 ? (
        <p className="aplan__empty">
          No isolated network: drag from the appliance’s <strong>+</strong> port to an isolated network on the
          canvas.
        </p>
      ) : (
        <table className="aplan__table">
          <colgroup>
            <col style={{ width: '17%' }} />
            <col style={{ width: '19%' }} />
            <col style={{ width: '21%' }} />
            <col style={{ width: '19%' }} />
            <col style={{ width: '9%' }} />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Production network</th>
              <th scope="col">Isolated network</th>
              <th scope="col">Masquerade network</th>
              <th scope="col">vNIC IP</th>
              <th scope="col">VLAN</th>
              <th scope="col">DHCP</th>
            </tr>
          </thead>
          <tbody>
            {lab.isolatedNetworks.map((n, j) => {
              const ps = segments.find((s) => s.id === n.productionNetwork);
              return (
                <IsolatedRow
                  key={`${j}:${n.segment}`}
                  path={`${lp}.isolatedNetworks[${j}]`}
                  prodId={n.productionNetwork}
                  prodName={ps?.name ?? n.productionNetwork}
                  {...(ps?.subnet ? { prodSubnet: ps.subnet } : {})}
                  isoId={n.segment}
                  isoName={n.name}
                  drawn={segments.some((s) => s.id === n.segment)}
                />
              );
            })}
          </tbody>
        </table>
      )}

      <h4 className="aplan__subtitle">
        Static IP mappings <span className="aplan__count">{mappings.length}</span>
      </h4>
      {mappings.length > 0 ? (
        <table className="aplan__table">
          <colgroup>
            <col style={{ width: '17%' }} />
            <col style={{ width: '19%' }} />
            <col style={{ width: '21%' }} />
            <col />
            <col style={{ width: '36px' }} />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Production network</th>
              <th scope="col">Isolated IP (lab VM)</th>
              <th scope="col">Access IP</th>
              <th scope="col">Note</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {mappings.map((_, k) => (
              <MappingRow
                key={k}
                path={`${lp}.staticMappings[${k}]`}
                k={k}
                options={mirrored}
                onRemove={remove}
              />
            ))}
          </tbody>
        </table>
      ) : (
        <p className="aplan__empty aplan__empty--inline">
          None: lab VMs are reached through the masquerade network{lab.isolatedNetworks.length > 1 ? 's' : ''}
          .{lab.mode === 'basic-single-host' && ' (Static mapping is an advanced-mode option.)'}
        </p>
      )}
      <button type="button" className="btn aplan__add" data-testid="aplan-add-mapping" onClick={addMapping}>
        + Add mapping
      </button>
    </section>
  );
}
