/** One isolated network of a virtual lab: its vNIC on the appliance and its masquerade network. */
import type { IsolatedNetworkDesign } from '../../engine/vlab/design.ts';
import { valueAt } from '../../state/paths.ts';
import { PathCheck } from '../components/PathCheck.tsx';
import { PathField } from '../components/PathField.tsx';
import { PathSelect } from '../components/PathSelect.tsx';
import { useActions, useDerived, useLab } from '../app/lab-hooks.ts';

export function IsolatedNetworkEditor({ path, index }: { readonly path: string; readonly index: number }) {
  const n = useLab((s) => valueAt(s.doc, path) as IsolatedNetworkDesign | undefined);
  const segments = useLab((s) => s.doc.segments);
  const proposals = useDerived().design?.proposals;
  const act = useActions();
  if (!n) return null;
  const proposal = (field: string) => proposals?.find((p) => p.path === `${path}.${field}`);
  const masq = proposal('masquerade');
  const vnic = proposal('vnicIp');
  return (
    <fieldset className="inspector__iface" data-testid={`isolated-${index}`}>
      <legend>{n.name}</legend>
      <PathField path={`${path}.name`} kind="text" label="Name" />
      <div className="inspector__row">
        <PathSelect
          path={`${path}.segment`}
          label="Isolated network"
          options={segments
            .filter((s) => s.kind === 'isolated')
            .map((s) => ({ value: s.id, label: s.name ?? s.id }))}
        />
        <PathSelect
          path={`${path}.productionNetwork`}
          label="Copy of"
          options={segments
            .filter((s) => s.kind === 'production')
            .map((s) => ({ value: s.id, label: s.name ?? s.id }))}
        />
      </div>
      <PathField
        path={`${path}.masquerade`}
        kind="network-optional"
        label="Masquerade network"
        placeholder={masq ? `${masq.value} (proposed)` : '192.168.150.0/24'}
        hint={
          masq
            ? masq.why
            : 'Production machines reach lab VMs through this network (NETMAP to the isolated one)'
        }
        testId={`field-masquerade-${index}`}
      />
      {masq && (
        <button
          type="button"
          className="btn btn--link"
          onClick={() =>
            act.setField(`${path}.masquerade`, masq.value, 'Use the proposed masquerade network')
          }
        >
          Use {masq.value}
        </button>
      )}
      <PathField
        path={`${path}.vnicIp`}
        kind="address-optional"
        label="Appliance vNIC address"
        placeholder={vnic ? `${vnic.value} (proposed)` : 'the production gateway’s address'}
        hint={vnic?.why ?? 'Lab VMs use it as their gateway: by default the production gateway’s address'}
        testId={`field-vnic-${index}`}
      />
      <div className="inspector__row">
        <PathField path={`${path}.vlan`} kind="vlan" label="VLAN ID" />
        <PathCheck path={`${path}.dhcp`} label="DHCP service" />
      </div>
    </fieldset>
  );
}
