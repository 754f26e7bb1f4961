/**
 * The lab's store with the whole engine at hand from the start (linter and tracer imported statically):
 * what components and their tests render under. The designer itself renders under
 * LabProviderAfterPaint (engine-after-paint.tsx), which keeps that code out of the initial load.
 */
import type { ReactNode } from 'react';
import type { LabStore } from '../../state/lab-store.ts';
import * as engine from './deferred-engine.ts';
import { LabProvider } from './lab-provider.tsx';

export function LabStoreProvider({ store, children }: { store: LabStore; children: ReactNode }) {
  return (
    <LabProvider store={store} engine={engine}>
      {children}
    </LabProvider>
  );
}
