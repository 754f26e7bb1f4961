/**
 * The what-if toggles the user has flipped (rules, routes, ip rules off; sysctls set). Ephemeral like
 * playback (architecture P8): never in the lab, its history or saved files. The what-if network and
 * matrix are derived from the expanded lab and these toggles (whatif-network.ts).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { flipToggle, setToggle, type WhatIfToggle } from '../../engine/whatif/toggles.ts';

export interface WhatIfState {
  readonly toggles: readonly WhatIfToggle[];
  /** Adds the toggle, or removes the one with its key (`toggleKey`). */
  toggle(t: WhatIfToggle): void;
  /** Adds the toggle, or replaces the one with its key (a sysctl's new value). */
  set(t: WhatIfToggle): void;
  /** Replaces every toggle (the what-if panel's onChange). */
  replace(toggles: readonly WhatIfToggle[]): void;
  clear(): void;
}

export type WhatIfStore = StoreApi<WhatIfState>;

const NONE: readonly WhatIfToggle[] = [];

export function createWhatIfStore(initial: readonly WhatIfToggle[] = NONE): WhatIfStore {
  return createStore<WhatIfState>()((set) => ({
    toggles: initial,
    toggle: (t) => set((s) => ({ toggles: flipToggle(s.toggles, t) })),
    set: (t) => set((s) => ({ toggles: setToggle(s.toggles, t) })),
    replace: (toggles) => set({ toggles: toggles.length ? toggles : NONE }),
    clear: () => set({ toggles: NONE }),
  }));
}
