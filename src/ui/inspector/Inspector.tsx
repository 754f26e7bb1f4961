/** The inspector: the form of the selected item (or the lab, when nothing is selected). */
import { pathOfNode } from '../../state/paths.ts';
import { useActions, useLab } from '../app/lab-hooks.ts';
import { ApplianceForm } from './ApplianceForm.tsx';
import { DeviceForm } from './DeviceForm.tsx';
import { LabForm } from './LabForm.tsx';
import { SegmentForm } from './SegmentForm.tsx';
import './inspector.css';

export function Inspector() {
  const nodes = useLab((s) => s.selection.nodes);
  const edges = useLab((s) => s.selection.edges);
  const path = useLab((s) => (nodes.length === 1 ? pathOfNode(s.doc, nodes[0]!) : undefined));
  const act = useActions();
  let body;
  if (nodes.length > 1 || (nodes.length === 0 && edges.length > 0)) {
    body = (
      <section className="inspector__section">
        <h2 className="inspector__title">
          {nodes.length
            ? `${nodes.length} items selected`
            : `${edges.length} link${edges.length > 1 ? 's' : ''} selected`}
        </h2>
        <div className="inspector__actions">
          {nodes.length > 0 && (
            <button type="button" className="btn" onClick={() => act.duplicate()}>
              Duplicate (Ctrl+D)
            </button>
          )}
          <button type="button" className="btn btn--danger" onClick={act.deleteSelection}>
            {nodes.length ? 'Delete (Del)' : 'Unplug (Del)'}
          </button>
        </div>
      </section>
    );
  } else if (path?.startsWith('segments')) body = <SegmentForm path={path} />;
  else if (path?.startsWith('devices')) body = <DeviceForm path={path} />;
  else if (path?.startsWith('virtualLabs')) body = <ApplianceForm path={path} />;
  else body = <LabForm />;
  return (
    <aside className="inspector" aria-label="Inspector" data-testid="inspector">
      {body}
    </aside>
  );
}
