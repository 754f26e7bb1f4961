/** Small cells of the address plan: a name that selects its item on the canvas, a proposal, a choice. */
import { PathSelect } from '../components/PathSelect.tsx';
import { memo } from 'react';
import { valueAt } from '../../state/paths.ts';
import { useActions, useDerived, useLab } from '../app/lab-hooks.ts';

/** A row's name: clicking it selects the item on the canvas. */
export const SelectName = memo(function SelectName({
  id,
  name,
  detail,
}: {
  readonly id: string;
  readonly name: string;
  readonly detail?: string;
}) {
  const act = useActions();
  const selected = useLab((s) => s.selection.nodes.includes(id));
  return (
    <button
      type="button"
      className={`aplan__name${selected ? ' aplan__name--selected' : ''}`}
      title={`Select ${name} on the canvas`}
      onClick={() => act.selectNodes([id])}
    >
      <span className="aplan__name-text">{name}</span>
      {detail && <span className="aplan__name-detail">{detail}</span>}
    </button>
  );
});

/** The engine's value for an empty field ("proposed: 192.168.150.0/24") with Accept. */
export const Proposal = memo(function Proposal({
  path,
  label,
}: {
  readonly path: string;
  readonly label: string;
}) {
  const act = useActions();
  const empty = useLab((s) => valueAt(s.doc, path) === undefined && s.drafts[path] === undefined);
  const proposal = useDerived().design?.proposals.find((p) => p.path === path);
  if (!empty || !proposal) return null;
  return (
    <p className="aplan__proposal" title={proposal.why} data-testid="proposal">
      proposed: <code>{proposal.value}</code>
      <button
        type="button"
        className="btn btn--link"
        aria-label={`Accept ${proposal.value} as ${label}`}
        onClick={() => {
          act.setField(path, proposal.value, `Accept the proposed ${label}`);
          act.seal();
        }}
      >
        Accept
      </button>
    </p>
  );
});

/** A bare choice bound to a document path (one history step per change). */
export const PlanSelect = memo(function PlanSelect(props: {
  readonly path: string;
  readonly label: string;
  readonly options: readonly { readonly value: string; readonly label: string }[];
}) {
  return <PathSelect {...props} bare />;
});
