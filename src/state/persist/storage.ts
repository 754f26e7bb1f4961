/**
 * The storage the designer saves into: anything shaped like the Web Storage API (`localStorage` in
 * the browser, {@link memoryStorage} in tests). Every access goes through {@link tryStorage}, so a full
 * quota or a storage the browser refuses (private mode, a sandboxed frame) comes back as a
 * {@link StorageProblem} and is never thrown into the UI.
 */

export interface StorageLike {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface StorageProblem {
  /**
   * `quota`: the browser's storage for this site is full; `unavailable`: the browser refuses storage;
   * `missing`: no saved lab by that id; `unreadable`: the saved text is not a lab natlab can change.
   */
  readonly kind: 'quota' | 'unavailable' | 'missing' | 'unreadable';
  readonly message: string;
}

export type Stored<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: StorageProblem };

export const QUOTA_MESSAGE =
  "the browser's storage for natlab is full: delete saved labs you no longer need (Saved labs) or download this lab";

export function isQuotaError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const { name, code } = e as { name?: unknown; code?: unknown };
  // Chrome/Safari: QuotaExceededError (code 22); old Firefox: NS_ERROR_DOM_QUOTA_REACHED (code 1014)
  return (
    name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || code === 22 || code === 1014
  );
}

export function storageProblem(e: unknown): StorageProblem {
  if (isQuotaError(e)) return { kind: 'quota', message: QUOTA_MESSAGE };
  const why = e instanceof Error ? e.message : String(e);
  return { kind: 'unavailable', message: `the browser refused to store the lab (${why})` };
}

/** Runs one storage access; an exception becomes a {@link StorageProblem}. */
export function tryStorage<T>(f: () => T): Stored<T> {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    return { ok: false, problem: storageProblem(e) };
  }
}

/** Every key of a storage (a snapshot: safe to change the storage while walking it). */
export function storageKeys(storage: StorageLike): string[] {
  const out: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const k = storage.key(i);
    if (k !== null) out.push(k);
  }
  return out;
}

export interface MemoryStorage extends StorageLike {
  /** The stored entries (a copy), for tests. */
  dump(): Record<string, string>;
}

/**
 * A Storage in memory. `quota` (in UTF-16 code units of keys and values, as browsers count) makes
 * setItem throw a QuotaExceededError like a full localStorage does.
 */
export function memoryStorage(
  init: Record<string, string> = {},
  opts: { quota?: number } = {},
): MemoryStorage {
  const map = new Map<string, string>(Object.entries(init));
  const used = () => [...map].reduce((n, [k, v]) => n + k.length + v.length, 0);
  return {
    get length() {
      return map.size;
    },
    key: (i) => [...map.keys()][i] ?? null,
    getItem: (k) => map.get(k) ?? null,
    setItem(k, v) {
      const value = String(v);
      if (opts.quota !== undefined) {
        const after = used() - (map.has(k) ? k.length + map.get(k)!.length : 0) + k.length + value.length;
        if (after > opts.quota) {
          const e = new Error(`Setting the value of '${k}' exceeded the quota.`);
          e.name = 'QuotaExceededError';
          throw e;
        }
      }
      map.set(k, value);
    },
    removeItem: (k) => void map.delete(k),
    dump: () => Object.fromEntries(map),
  };
}
