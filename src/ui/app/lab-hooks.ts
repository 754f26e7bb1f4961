/**
 * Narrow hooks on the designer's store: components read through selectors (`useLab(s => …)`) and
 * derived data (`useDerived()`), and change the document only through `useActions()` commands
 * (src/state/lab-store.ts).
 */
import { useContext, useDeferredValue } from 'react';
import { useStore } from 'zustand';
import type { Derived } from '../../state/derive.ts';
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
  const { store, derive } = useLabContext();
  const doc = useDeferredValue(useStore(store, (s) => s.doc));
  return derive(doc);
}
