import { describe, expect, it } from 'vitest';
import { ipv4 } from '../addr/ipv4.ts';
import { questionCandidates } from './candidates.ts';
import { exerciseProbe, flowFromCandidates, flowTitle, probeOf, traceFlow } from './exercise.ts';
import { seedTrace } from './workshop.test-support.ts';

describe('exercise flows', () => {
  it('turns a flow’s probe into the engine’s, and back', () => {
    const p = { from: 'ws01', to: '192.168.149.136', proto: 'tcp', dport: 443 } as const;
    expect(probeOf(p)).toEqual({
      ok: true,
      value: { from: 'ws01', to: ipv4('192.168.149.136'), proto: 'tcp', dport: 443 },
    });
    expect(exerciseProbe({ from: 'ws01', to: ipv4('192.168.149.136'), proto: 'tcp', dport: 443 })).toEqual(p);
    expect(probeOf({ from: 'vbs', to: '192.168.150.300' })).toEqual({
      ok: false,
      error: '"192.168.150.300" is not an IPv4 address',
    });
    expect(flowTitle({ probe: p, questions: [] })).toBe('ws01 → 192.168.149.136 tcp/443');
    expect(flowTitle({ label: 'The access IP', probe: p, questions: [] })).toBe('The access IP');
  });

  it('traces a flow on a freshly booted lab, and says why it cannot', () => {
    const { net, result } = seedTrace();
    expect(traceFlow(net, { from: 'vbs', to: '192.168.150.36' })).toEqual({ ok: true, value: result });
    expect(traceFlow(net, { from: 'nosuch', to: '192.168.150.36' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^no device "nosuch"/),
    });
  });

  it('keeps the ticked candidates once each, in the order the packet meets them', () => {
    const { net, result } = seedTrace();
    const all = questionCandidates(result, net);
    const picked = [all[7]!, all[2]!, all[7]!, all[all.length - 1]!];
    const flow = flowFromCandidates({ from: 'vbs', to: '192.168.150.36' }, picked, 'NETMAP');
    expect(flow).toEqual({
      label: 'NETMAP',
      probe: { from: 'vbs', to: '192.168.150.36' },
      questions: [all[2]!, all[7]!, all[all.length - 1]!].map((c) => ({ at: c.at, kind: c.kind })),
    });
  });
});
