import { createContext } from 'react';
import type { Compiled } from '../../state/derive.ts';
import type { Diagnostic } from '../../engine/vlab/lint/index.ts';
import type { LabActions, LabState, LabStore } from '../../state/lab-store.ts';

export interface LabContextValue {
  readonly store: LabStore;
  readonly actions: LabActions;
  /** Memoized on the topology (layout-only changes reuse it). */
  readonly compile: (doc: LabState['doc']) => Compiled;
  /** Memoized on the compiled lab. */
  readonly lint: (c: Compiled) => readonly Diagnostic[];
}

export const LabContext = createContext<LabContextValue | null>(null);
