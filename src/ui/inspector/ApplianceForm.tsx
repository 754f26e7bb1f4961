/**
 * A virtual lab, edited at its proxy appliance: the wizard's settings — appliance (production NIC),
 * networking mode, isolated networks with their vNIC and masquerade network, static IP mappings.
 */
import type { VirtualLabDesign } from '../../engine/vlab/design.ts';
import { valueAt } from '../../state/paths.ts';
import { PathCheck } from '../components/PathCheck.tsx';
import { PathField } from '../components/PathField.tsx';
import { PathSelect } from '../components/PathSelect.tsx';
import { useActions, useLab } from '../app/lab-hooks.ts';
import { IdField } from './IdField.tsx';
import { IsolatedNetworkEditor } from './IsolatedNetworkEditor.tsx';
import { StaticMappingsEditor } from './StaticMappingsEditor.tsx';

const MODES = [
  { value: 'basic-single-host', label: 'Basic single-host (one isolated network)' },
  { value: 'advanced-single-host', label: 'Advanced single-host' },
  { value: 'advanced-multi-host', label: 'Advanced multi-host (distributed switch)' },
];

export function ApplianceForm({ path }: { readonly path: string }) {
  const lab = useLab((s) => valueAt(s.doc, path) as VirtualLabDesign | undefined);
  const segments = useLab((s) => s.doc.segments);
  const devices = useLab((s) => s.doc.devices);
  const act = useActions();
  if (!lab) return null;
  const production = segments
    .filter((s) => s.kind === 'production')
    .map((s) => ({ value: s.id, label: s.name ?? s.id }));
  const hosts = devices.map((d) => ({ value: d.id, label: d.name ?? d.id }));
  const a = `${path}.appliance`;
  return (
    <section className="inspector__section" data-testid="appliance-form">
      <h2 className="inspector__title">{lab.appliance.name ?? lab.appliance.id}</h2>
      <p className="muted small">Proxy appliance of the virtual lab “{lab.name}”</p>
      <h3 className="inspector__sub">Virtual lab</h3>
      <PathField path={`${path}.name`} kind="text" label="Virtual lab name" />
      <PathSelect path={`${path}.mode`} label="Networking" options={MODES} testId="field-mode" />
      <PathSelect
        path={`${path}.backupServer`}
        label="Backup server"
        options={hosts}
        hint="SureBackup adds its route to each masquerade network via the appliance"
        testId="field-backup-server"
      />
      <h3 className="inspector__sub">Proxy appliance</h3>
      <PathField path={`${a}.name`} kind="text-optional" label="Appliance VM name" />
      <IdField id={lab.appliance.id} what="appliance" />
      <PathSelect
        path={`${a}.productionNetwork`}
        label="Production network (eth0)"
        options={production}
        hint="Veeam cannot change it after the lab is created"
      />
      <PathField
        path={`${a}.ip`}
        kind="address"
        label="IP address"
        placeholder="192.168.149.50/24"
        hint="An unused address of the production network, with its mask"
        testId="field-appliance-ip"
      />
      <PathField
        path={`${a}.gateway`}
        kind="ipv4-optional"
        label="Default gateway"
        hint="Empty: the production network’s gateway"
      />
      <PathField path={`${a}.dns`} kind="ipv4-list" label="DNS servers" />
      <PathCheck path={`${a}.routingBetweenVnics`} label="Route network traffic between vNICs" />
      <h3 className="inspector__sub">Isolated networks</h3>
      {lab.isolatedNetworks.length === 0 && (
        <p className="muted small">
          None yet: draw an isolated network and drag from the appliance’s <strong>+</strong> port to it.
        </p>
      )}
      {lab.isolatedNetworks.map((n, k) => (
        <IsolatedNetworkEditor key={`${n.segment}-${k}`} path={`${path}.isolatedNetworks[${k}]`} index={k} />
      ))}
      <h3 className="inspector__sub">Static IP mapping</h3>
      <StaticMappingsEditor path={path} mode={lab.mode} />
      <div className="inspector__actions">
        <button type="button" className="btn btn--danger" onClick={act.deleteSelection}>
          Delete the virtual lab
        </button>
      </div>
    </section>
  );
}
