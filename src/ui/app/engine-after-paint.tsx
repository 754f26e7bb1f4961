/**
 * The designer's lab provider: the canvas paints with the compiled lab and the loader's problems; the
 * linter and the tracer (deferred-engine.ts) are imported once the workbench has mounted, so their code
 * and the first lint run do not delay the first interactive canvas. From then on everything is
 * synchronous, as under LabStoreProvider.
 */
import { startTransition, useEffect, useState, type ReactNode } from 'react';
import { labActions, type LabStore } from '../../state/lab-store.ts';
import type { DeferredEngine } from './lab-context.ts';
import { LabProvider } from './lab-provider.tsx';

/**
 * Runs `fn` once the browser is idle (the canvas has laid out and painted its nodes), at the latest
 * after a second; where requestIdleCallback is missing (Safari), after the next frames.
 */
function whenIdle(fn: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(fn, { timeout: 1000 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(fn, 100);
  return () => clearTimeout(id);
}

/** The deferred engine, imported once the designer has painted; null until it has arrived. */
function useEngineAfterPaint(store: LabStore): DeferredEngine | null {
  const [engine, setEngine] = useState<DeferredEngine | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      import('./deferred-engine.ts').then(
        (m) => {
          // a transition: React renders the lint's results in slices, between the user's inputs
          if (live) startTransition(() => setEngine(m));
        },
        (e: unknown) =>
          live &&
          labActions(store).notify({
            tone: 'error',
            text: `Part of natlab did not load (${e instanceof Error ? e.message : String(e)}): the lab's problems are not checked and traces do not run. Reload the page.`,
          }),
      );
    const cancel = whenIdle(load);
    return () => {
      live = false;
      cancel();
    };
  }, [store]);
  return engine;
}

export function LabProviderAfterPaint({ store, children }: { store: LabStore; children: ReactNode }) {
  return (
    <LabProvider store={store} engine={useEngineAfterPaint(store)}>
      {children}
    </LabProvider>
  );
}
