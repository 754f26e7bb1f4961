/** One store per open lab, provided to the workbench (hooks: lab-hooks.ts). */
import { useMemo, type ReactNode } from 'react';
import { createDeriveMemo } from '../../state/derive.ts';
import { labActions, type LabStore } from '../../state/lab-store.ts';
import { LabContext } from './lab-context.ts';

export function LabStoreProvider({ store, children }: { store: LabStore; children: ReactNode }) {
  const value = useMemo(() => ({ store, actions: labActions(store), derive: createDeriveMemo() }), [store]);
  return <LabContext.Provider value={value}>{children}</LabContext.Provider>;
}
