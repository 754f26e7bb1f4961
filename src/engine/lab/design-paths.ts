/** Paths of a design's expansion read as the design fields that produced them (compileLab's provenance). */
import type { DesignProvenance } from '../vlab/compile-design.ts';

/**
 * The design field behind a path of an expanded document: the provenance of the path or of the
 * nearest element containing it; the path itself for a drawn element.
 */
export function designPathOf(path: string, design: DesignProvenance): string {
  return designPaths(design)(path);
}

/**
 * {@link designPathOf} for many paths of one expansion: the answer for each containing path is kept,
 * so the provenance of 10 000 routes of a device walks `devices[7].routes` and `devices[7]` once.
 */
export function designPaths(design: DesignProvenance): (path: string) => string {
  const found = new Map<string, string | null>();
  const lookup = (p: string): string | null => {
    let d = found.get(p);
    if (d !== undefined) return d;
    d = design.get(p) ?? null;
    if (d === null) {
      const parent = p.replace(/(\["(?:[^"\\]|\\.)*"\]|\[\d+\]|\.[^.[]+)$/, '');
      if (parent !== p && parent !== '') d = lookup(parent);
    }
    found.set(p, d);
    return d;
  };
  return (path) => lookup(path) ?? path;
}

/**
 * A provenance map of the expanded lab read through the design's provenance, one entry at a time:
 * remapping every path up front cost ~15 % of compiling a 100-network design (tens of thousands of
 * generated routes), while the rules panel and the linter ask for a few of them.
 */
export class DesignPathMap<K> implements ReadonlyMap<K, string> {
  constructor(
    private readonly inner: ReadonlyMap<K, string>,
    private readonly at: (path: string) => string,
  ) {}
  get size(): number {
    return this.inner.size;
  }
  get(k: K): string | undefined {
    const p = this.inner.get(k);
    return p === undefined ? undefined : this.at(p);
  }
  has(k: K): boolean {
    return this.inner.has(k);
  }
  *entries(): MapIterator<[K, string]> {
    for (const [k, p] of this.inner) yield [k, this.at(p)];
  }
  keys(): MapIterator<K> {
    return this.inner.keys();
  }
  *values(): MapIterator<string> {
    for (const p of this.inner.values()) yield this.at(p);
  }
  forEach(f: (value: string, key: K, map: ReadonlyMap<K, string>) => void): void {
    for (const [k, p] of this.inner) f(this.at(p), k, this);
  }
  [Symbol.iterator](): MapIterator<[K, string]> {
    return this.entries();
  }
}
