/** Nothing selected: the lab itself, and what to do next. */
import { PathField } from '../components/PathField.tsx';
import { useDerived, useLab } from '../app/lab-hooks.ts';

export function LabForm() {
  const counts = {
    segments: useLab((s) => s.doc.segments.length),
    devices: useLab((s) => s.doc.devices.length),
    labs: useLab((s) => s.doc.virtualLabs?.length ?? 0),
  };
  const { diagnostics, network } = useDerived();
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return (
    <section className="inspector__section">
      <h2 className="inspector__title">Lab</h2>
      <PathField path="name" kind="text" label="Name" testId="field-name" />
      <PathField path="description" kind="text-optional" label="Description" />
      <p className="muted small">
        {counts.segments} networks · {counts.devices} machines · {counts.labs} virtual lab
        {counts.labs === 1 ? '' : 's'}
        {network ? '' : ` · does not compile (${errors} error${errors === 1 ? '' : 's'})`}
      </p>
      <div className="inspector__help">
        <p>
          <strong>Select</strong> a network, machine or proxy appliance to edit it here.
        </p>
        <p>Shift-drag to select several; Del deletes, Ctrl+D duplicates, arrows nudge, Ctrl+Z undoes.</p>
      </div>
    </section>
  );
}
