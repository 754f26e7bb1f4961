/**
 * Narrow hooks on the designer's store: components read through selectors (`useLab(s => …)`) and
 * derived data (`useDerived()`), and change the document only through `useActions()` commands
 * (src/state/lab-store.ts).
 */
import { useContext, useDeferredValue } from 'react';
import { useStore } from 'zustand';
import { derivedOf, type Derived } from '../../state/derive.ts';
import type { Diagnostic } from '../../engine/vlab/lint/index.ts';
import { useLintResults, usesLintWorker } from './lint-results.ts';
import type { LabActions, LabState, LabStore } from '../../state/lab-store.ts';
import { EngineContext, LabContext, type DeferredEngine, type LabContextValue } from './lab-context.ts';

function useLabContext(): LabContextValue {
  const v = useContext(LabContext);
  if (!v) throw new Error('useLab outside a lab provider (LabProvider)');
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

/** The linter and the tracer; null in the moments after the designer opens, while their code loads. */
export function useDeferredEngine(): DeferredEngine | null {
  return useContext(EngineContext)?.engine ?? null;
}

/**
 * Compiled network, provenance and diagnostics of the current document (memoized; layout-only changes
 * reuse it). Deferred: a keystroke paints first, then the lab is recompiled (on a 500-router lab that
 * takes a few hundred ms — docs/benchmarks.md), so typing and dragging never wait for the compiler.
 */
export function useDerived(): Derived {
  const { store, compile } = useLabContext();
  const lint = useContext(EngineContext)?.lint;
  const doc = useDeferredValue(useStore(store, (s) => s.doc));
  const compiled = compile(doc);
  const big = usesLintWorker(doc);
  const fromWorker = useLintResults((s) => s.diagnostics);
  // until the linter has loaded (engine-after-paint.tsx), the loader's own problems
  const diagnostics = big ? fromWorker : lint ? lint(compiled) : compiled.loadDiagnostics;
  // no problems is always the same list: a clean lab's canvas does not redraw when the linter arrives
  return derivedOf(compiled, diagnostics.length ? diagnostics : NO_DIAGNOSTICS);
}

const NO_DIAGNOSTICS: readonly Diagnostic[] = [];

/**
 * Whether the diagnostics shown are still being computed for the latest edit (big labs), or the
 * linter's code has not arrived yet (the first moments after the designer opens).
 */
export function useLintPending(): boolean {
  const big = useStore(useLabContext().store, (s) => usesLintWorker(s.doc));
  const pending = useLintResults((s) => s.pending);
  const linter = useContext(EngineContext) !== null;
  return big ? pending : !linter;
}
