/**
 * Which flows a what-if changes: the cells of two reachability matrices (before, after) whose verdict,
 * outcome or reason differ, matched by their key (client, VM, path, address).
 */
import type { ReachCell, ReachMatrix } from '../vlab/reach-matrix.ts';

export interface CellChange {
  readonly key: string;
  readonly dir: ReachCell['dir'];
  /** Absent when the cell exists on one side only. */
  readonly before: ReachCell | null;
  readonly after: ReachCell | null;
  /** ✓ became ✗ or the reverse (otherwise only the reason changed). */
  readonly flipped: boolean;
}

const cellsOf = (m: ReachMatrix): ReachCell[] => [...m.forward.flat(), ...m.reverse.flat()];

export function diffMatrix(before: ReachMatrix, after: ReachMatrix): CellChange[] {
  const was = new Map(cellsOf(before).map((c) => [c.key, c]));
  const out: CellChange[] = [];
  const seen = new Set<string>();
  for (const c of cellsOf(after)) {
    seen.add(c.key);
    const b = was.get(c.key) ?? null;
    if (b && b.ok === c.ok && b.outcome === c.outcome && b.reason === c.reason) continue;
    out.push({ key: c.key, dir: c.dir, before: b, after: c, flipped: !b || b.ok !== c.ok });
  }
  for (const [key, b] of was)
    if (!seen.has(key)) out.push({ key, dir: b.dir, before: b, after: null, flipped: true });
  return out;
}
