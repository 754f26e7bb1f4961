/** The browser's localStorage, or undefined when the browser refuses it (privacy settings, a sandbox). */
import type { StorageLike } from '../../state/persist/storage.ts';

export function browserStorage(): StorageLike | undefined {
  try {
    const s = globalThis.localStorage;
    if (!s) return undefined;
    s.getItem('natlab.current'); // throws when access is denied
    return s;
  } catch {
    return undefined;
  }
}
