/** The trace bar's question: from a device, to an address or a device, with a protocol and port. */
import { memo, useId, useMemo, type FormEvent } from 'react';
import type { Network } from '../../engine/model/network.ts';
import { destinationsOf } from './destinations.ts';
import { usePlayback } from './playback.ts';

/**
 * Memoised on the network: the trace bar re-renders on every drag frame, and this form's thousands of
 * options (a 3 000-machine lab) cost ~120 ms per second of dragging (issue 7).
 */
export const TraceForm = memo(function TraceForm({ network }: { readonly network: Network | undefined }) {
  const form = usePlayback((s) => s.form);
  const setForm = usePlayback((s) => s.setForm);
  const start = usePlayback((s) => s.start);
  const listId = useId();
  const devices = network?.devices ?? [];
  const destinations = useMemo(() => destinationsOf(network), [network]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    start();
  };
  return (
    <form className="trace-form" onSubmit={submit} aria-label="Trace a packet">
      <label className="trace-form__field">
        <span>From</span>
        <select
          value={form.from}
          onChange={(e) => setForm({ from: e.target.value })}
          data-testid="trace-from"
        >
          <option value="">device…</option>
          {devices.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name && d.name !== d.id ? `${d.id} — ${d.name}` : d.id}
            </option>
          ))}
        </select>
      </label>
      <label className="trace-form__field">
        <span>To</span>
        <input
          value={form.to}
          list={listId}
          placeholder="address or device"
          spellCheck={false}
          size={16}
          onChange={(e) => setForm({ to: e.target.value })}
          data-testid="trace-to"
        />
        <datalist id={listId}>
          {destinations.map((d) => (
            <option key={`${d.value} ${d.label}`} value={d.value}>
              {d.label}
            </option>
          ))}
          {devices.map((d) => (
            <option key={d.id} value={d.id} />
          ))}
        </datalist>
      </label>
      <label className="trace-form__field">
        <span>Protocol</span>
        <select
          value={form.proto}
          onChange={(e) => setForm({ proto: e.target.value as 'icmp' | 'tcp' | 'udp' })}
          data-testid="trace-proto"
        >
          <option value="icmp">ICMP echo</option>
          <option value="tcp">TCP SYN</option>
          <option value="udp">UDP</option>
        </select>
      </label>
      {form.proto !== 'icmp' && (
        <label className="trace-form__field">
          <span>Port</span>
          <input
            type="number"
            min={1}
            max={65535}
            value={form.dport ?? ''}
            size={5}
            onChange={(e) => {
              const n = e.target.valueAsNumber;
              setForm(Number.isNaN(n) ? { dport: undefined } : { dport: n });
            }}
            data-testid="trace-port"
          />
        </label>
      )}
      <button type="submit" className="btn btn--primary" data-testid="trace-run">
        Trace
      </button>
    </form>
  );
});
