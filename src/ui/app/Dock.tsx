/** The panels under the canvas, as tabs: Rules, Problems, Address plan. */
import { Suspense, type ReactNode } from 'react';
import { useDerived } from './lab-hooks.ts';
import { DockResizer } from './DockResizer.tsx';
import { useUi, type DockTab } from './ui-state.ts';

interface Tab {
  readonly id: DockTab;
  readonly label: string;
  readonly panel: ReactNode;
}

export function Dock({ tabs }: { readonly tabs: readonly Tab[] }) {
  const active = useUi((s) => s.dockTab);
  const open = useUi((s) => s.dockOpen);
  const show = useUi((s) => s.showDock);
  const toggle = useUi((s) => s.toggleDock);
  const diagnostics = useDerived().diagnostics;
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const current = tabs.find((t) => t.id === active) ?? tabs[0]!;
  const height = useUi((s) => s.dockHeight);
  return (
    <section
      className={`dock${open ? '' : ' dock--closed'}`}
      aria-label="Panels"
      style={open && height !== null ? { height } : undefined}
    >
      {open && <DockResizer />}
      <div className="tabs dock__tabs" role="tablist">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`dock-tab-${t.id}`}
            aria-selected={open && t.id === current.id}
            aria-controls="dock-panel"
            className="tab"
            data-testid={`dock-tab-${t.id}`}
            onClick={() => (open && t.id === current.id ? toggle() : show(t.id))}
          >
            {t.label}
            {t.id === 'problems' && diagnostics.length > 0 && (
              <span className={`badge${errors ? ' badge--error' : ' badge--warning'}`}>
                {diagnostics.length}
              </span>
            )}
          </button>
        ))}
        <button
          type="button"
          className="icon-btn dock__toggle"
          aria-label={open ? 'Hide panels' : 'Show panels'}
          title={open ? 'Hide panels' : 'Show panels'}
          onClick={toggle}
        >
          {open ? '▾' : '▴'}
        </button>
      </div>
      {open && (
        <div
          className="dock__panel"
          role="tabpanel"
          id="dock-panel"
          aria-labelledby={`dock-tab-${current.id}`}
        >
          <Suspense fallback={<p className="muted">Loading…</p>}>{current.panel}</Suspense>
        </div>
      )}
    </section>
  );
}
