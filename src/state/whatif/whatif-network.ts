/**
 * The network of a what-if: the expanded lab with the toggles applied, compiled. Memoized on the
 * expanded lab's identity and the toggles' content, so re-rendering with the same toggles compiles
 * nothing; with no toggles it is the lab's own network (`base`), the very same object.
 */
import type { LabDocument } from '../../engine/lab/format.ts';
import type { Network } from '../../engine/model/network.ts';
import { err, ok, type Result } from '../../engine/util/result.ts';
import { whatIfCompile } from '../../engine/whatif/apply.ts';
import { toggleKey, type WhatIfToggle } from '../../engine/whatif/toggles.ts';

interface Entry {
  readonly expanded: LabDocument;
  readonly key: string;
  readonly value: Result<Network>;
}

/** The toggles as one string (a sysctl's value included): equal toggles, equal key. */
export function togglesKey(toggles: readonly WhatIfToggle[]): string {
  return toggles.map((t) => `${toggleKey(t)}${t.kind === 'sysctl' ? `=${t.value}` : ''}`).join('\n');
}

/** A what-if network memo (the last few expanded labs and toggle sets). */
export function createWhatIfNetworkMemo(size = 4) {
  let entries: Entry[] = [];
  const baseOf = new WeakMap<LabDocument, Result<Network>>();
  return (
    expanded: LabDocument | undefined,
    toggles: readonly WhatIfToggle[],
    base?: Network,
  ): Result<Network> => {
    if (!expanded) return base ? ok(base) : err('the lab does not compile');
    if (!toggles.length) {
      if (base) return ok(base);
      let b = baseOf.get(expanded);
      if (!b) baseOf.set(expanded, (b = whatIfCompile(expanded, [])));
      return b;
    }
    const key = togglesKey(toggles);
    const hit = entries.find((e) => e.expanded === expanded && e.key === key);
    if (hit) return hit.value;
    const value = whatIfCompile(expanded, toggles);
    entries = [{ expanded, key, value }, ...entries].slice(0, size);
    return value;
  };
}

/** The shared memo: `whatIfNetwork(expanded, toggles, base?)`. */
export const whatIfNetwork = createWhatIfNetworkMemo();
