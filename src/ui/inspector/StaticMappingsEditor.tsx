/** Static IP mappings (wizard step 9): an access IP on the production network for one lab VM. */
import type { StaticMappingDesign } from '../../engine/vlab/design.ts';
import { freeAddress } from '../../state/commands/addresses.ts';
import { valueAt } from '../../state/paths.ts';
import { PathField } from '../components/PathField.tsx';
import { useActions, useLab, useLabStore } from '../app/lab-hooks.ts';

export function StaticMappingsEditor({ path, mode }: { readonly path: string; readonly mode: string }) {
  const maps =
    useLab((s) => valueAt(s.doc, `${path}.staticMappings`) as readonly StaticMappingDesign[] | undefined) ??
    [];
  const prod = useLab((s) => valueAt(s.doc, `${path}.appliance.productionNetwork`) as string);
  const act = useActions();
  const store = useLabStore();
  return (
    <div>
      {mode === 'basic-single-host' && (
        <p className="muted small">
          Static IP mapping is an advanced-mode setting (the basic wizard has no step for it).
        </p>
      )}
      {maps.map((m, k) => (
        <div key={k} className="inspector__inline">
          <PathField
            path={`${path}.staticMappings[${k}].isolatedIp`}
            kind="ipv4"
            label="Lab VM (isolated IP)"
          />
          <PathField path={`${path}.staticMappings[${k}].accessIp`} kind="ipv4" label="Access IP" />
          <button
            type="button"
            className="icon-btn"
            aria-label={`Remove the mapping of ${m.isolatedIp}`}
            onClick={() => act.setField(`${path}.staticMappings[${k}]`, undefined, 'Remove static mapping')}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        className="btn btn--ghost"
        onClick={() => {
          const access = freeAddress(store.getState().doc, prod, 100)?.split('/')[0] ?? '';
          act.seal();
          act.setField(
            `${path}.staticMappings[${maps.length}]`,
            { productionNetwork: prod, isolatedIp: '', accessIp: access },
            'Add static mapping',
          );
        }}
      >
        + Mapping
      </button>
    </div>
  );
}
