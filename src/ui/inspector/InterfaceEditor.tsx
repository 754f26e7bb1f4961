/** One interface: its name, the network it is plugged into, its addresses. */
import type { InterfaceDoc } from '../../engine/lab/format.ts';
import { valueAt } from '../../state/paths.ts';
import { PathField } from '../components/PathField.tsx';
import { PathSelect } from '../components/PathSelect.tsx';
import { freeAddress } from '../../state/commands/addresses.ts';
import { useActions, useLab, useLabStore } from '../app/lab-hooks.ts';

export function InterfaceEditor({ path }: { readonly path: string }) {
  const iface = useLab((s) => valueAt(s.doc, path) as InterfaceDoc | undefined);
  const segments = useLab((s) => s.doc.segments);
  const act = useActions();
  const store = useLabStore();
  if (!iface) return null;
  const addrs = iface.addresses ?? [];
  return (
    <fieldset className="inspector__iface" data-testid={`iface-${iface.name}`}>
      <legend className="mono">{iface.name}</legend>
      <div className="inspector__row">
        <PathField path={`${path}.name`} kind="ifname" label="Name" />
        <PathSelect
          path={`${path}.segment`}
          label="Network"
          optional="— unplugged —"
          options={segments.map((s) => ({ value: s.id, label: s.name ?? s.id }))}
        />
      </div>
      {addrs.map((a, k) =>
        typeof a === 'string' ? (
          <div key={k} className="inspector__inline">
            <PathField
              path={`${path}.addresses[${k}]`}
              kind="address"
              label={k === 0 ? 'Address' : `Address ${k + 1}`}
              placeholder="192.168.149.22/24"
              testId={`field-address-${iface.name}-${k}`}
            />
            <button
              type="button"
              className="icon-btn"
              aria-label={`Remove address ${a}`}
              onClick={() => act.setField(`${path}.addresses[${k}]`, undefined, 'Remove address')}
            >
              ×
            </button>
          </div>
        ) : (
          <PathField
            key={k}
            path={`${path}.addresses[${k}].address`}
            kind="address"
            label={`Address ${k + 1}`}
          />
        ),
      )}
      <button
        type="button"
        className="btn btn--ghost"
        onClick={() => {
          act.seal();
          const doc = store.getState().doc;
          const proposal = iface.segment ? freeAddress(doc, iface.segment) : undefined;
          act.setField(`${path}.addresses[${addrs.length}]`, proposal ?? '', 'Add address');
        }}
      >
        + Address
      </button>
    </fieldset>
  );
}
