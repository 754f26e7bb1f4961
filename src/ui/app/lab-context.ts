import { createContext } from 'react';
import type { Compiled } from '../../state/derive.ts';
import type { Diagnostic } from '../../engine/vlab/lint/index.ts';
import type { LabActions, LabState, LabStore } from '../../state/lab-store.ts';
import type * as Deferred from './deferred-engine.ts';

/** The engine code the designer loads after its first paint (deferred-engine.ts). */
export type DeferredEngine = typeof Deferred;

export interface LabContextValue {
  readonly store: LabStore;
  readonly actions: LabActions;
  /** Memoized on the topology (layout-only changes reuse it). */
  readonly compile: (doc: LabState['doc']) => Compiled;
}

export const LabContext = createContext<LabContextValue | null>(null);

/**
 * The linter and the tracer: null while their code is loading (the designer loads it right after its
 * first paint, engine-after-paint.tsx); meanwhile the loader's problems are shown and nothing traces.
 * A context of its own, so its arrival re-renders only what lints or traces.
 */
export interface EngineContextValue {
  readonly engine: DeferredEngine;
  /** The linter, memoized on the compiled lab. */
  readonly lint: (c: Compiled) => readonly Diagnostic[];
}

export const EngineContext = createContext<EngineContextValue | null>(null);
