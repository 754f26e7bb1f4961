/** Applies the chosen theme to the document (`data-theme` on <html>; "system" follows the OS). */
import { useEffect, type ReactNode } from 'react';
import { useUi } from './ui-state.ts';

export function ThemeRoot({ children }: { readonly children: ReactNode }) {
  const theme = useUi((s) => s.theme);
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
  return <>{children}</>;
}
