/**
 * The right-click menu of a card: trace from it or to it. "Trace to here" traces from the trace bar's
 * source (or the selected machine); "Trace from here" to the trace bar's destination.
 */
import { useEffect, useRef } from 'react';
import { playback } from '../trace/playback.ts';

export interface MenuAt {
  readonly x: number;
  readonly y: number;
  readonly id: string;
  /** Another selected machine, the natural other end of the flow. */
  readonly other?: string;
}

export function NodeMenu({ at, onClose }: { readonly at: MenuAt; readonly onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector('button')?.focus();
    const away = (e: Event) => {
      if (!(e.target instanceof Node) || !ref.current?.contains(e.target)) onClose();
    };
    const key = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('pointerdown', away, true);
    window.addEventListener('keydown', key);
    return () => {
      window.removeEventListener('pointerdown', away, true);
      window.removeEventListener('keydown', key);
    };
  }, [onClose]);
  const p = playback.getState();
  const from = p.form.from && p.form.from !== at.id ? p.form.from : at.other;
  const to = p.form.to && p.form.to !== at.id ? p.form.to : at.other;
  const run = (req: { from: string; to: string }) => {
    p.start({ ...p.form, ...req });
    onClose();
  };
  return (
    <div
      ref={ref}
      className="node-menu"
      role="menu"
      aria-label={`${at.id} actions`}
      style={{ left: at.x, top: at.y }}
      data-testid="node-menu"
    >
      <button type="button" role="menuitem" disabled={!from} onClick={() => from && run({ from, to: at.id })}>
        Trace to here{from ? ` from ${from}` : ' (pick a source first)'}
      </button>
      <button type="button" role="menuitem" disabled={!to} onClick={() => to && run({ from: at.id, to })}>
        Trace from here{to ? ` to ${to}` : ' (pick a destination first)'}
      </button>
      {(['from', 'to'] as const).map((end) => (
        <button
          key={end}
          type="button"
          role="menuitem"
          onClick={() => {
            p.setForm({ [end]: at.id });
            onClose();
          }}
        >
          Use as the trace {end === 'from' ? 'source' : 'destination'}
        </button>
      ))}
    </div>
  );
}
