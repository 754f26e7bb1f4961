/**
 * The running autosave (one per workbench) and its status, for the components that are not its owner:
 * the toolbar's save status and the Saved labs dialog (which flushes it and opens labs into it).
 */
import { createStore } from 'zustand/vanilla';
import type { Autosave, SaveStatus } from '../../state/persist/autosave.ts';

export type HubStatus = SaveStatus | { readonly kind: 'unavailable' };

export interface AutosaveHub {
  readonly controller?: Autosave;
  readonly status: HubStatus;
}

export const autosaveHub = createStore<AutosaveHub>()(() => ({ status: { kind: 'idle' } }));

/** Writes what is pending (before the Saved labs list is read or another lab is opened). */
export function flushAutosave(): void {
  autosaveHub.getState().controller?.flush();
}
