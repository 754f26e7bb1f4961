/** A machine's routes (`ip route add`): destination, gateway, device. */
import type { RouteDoc } from '../../engine/lab/format.ts';
import { valueAt } from '../../state/paths.ts';
import { PathField } from '../components/PathField.tsx';
import { useActions, useLab } from '../app/lab-hooks.ts';

export function RoutesEditor({ path }: { readonly path: string }) {
  const routes = useLab((s) => valueAt(s.doc, `${path}.routes`) as readonly RouteDoc[] | undefined) ?? [];
  const act = useActions();
  return (
    <div className="inspector__routes">
      {routes.length === 0 && <p className="muted small">Only the kernel’s connected routes.</p>}
      {routes.map((r, k) => (
        <div key={k} className="inspector__inline">
          <PathField path={`${path}.routes[${k}].to`} kind="text" label={k === 0 ? 'To' : `To (${k + 1})`} />
          <PathField path={`${path}.routes[${k}].via`} kind="ipv4-optional" label="Via" />
          <button
            type="button"
            className="icon-btn"
            aria-label={`Remove route to ${r.to}`}
            onClick={() => act.setField(`${path}.routes[${k}]`, undefined, 'Remove route')}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        className="btn btn--ghost"
        onClick={() => {
          act.seal();
          act.setField(`${path}.routes[${routes.length}]`, { to: 'default' }, 'Add route');
        }}
      >
        + Route
      </button>
    </div>
  );
}
