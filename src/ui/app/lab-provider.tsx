/** One store per open lab, provided to the workbench with its compiler and linter (hooks: lab-hooks.ts). */
import { useMemo, type ReactNode } from 'react';
import { compileDoc, memoOnTopology, type Compiled } from '../../state/derive.ts';
import type { Diagnostic } from '../../engine/vlab/lint/index.ts';
import { labActions, type LabStore } from '../../state/lab-store.ts';
import { EngineContext, LabContext, type DeferredEngine } from './lab-context.ts';

/** The linter memoized on the compiled lab (the compiler's memo hands back the same object while the topology holds). */
function memoLint(lint: (c: Compiled) => readonly Diagnostic[]): (c: Compiled) => readonly Diagnostic[] {
  const lints = new WeakMap<Compiled, readonly Diagnostic[]>();
  return (c) => {
    let d = lints.get(c);
    if (!d) lints.set(c, (d = lint(c)));
    return d;
  };
}

interface Props {
  readonly store: LabStore;
  /** The linter and the tracer; null while their code is loading. */
  readonly engine: DeferredEngine | null;
  readonly children: ReactNode;
}

export function LabProvider({ store, engine, children }: Props) {
  const lab = useMemo(
    () => ({ store, actions: labActions(store), compile: memoOnTopology(compileDoc) }),
    [store],
  );
  const deferred = useMemo(() => (engine ? { engine, lint: memoLint(engine.lintCompiled) } : null), [engine]);
  return (
    <LabContext.Provider value={lab}>
      <EngineContext.Provider value={deferred}>{children}</EngineContext.Provider>
    </LabContext.Provider>
  );
}
