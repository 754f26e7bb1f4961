/**
 * The address plan (dock tab): seed 000's tables, editable — (a) network parameters of the production
 * networks, (b) per virtual lab production ↔ isolated ↔ masquerade network with vNIC, VLAN and DHCP,
 * (c) its static IP mappings, (d) the machines' addresses. Every cell is a PathField on the document
 * path, so checks, drafts, diagnostics (with fixes) and undo are the inspector's; empty design fields
 * show the engine's proposal with Accept; a row's name selects its item on the canvas.
 */
import { useUi } from '../app/ui-state.ts';
import { useLab } from '../app/lab-hooks.ts';
import { MachineTable } from './MachineTable.tsx';
import { NetworkTable } from './NetworkTable.tsx';
import { VirtualLabPlan } from './VirtualLabPlan.tsx';
import './address-plan.css';

export function AddressPlan() {
  const empty = useLab(
    (s) => s.doc.segments.length === 0 && s.doc.devices.length === 0 && !s.doc.virtualLabs?.length,
  );
  const labCount = useLab((s) => s.doc.virtualLabs?.length ?? 0);
  const openDialog = useUi((s) => s.openDialog);
  if (empty)
    return (
      <div className="empty-state" data-testid="address-plan">
        <strong>No addresses to plan yet</strong>
        Click <em>New virtual lab</em> and the wizard draws the production network, the proxy appliance and
        the isolated networks — their addresses then appear here, editable. Or drag a production network from
        the palette.
        <p>
          <button type="button" className="btn btn--primary aplan__cta" onClick={() => openDialog('new-lab')}>
            New virtual lab…
          </button>
        </p>
      </div>
    );
  return (
    <div className="aplan" data-testid="address-plan">
      <NetworkTable />
      {labCount === 0 ? (
        <section className="aplan__section">
          <h3 className="aplan__title">Virtual labs</h3>
          <p className="aplan__empty">
            No virtual lab yet: <em>New virtual lab</em> (toolbar) adds one, or drag a proxy appliance from
            the palette.
          </p>
        </section>
      ) : (
        Array.from({ length: labCount }, (_, i) => <VirtualLabPlan key={i} index={i} />)
      )}
      <MachineTable />
    </div>
  );
}
