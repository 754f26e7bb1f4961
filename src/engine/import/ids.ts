/**
 * Lab ids from namespace names: the common `xxx-` prefix of all namespaces is removed (`kt-vbs` → `vbs`),
 * as natlab's exporter and most lab scripts prefix them to avoid collisions; a natlab-generated script
 * says which prefix it used. Ids are then made valid (`^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$`) and unique.
 */
import type { Preamble } from './natlab-preamble.ts';

/** The prefix to strip from every namespace name ('' for none). */
export function namespacePrefix(names: readonly string[], preamble: Preamble): string {
  const fromNatlab = natlabPrefix(names, preamble);
  if (fromNatlab !== null) return fromNatlab;
  if (names.length < 2) return '';
  let lcp = names[0]!;
  for (const n of names) {
    let i = 0;
    while (i < lcp.length && i < n.length && lcp[i] === n[i]) i++;
    lcp = lcp.slice(0, i);
  }
  for (let cut = lcp.lastIndexOf('-'); cut >= 0; cut = lcp.lastIndexOf('-', cut - 1)) {
    const p = lcp.slice(0, cut + 1);
    if (names.every((n) => n.length > p.length)) return p;
    if (cut === 0) break;
  }
  return '';
}

/** A natlab script: its devices are the last entries of `NSS=(…)`, each PREFIX + the id of its comment. */
function natlabPrefix(names: readonly string[], p: Preamble): string | null {
  const nss = p.namespaces;
  if (!p.generated || !nss || p.devices.length === 0 || p.devices.length > nss.length) return null;
  const first = nss[nss.length - p.devices.length]!;
  const id0 = p.devices[0]!.id;
  if (!first.endsWith(id0)) return null;
  const prefix = first.slice(0, first.length - id0.length);
  const ok =
    p.devices.every((d, i) => nss[nss.length - p.devices.length + i] === prefix + d.id) &&
    names.every((n) => n.startsWith(prefix) && n.length > prefix.length);
  return ok ? prefix : null;
}

/** Hands out valid, unique ids. */
export class IdAllocator {
  private readonly used = new Set<string>();

  /** A valid id as close to `want` as possible, and whether it had to change. */
  take(want: string): { id: string; changed: boolean } {
    let base = want
      .replace(/[^A-Za-z0-9_.-]/g, '_')
      .replace(/^[^A-Za-z0-9]+/, '')
      .slice(0, 32);
    if (base === '') base = 'ns';
    let id = base;
    for (let k = 2; this.used.has(id); k++) {
      const suffix = `-${k}`;
      id = `${base.slice(0, 32 - suffix.length)}${suffix}`;
    }
    this.used.add(id);
    return { id, changed: id !== want };
  }
}
