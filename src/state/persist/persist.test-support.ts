import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { LabDocument } from '../../engine/lab/format.ts';
import { loadLab } from '../../lab/load.ts';
import type { StorageLike } from './storage.ts';

const LABS = path.resolve(import.meta.dirname, '../../../public/labs');

/** Every example lab in public/labs/, as natlab opens it (migrated). */
export function exampleLabs(): { file: string; doc: LabDocument }[] {
  return readdirSync(LABS)
    .filter((f) => f.endsWith('.lab.json'))
    .sort()
    .map((file) => {
      const r = loadLab(readFileSync(path.join(LABS, file), 'utf8'));
      if (!r.doc) throw new Error(`${file} does not load`);
      return { file, doc: r.doc };
    });
}

/** Wraps a storage and counts the writes of each key. */
export function countingStorage(inner: StorageLike) {
  const writes = new Map<string, number>();
  const storage: StorageLike = {
    get length() {
      return inner.length;
    },
    key: (i) => inner.key(i),
    getItem: (k) => inner.getItem(k),
    setItem(k, v) {
      writes.set(k, (writes.get(k) ?? 0) + 1);
      inner.setItem(k, v);
    },
    removeItem: (k) => inner.removeItem(k),
  };
  return { storage, writes, labWrites: () => [...writes].filter(([k]) => k.startsWith('natlab.lab.')) };
}

/** A storage whose every access throws, like localStorage in a sandboxed frame. */
export const refusingStorage: StorageLike = {
  get length(): number {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  },
  key() {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  },
  getItem() {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  },
  setItem() {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  },
  removeItem() {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  },
};
