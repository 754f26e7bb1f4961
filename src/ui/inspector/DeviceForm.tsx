/** A machine: name, kind, interfaces (network and addresses) and routes. */
import type { DeviceDoc } from '../../engine/lab/format.ts';
import { valueAt } from '../../state/paths.ts';
import { PathField } from '../components/PathField.tsx';
import { PathSelect } from '../components/PathSelect.tsx';
import { useActions, useLab } from '../app/lab-hooks.ts';
import { IdField } from './IdField.tsx';
import { InterfaceEditor } from './InterfaceEditor.tsx';
import { RoutesEditor } from './RoutesEditor.tsx';

const KINDS = [
  { value: 'host', label: 'Host / VM' },
  { value: 'router', label: 'Router (forwards packets)' },
  { value: 'appliance', label: 'Appliance (drawn by hand)' },
];
const ROLES = [
  { value: 'backup-server', label: 'Backup server' },
  { value: 'production-gateway', label: 'Production gateway' },
];

export function DeviceForm({ path }: { readonly path: string }) {
  const dev = useLab((s) => valueAt(s.doc, path) as DeviceDoc | undefined);
  const act = useActions();
  if (!dev) return null;
  return (
    <section className="inspector__section" data-testid="device-form">
      <h2 className="inspector__title">{dev.name ?? dev.id}</h2>
      <PathField path={`${path}.name`} kind="text-optional" label="Name" testId="field-device-name" />
      <IdField id={dev.id} what="machine" />
      <div className="inspector__row">
        <PathSelect path={`${path}.kind`} label="Kind" options={KINDS} />
        <PathSelect path={`${path}.role`} label="Role" options={ROLES} optional="—" />
      </div>
      <h3 className="inspector__sub">Interfaces</h3>
      {dev.interfaces.length === 0 && (
        <p className="muted small">
          No interface yet: drag from the card’s <strong>+</strong> port to a network.
        </p>
      )}
      {dev.interfaces.map((i, k) => (
        <InterfaceEditor key={`${i.name}-${k}`} path={`${path}.interfaces[${k}]`} />
      ))}
      <button
        type="button"
        className="btn btn--ghost"
        onClick={() =>
          act.run('Add interface', (d) => {
            const x = valueAt(d, path) as { interfaces: { name: string; segment: null }[] };
            const names = new Set(x.interfaces.map((i) => i.name));
            let n = 0;
            while (names.has(`eth${n}`)) n++;
            x.interfaces.push({ name: `eth${n}`, segment: null });
          })
        }
      >
        + Interface
      </button>
      <h3 className="inspector__sub">Routes</h3>
      <RoutesEditor path={path} />
      <PathField path={`${path}.description`} kind="text-optional" label="Notes" />
    </section>
  );
}
