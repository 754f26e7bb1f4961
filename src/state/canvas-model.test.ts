import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LabDocument } from '../engine/lab/format.ts';
import { loadLab } from '../lab/load.ts';
import { autoLayout } from './auto-layout.ts';
import { canvasModel, createCanvasModel, problemsByOwner } from './canvas-model.ts';
import { deriveLab } from './lint-lab.ts';
import { produce } from 'immer';

const lab = (name: string) => {
  const r = loadLab(
    readFileSync(path.resolve(import.meta.dirname, `../../public/labs/${name}.lab.json`), 'utf8'),
  );
  if (!r.ok) throw new Error(name);
  return r;
};

describe('canvas model', () => {
  it('draws the seed lab: networks, machines, the appliance, a link per plugged interface', () => {
    const r = lab('surebackup-basic');
    const m = canvasModel({ doc: r.doc, expanded: r.expanded });
    expect(m.nodes.map((n) => `${n.type}:${n.id}`)).toEqual([
      'network:prod',
      'network:iso',
      'device:gateway',
      'device:vbs',
      'device:sf0006',
      'device:sf0006-copy',
      'appliance:vlab',
    ]);
    expect(m.unplaced).toEqual([]);
    const looks = m.nodes.flatMap((n) => (n.type === 'device' ? [[n.id, n.data.look]] : []));
    expect(looks).toEqual([
      ['gateway', 'production-gateway'],
      ['vbs', 'backup-server'],
      ['sf0006', 'host'],
      ['sf0006-copy', 'host'],
    ]);
    expect(m.links.map((l) => [l.id, l.label, l.targetHandle])).toEqual([
      ['gateway:eth0', '192.168.149.2/24', 'top'],
      ['vbs:eth0', '192.168.149.22/24', 'top'],
      ['sf0006:eth0', '192.168.149.36/24', 'top'],
      ['sf0006-copy:eth0', '192.168.149.36/24', 'bottom'],
      // the appliance's addresses come from the expanded lab: eth0 on production, the vNIC = gateway
      ['vlab=>prod', '192.168.149.50/24', 'bottom'],
      ['vlab=>iso', '192.168.149.2/24', 'top'],
    ]);
    const iso = m.nodes.find((n) => n.id === 'iso');
    expect(iso?.type === 'network' && iso.data).toMatchObject({
      kind: 'isolated',
      copyOf: 'VM Network',
      masquerade: '192.168.150.0/24',
      subnet: '192.168.149.0/24',
    });
  });

  it('marks items with problems, worst first', () => {
    const r = lab('surebackup-basic');
    const broken = produce(r.doc, (d) => {
      d.virtualLabs![0]!.isolatedNetworks[0]!.masquerade = '192.168.149.0/24';
    });
    const problems = problemsByOwner(deriveLab(broken).diagnostics);
    expect(problems.get('virtualLabs[0]')).toBe('error');
    const m = canvasModel({ doc: broken, problems });
    expect(m.nodes.find((n) => n.id === 'vlab')?.data.problems).toBe('error');
  });

  it('places a lab without positions with dagre: networks above and below their machines', () => {
    const r = lab('surebackup-basic');
    const bare: LabDocument = { ...r.doc, layout: {} };
    expect(canvasModel({ doc: bare }).unplaced).toHaveLength(7);
    const placed = produce(bare, (d) => autoLayout(d));
    const m = canvasModel({ doc: placed });
    expect(m.unplaced).toEqual([]);
    const y = (id: string) => m.nodes.find((n) => n.id === id)!.y;
    expect(y('prod')).toBeLessThan(y('vlab'));
    expect(y('vlab')).toBeLessThan(y('iso'));
    expect(y('iso')).toBeLessThan(y('sf0006-copy'));
    // no two items on the same spot
    const spots = new Set(m.nodes.map((n) => `${n.x},${n.y}`));
    expect(spots.size).toBe(m.nodes.length);
  });

  it('keeps the objects of items a drag does not touch, and rebuilds the moved card and its links', () => {
    const r = lab('surebackup-basic');
    const model = createCanvasModel();
    const before = model({ doc: r.doc, expanded: r.expanded });
    expect(model({ doc: r.doc, expanded: r.expanded })).toBe(before);
    const moved = produce(r.doc, (d) => {
      d.layout!.sf0006!.x += 30;
    });
    const after = model({ doc: moved, expanded: r.expanded });
    const changed = after.nodes.filter((n, i) => n !== before.nodes[i]).map((n) => n.id);
    expect(changed).toEqual(['sf0006']);
    expect(after.nodes.find((n) => n.id === 'sf0006')?.x).toBe(
      before.nodes.find((n) => n.id === 'sf0006')!.x + 30,
    );
    const relinked = after.links.filter((l, i) => l !== before.links[i]).map((l) => l.id);
    expect(relinked).toEqual(['sf0006:eth0']);
    // a network that moves moves the ends of every link onto it: those cards are rebuilt too
    const bar = produce(moved, (d) => {
      d.layout!.iso!.y += 500;
    });
    const third = model({ doc: bar, expanded: r.expanded });
    expect(third.nodes.filter((n, i) => n !== after.nodes[i]).map((n) => n.id)).toEqual([
      'iso',
      'sf0006-copy',
      'vlab',
    ]);
    // the memo answers what a fresh computation answers
    expect(third).toEqual(canvasModel({ doc: bar, expanded: r.expanded }));
  });
});
