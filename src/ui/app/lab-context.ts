import { createContext } from 'react';
import type { Derived } from '../../state/derive.ts';
import type { LabActions, LabState, LabStore } from '../../state/lab-store.ts';

export interface LabContextValue {
  readonly store: LabStore;
  readonly actions: LabActions;
  readonly derive: (doc: LabState['doc']) => Derived;
}

export const LabContext = createContext<LabContextValue | null>(null);
