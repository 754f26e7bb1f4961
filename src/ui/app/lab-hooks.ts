/**
 * Narrow hooks on the designer's store: components read through selectors (`useLab(s => …)`) and
 * derived data (`useDerived()`), and change the document only through `useActions()` commands
 * (src/state/lab-store.ts).
 */
import { useContext, useDeferredValue } from 'react';
import { useStore } from 'zustand';
import { derivedOf, type Derived } from '../../state/derive.ts';
import { useLintResults, usesLintWorker } from './lint-results.ts';
import type { LabActions, LabState, LabStore } from '../../state/lab-store.ts';
import { LabContext, type LabContextValue } from './lab-context.ts';

function useLabContext(): LabContextValue {
  const v = useContext(LabContext);
  if (!v) throw new Error('useLab outside <LabStoreProvider>');
  return v;
}

/** A slice of the store; re-renders when the selected value changes (Object.is). */
export function useLab<T>(selector: (s: LabState) => T): T {
  return useStore(useLabContext().store, selector);
}

export function useActions(): LabActions {
  return useLabContext().actions;
}

export function useLabStore(): LabStore {
  return useLabContext().store;
}

/**
 * Compiled network, provenance and diagnostics of the current document (memoized; layout-only changes
 * reuse it). Deferred: a keystroke paints first, then the lab is recompiled (on a 500-router lab that
 * takes a few hundred ms — docs/benchmarks.md), so typing and dragging never wait for the compiler.
 */
export function useDerived(): Derived {
  const { store, compile, lint } = useLabContext();
  const doc = useDeferredValue(useStore(store, (s) => s.doc));
  const compiled = compile(doc);
  const big = usesLintWorker(doc);
  const fromWorker = useLintResults((s) => s.diagnostics);
  return derivedOf(compiled, big ? fromWorker : lint(compiled));
}

/** Whether the diagnostics shown are still being computed for the latest edit (big labs). */
export function useLintPending(): boolean {
  return useLintResults((s) => s.pending);
}
