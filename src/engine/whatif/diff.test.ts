import { describe, expect, it } from 'vitest';
import { ipv4 } from '../addr/ipv4.ts';
import { trace } from '../sim/trace.ts';
import { reachMatrix, type ReachMatrix } from '../vlab/reach-matrix.ts';
import { whatIfCompile } from './apply.ts';
import { diffMatrix } from './diff-matrix.ts';
import { diffTrace } from './diff-trace.ts';
import type { WhatIfToggle } from './toggles.ts';
import { loadPublic } from './whatif.test-support.ts';

const { doc, expanded, network } = loadPublic('surebackup-static-mapping');
const rpFilter: WhatIfToggle = {
  kind: 'sysctl',
  device: 'vlab',
  key: 'net.ipv4.conf.all.rp_filter',
  value: 1,
};

function netWith(...toggles: WhatIfToggle[]) {
  const n = whatIfCompile(expanded, toggles);
  if (!n.ok) throw new Error(n.error);
  return n.value;
}

function matrixOf(net = network): ReachMatrix {
  const m = reachMatrix(doc, net);
  if (!m.ok) throw new Error(m.error);
  return m.value;
}

describe('diffMatrix', () => {
  it('nothing changes without a toggle', () => {
    expect(diffMatrix(matrixOf(), matrixOf())).toEqual([]);
  });

  it('rp_filter=1 on the appliance: every answered flow into the lab turns ✗', () => {
    const before = matrixOf();
    const changes = diffMatrix(before, matrixOf(netWith(rpFilter)));
    const flipped = changes.filter((c) => c.flipped).map((c) => `${c.key}: ${c.after?.reason}`);
    expect(flipped).toEqual([
      'forward|vbs|sf0006-copy|masquerade|192.168.150.36: reply dropped at vlab: rp_filter',
      'forward|vbs|sf0006-copy|access|192.168.149.136: reply dropped at vlab: rp_filter',
      'forward|sf0006|sf0006-copy|masquerade|192.168.150.36: reply dropped at vlab: rp_filter',
      'forward|sf0006|sf0006-copy|access|192.168.149.136: reply dropped at vlab: rp_filter',
      'forward|ws01|sf0006-copy|access|192.168.149.136: reply dropped at vlab: rp_filter',
    ]);
    expect(before.forward.flat().filter((c) => c.ok)).toHaveLength(flipped.length);
    // and cells that stay ✗ for another reason are listed, not flipped
    const reasonOnly = changes.filter((c) => !c.flipped);
    expect(reasonOnly.length).toBeGreaterThan(0);
    expect(
      reasonOnly.every((c) => c.before!.ok === c.after!.ok && c.before!.reason !== c.after!.reason),
    ).toBe(true);
  });

  it('a cell on one side only', () => {
    const before = matrixOf();
    const fewer: ReachMatrix = { ...before, reverse: [] };
    const changes = diffMatrix(before, fewer);
    expect(changes.map((c) => c.key)).toEqual(before.reverse.flat().map((c) => c.key));
    expect(changes.every((c) => c.after === null && c.flipped)).toBe(true);
  });
});

describe('diffTrace', () => {
  const probe = { from: 'vbs', to: ipv4('192.168.150.36') };
  const run = (net = network) => {
    const r = trace(net, probe);
    if (!r.ok) throw new Error(r.error);
    return r.value;
  };

  it('the same trace: no difference', () => {
    expect(diffTrace(run(), run())).toEqual({ same: true, first: null, outcome: null });
  });

  it("rp_filter=1: the traces part at the request's reverse-path check on vlab", () => {
    const a = run();
    const b = run(netWith(rpFilter));
    const d = diffTrace(a, b);
    expect(d.same).toBe(false);
    expect(d.outcome).toEqual({ before: 'answered', after: 'reply-dropped' });
    expect(d.first?.at.leg).toBe('request');
    expect(d.first?.device).toEqual({ before: 'vlab', after: 'vlab' });
    const { hop, step } = d.first!.at;
    expect(b.request.hops[hop]!.steps[step]).toBe(d.first!.after);
    expect(a.request.hops[hop]!.steps[step]).toBe(d.first!.before);
    // rp_filter 0 does not look the source up; 1 does (and the request passes: the reply will not)
    expect(d.first!.before).toMatchObject({ kind: 'rp_filter', mode: 0, ok: true });
    expect(d.first!.after).toMatchObject({ kind: 'route', purpose: 'rp_filter' });
    expect(JSON.stringify(a.request.hops[0])).toBe(JSON.stringify(b.request.hops[0]));
    expect(b.request.hops[hop]!.steps.slice(step)).toContainEqual(
      expect.objectContaining({ kind: 'rp_filter', mode: 1, ok: true }),
    );
  });

  it('a rule off: the request parts where the rule is no longer walked', () => {
    const b = run(netWith({ kind: 'rule-off', device: 'vlab', table: 'nat', chain: 'PREROUTING', index: 0 }));
    const d = diffTrace(run(), b);
    expect(d.first?.at.leg).toBe('request');
    expect(d.first?.device.after).toBe('vlab');
    expect(d.first?.before).toMatchObject({ kind: 'rule', chain: 'PREROUTING', table: 'nat' });
    expect(d.outcome?.before).toBe('answered');
  });
});
