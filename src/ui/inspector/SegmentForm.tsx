/** A network: production portgroup, isolated lab network or plain link. */
import type { SegmentDoc } from '../../engine/lab/format.ts';
import { valueAt } from '../../state/paths.ts';
import { PathField } from '../components/PathField.tsx';
import { PathSelect } from '../components/PathSelect.tsx';
import { useActions, useLab } from '../app/lab-hooks.ts';
import { IdField } from './IdField.tsx';

const KINDS = [
  { value: 'production', label: 'Production network (with uplink)' },
  { value: 'isolated', label: 'Isolated network (no uplink)' },
  { value: 'link', label: 'Link (plain wire)' },
];

export function SegmentForm({ path }: { readonly path: string }) {
  const seg = useLab((s) => valueAt(s.doc, path) as SegmentDoc | undefined);
  const labs = useLab((s) => s.doc.virtualLabs);
  const usedBy = (labs ?? [])
    .filter((v) => v.isolatedNetworks.some((n) => n.segment === seg?.id))
    .map((v) => ({ id: v.appliance.id, name: v.appliance.name ?? v.appliance.id }));
  const act = useActions();
  if (!seg) return null;
  return (
    <section className="inspector__section" data-testid="segment-form">
      <h2 className="inspector__title">
        {seg.kind === 'isolated'
          ? 'Isolated network'
          : seg.kind === 'production'
            ? 'Production network'
            : 'Link'}
      </h2>
      <PathField path={`${path}.name`} kind="text-optional" label="Name" testId="field-segment-name" />
      <IdField id={seg.id} what="network" />
      <PathSelect path={`${path}.kind`} label="Kind" options={KINDS} />
      <PathField
        path={`${path}.vlan`}
        kind="vlan"
        label="VLAN ID"
        hint="0 or empty: no VLAN"
        testId="field-vlan"
      />
      {seg.kind === 'production' && (
        <>
          <PathField
            path={`${path}.subnet`}
            kind="network-optional"
            label="Subnet"
            placeholder="192.168.149.0/24"
            testId="field-subnet"
          />
          <PathField
            path={`${path}.gateway`}
            kind="ipv4-optional"
            label="Default gateway"
            placeholder="192.168.149.1"
            hint="The isolated copies use it as the appliance’s vNIC address"
            testId="field-gateway"
          />
          <PathField path={`${path}.dns`} kind="ipv4-list" label="DNS servers" placeholder="192.168.149.20" />
        </>
      )}
      {seg.kind === 'isolated' && (
        <div className="inspector__help">
          {usedBy.length ? (
            <p>
              Connected to{' '}
              {usedBy.map((u) => (
                <button
                  key={u.id}
                  type="button"
                  className="btn btn--link"
                  onClick={() => act.selectNodes([u.id])}
                >
                  {u.name}
                </button>
              ))}
              ; its masquerade network and vNIC are set there.
            </p>
          ) : (
            <p>
              Not connected to a proxy appliance yet: drag from the appliance’s <strong>+</strong> port to
              this network.
            </p>
          )}
        </div>
      )}
      <PathField path={`${path}.description`} kind="text-optional" label="Notes" />
    </section>
  );
}
