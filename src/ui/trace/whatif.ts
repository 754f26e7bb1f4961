/** The workbench's what-if toggles (one set per page): the trace and the matrix both follow them. */
import { useStore } from 'zustand';
import { createWhatIfStore, type WhatIfState } from '../../state/whatif/whatif-store.ts';

export const whatIf = createWhatIfStore();

export function useWhatIf<T>(selector: (s: WhatIfState) => T): T {
  return useStore(whatIf, selector);
}
