import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ipv4 } from '../../engine/addr/ipv4.ts';
import type { WhatIfToggle } from '../../engine/whatif/toggles.ts';
import { loadLabValue } from '../../lab/load.ts';
import { computeMatrices, matrixCells } from './matrix-compute.ts';

const doc = () => {
  const r = loadLabValue(
    JSON.parse(
      readFileSync(
        path.resolve(import.meta.dirname, '../../../public/labs/surebackup-static-mapping.lab.json'),
        'utf8',
      ),
    ),
  );
  if (!r.ok) throw new Error('does not load');
  return r;
};
const rpf: WhatIfToggle = { kind: 'sysctl', device: 'vlab', key: 'net.ipv4.conf.all.rp_filter', value: 1 };

describe('computeMatrices (what the worker runs)', () => {
  it('compiles the lab itself when given only the lab (as in the worker), with progress', () => {
    const r = doc();
    const seen: [number, number][] = [];
    const a = computeMatrices({ doc: r.doc, toggles: [rpf], probe: { proto: 'icmp' } }, (d, t) =>
      seen.push([d, t]),
    );
    expect(a.error).toBe(null);
    const cells = matrixCells(r.doc, r.network);
    expect(cells).toBe(12);
    expect(a.before?.stats.cells).toBe(cells);
    expect(a.after?.stats.cells).toBe(cells);
    // both matrices: progress runs to twice the cells
    expect(seen.at(-1)).toEqual([2 * cells, 2 * cells]);
    expect(seen.every(([, t]) => t === 2 * cells)).toBe(true);
    expect(a.changes.filter((c) => c.flipped)).toHaveLength(5);
  });

  it('keeps the lab’s matrix it is given; the same answer as computing both', () => {
    const r = doc();
    const input = { doc: r.doc, expanded: r.expanded, network: r.network, probe: { proto: 'icmp' as const } };
    const base = computeMatrices({ ...input, toggles: [] });
    expect(base.after).toBe(null);
    const seen: [number, number][] = [];
    const kept = computeMatrices({ ...input, toggles: [rpf] }, (d, t) => seen.push([d, t]), base.before);
    expect(kept.before).toBe(base.before);
    expect(seen.at(-1)).toEqual([12, 12]);
    const fresh = computeMatrices({ ...input, toggles: [rpf] });
    expect(kept.changes).toEqual(fresh.changes);
  });

  it('a TCP probe without a port is an ICMP probe; an impossible toggle is an error', () => {
    const r = doc();
    const a = computeMatrices({
      doc: r.doc,
      network: r.network,
      expanded: r.expanded,
      toggles: [],
      probe: { proto: 'tcp' },
    });
    expect(a.before?.forward[0]![0]!.probe).toEqual({ from: 'vbs', to: ipv4('192.168.150.36') });
    const b = computeMatrices({
      doc: r.doc,
      toggles: [{ kind: 'ip-rule-off', device: 'vlab', index: 3 }],
      probe: { proto: 'icmp' },
    });
    expect(b.error).toBe('what-if: vlab has no ip rule 3');
    expect(b.before).not.toBe(null);
  });
});
