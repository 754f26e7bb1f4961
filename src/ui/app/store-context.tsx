/** One store per open lab, provided to the workbench (hooks: lab-hooks.ts). */
import { useMemo, type ReactNode } from 'react';
import { compileDoc, lintCompiled, memoOnTopology, type Compiled } from '../../state/derive.ts';
import type { Diagnostic } from '../../engine/vlab/lint/index.ts';
import { labActions, type LabStore } from '../../state/lab-store.ts';
import { LabContext } from './lab-context.ts';

export function LabStoreProvider({ store, children }: { store: LabStore; children: ReactNode }) {
  const value = useMemo(() => {
    const lints = new WeakMap<Compiled, readonly Diagnostic[]>();
    const lint = (c: Compiled) => {
      let d = lints.get(c);
      if (!d) lints.set(c, (d = lintCompiled(c)));
      return d;
    };
    return { store, actions: labActions(store), compile: memoOnTopology(compileDoc), lint };
  }, [store]);
  return <LabContext.Provider value={value}>{children}</LabContext.Provider>;
}
