/**
 * The workbench's own state (which dock tab and dialog are open, the theme): UI chrome only — never
 * in the lab document, history or saved files.
 */
import { create } from 'zustand';

export type DockTab = 'trace' | 'rules' | 'problems' | 'address-plan' | 'matrix' | 'console' | 'capture';
export type DialogName = 'export' | 'import' | 'new-lab' | 'saved-labs' | 'share' | 'workshop';
export type Theme = 'light' | 'dark' | 'system';

interface UiState {
  readonly dockTab: DockTab;
  readonly dockOpen: boolean;
  readonly dialog: DialogName | null;
  readonly theme: Theme;
  /** The dock's height in px, once the user dragged its edge (null: the stylesheet's default). */
  readonly dockHeight: number | null;
  setDockHeight(px: number | null): void;
  showDock(tab: DockTab): void;
  toggleDock(): void;
  openDialog(d: DialogName | null): void;
  setTheme(t: Theme): void;
}

const THEME_KEY = 'natlab.theme';

function initialTheme(): Theme {
  try {
    const t = globalThis.localStorage?.getItem(THEME_KEY);
    if (t === 'light' || t === 'dark' || t === 'system') return t;
  } catch {
    /* storage unavailable */
  }
  return 'system';
}

export const useUi = create<UiState>()((set) => ({
  dockTab: 'rules',
  dockOpen: true,
  dialog: null,
  theme: initialTheme(),
  dockHeight: null,
  setDockHeight: (dockHeight) => set({ dockHeight }),
  showDock: (dockTab) => set({ dockTab, dockOpen: true }),
  toggleDock: () => set((s) => ({ dockOpen: !s.dockOpen })),
  openDialog: (dialog) => set({ dialog }),
  setTheme: (theme) => {
    try {
      globalThis.localStorage?.setItem(THEME_KEY, theme);
    } catch {
      /* storage unavailable */
    }
    set({ theme });
  },
}));
