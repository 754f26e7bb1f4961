import { describe, expect, it } from 'vitest';
import { ipv4 } from '../addr/ipv4.ts';
import type { Step, TraceResult } from '../sim/steps.ts';
import { compileOrThrow } from '../testing/kernel-lab.ts';
import { answerOf } from './answer.ts';
import { questionAt } from './candidates.ts';
import type { Question } from './question.ts';
import { labNetwork, seedTrace, traced } from './workshop.test-support.ts';

const { result } = seedTrace();
const q = (leg: 'request' | 'reply', hop: number, step: number, kind: Question['kind']): Question => ({
  at: { leg, hop, step },
  kind,
});
const lastOf = (r: TraceResult, leg: 'request' | 'reply') => {
  const l = r[leg]!;
  return { hop: l.hops.length - 1, step: l.hops[l.hops.length - 1]!.steps.length - 1 };
};
const value = (question: Question, r: TraceResult = result) => {
  const a = answerOf(question, r);
  if (!a.ok) throw new Error(a.error.message);
  return a.value;
};

describe('answerOf on the seed (vbs → 192.168.150.36)', () => {
  it('derives the NETMAP, the table, the MASQUERADE and the reply’s fate from the trace', () => {
    expect(value(q('request', 1, 8, 'nat-address'))).toEqual({
      value: '192.168.149.36',
      explanation:
        'nat PREROUTING rule 1 (-d 192.168.150.0/24 -i eth0 -j NETMAP --to 192.168.149.0/24) sets up the binding: the destination goes 192.168.150.36 → 192.168.149.36; NETMAP keeps the host part of the address and replaces the network part.',
    });
    expect(value(q('request', 1, 9, 'route-table'))).toEqual({
      value: '2',
      explanation:
        'ip rule 32765 (from all fwmark 0x2/0x2 lookup 2) sends the lookup to table 2, which has: 192.168.149.0/24 dev eth1 scope link.',
    });
    expect(value(q('request', 1, 18, 'nat-address')).value).toBe('192.168.149.2');
    const end = lastOf(result, 'reply');
    expect(value(q('reply', end.hop, end.step, 'verdict'))).toEqual({
      value: 'delivered',
      explanation: 'the echo-reply is delivered to vbs, which sees 192.168.150.36 > 192.168.149.22.',
    });
  });

  it('answers the mark, the first matching rule, the policy, the interface and conntrack’s de-NAT', () => {
    expect(value(q('request', 1, 4, 'mark'))).toEqual({
      value: '0x6',
      explanation:
        'PREROUTING rule 1 (-d 192.168.150.0/24 -i eth0 -j MARK --set-xmark 0x6/0xffffffff): MARK computes (mark & ~mask) ^ value, so the mark goes 0x0 → 0x6.',
    });
    expect(value(q('request', 1, 3, 'rule-match')).value).toBe('1');
    expect(value(q('request', 1, 13, 'rule-match'))).toEqual({
      value: 'policy',
      explanation: "no rule of filter FORWARD matches: the chain's policy ACCEPT decides.",
    });
    expect(value(q('request', 1, 9, 'out-interface'))).toEqual({
      value: 'eth1',
      explanation: 'table 2 answers with 192.168.149.0/24 dev eth1 scope link: the packet leaves on eth1.',
    });
    expect(value(q('request', 0, 1, 'out-interface')).explanation).toBe(
      'table main answers with 192.168.150.0/24 via 192.168.149.50 dev eth0: the packet leaves on eth0, to the next hop 192.168.149.50.',
    );
    expect(value(q('reply', 1, 5, 'nat-address'))).toEqual({
      value: '192.168.149.22',
      explanation:
        'conntrack knows this connection and applies its binding (no rule is consulted): the destination goes 192.168.149.2 → 192.168.149.22.',
    });
  });

  it('says where and why a leg is dropped', () => {
    const net = labNetwork('surebackup-basic');
    const r = traced(net, 'sf0006-copy', '192.168.149.50');
    const end = lastOf(r, 'request');
    expect(value(q('request', end.hop, end.step, 'verdict'), r)).toEqual({
      value: 'dropped: neighbour_unreachable',
      explanation:
        'the echo-request is dropped at sf0006-copy: no ARP answer for the next hop (no answer to ARP "who-has 192.168.149.50 tell 192.168.149.36" on eth0).',
    });
    const fw = labNetwork('asymmetric-firewall');
    const back = traced(fw, 'vm1', '10.1.0.10');
    const e2 = lastOf(back, 'reply');
    expect(value(q('reply', e2.hop, e2.step, 'verdict'), back).value).toBe('dropped: invalid_state');
  });

  it('reads the answer from the trace it is given, not from anything stored', () => {
    // the same question on a trace whose NETMAP went elsewhere answers that address
    const steps = result.request.hops[1]!.steps.map((s): Step =>
      s.kind === 'nat' && s.hook === 'prerouting'
        ? { ...s, after: { ...s.after, dst: ipv4('192.168.149.99') } }
        : s,
    );
    const hops = result.request.hops.map((h, i) => (i === 1 ? { ...h, steps } : h));
    const other: TraceResult = { ...result, request: { ...result.request, hops } };
    expect(value(q('request', 1, 8, 'nat-address'), other).value).toBe('192.168.149.99');
  });

  it('refuses a question whose step does not fit its kind', () => {
    expect(answerOf(q('request', 1, 8, 'route-table'), result)).toMatchObject({
      ok: false,
      error: { field: 'kind', message: expect.stringContaining('is a nat step') },
    });
    expect(answerOf(q('request', 0, 0, 'verdict'), result)).toMatchObject({
      ok: false,
      error: { field: 'kind', message: expect.stringContaining('needs the last step of a leg') },
    });
  });
});

describe('answerOf in a user chain', () => {
  // ha → r → hb; r's FORWARD jumps to CHK, where nothing matches, then ACCEPTs
  const net = compileOrThrow({
    schemaVersion: 2,
    name: 'user chain',
    segments: [
      { id: 'a', kind: 'link' },
      { id: 'b', kind: 'link' },
    ],
    devices: [
      {
        id: 'ha',
        kind: 'host',
        interfaces: [{ name: 'eth0', segment: 'a', addresses: ['10.0.1.10/24'] }],
        routes: [{ to: 'default', via: '10.0.1.1' }],
      },
      {
        id: 'hb',
        kind: 'host',
        interfaces: [{ name: 'eth0', segment: 'b', addresses: ['10.0.2.10/24'] }],
        routes: [{ to: 'default', via: '10.0.2.1' }],
      },
      {
        id: 'r',
        kind: 'router',
        interfaces: [
          { name: 'eth0', segment: 'a', addresses: ['10.0.1.1/24'] },
          { name: 'eth1', segment: 'b', addresses: ['10.0.2.1/24'] },
        ],
        sysctls: { 'net.ipv4.ip_forward': 1 },
        iptables: {
          filter: {
            FORWARD: { policy: 'DROP', rules: ['-p icmp -j CHK', '-j ACCEPT'] },
            CHK: ['-s 10.9.9.9/32 -j DROP'],
          },
        },
      },
    ],
  });
  const r = traced(net, 'ha', '10.0.2.10');
  const steps = r.request.hops[1]!.steps;
  const chainAt = (name: string) => steps.findIndex((s) => s.kind === 'chain' && s.chain === name);

  it('says which rule jumps, and that the user chain returns when none of its rules match', () => {
    expect(value(q('request', 1, chainAt('FORWARD'), 'rule-match'), r)).toEqual({
      value: '1',
      explanation: 'rule 1 of filter FORWARD matches first: -p icmp -j CHK.',
    });
    expect(value(q('request', 1, chainAt('CHK'), 'rule-match'), r)).toEqual({
      value: 'return',
      explanation: 'no rule of filter CHK matches: the walk returns to the calling chain.',
    });
    const c = questionAt(r, net, q('request', 1, chainAt('CHK'), 'rule-match'));
    expect(c.ok && c.value.options).toEqual([
      { value: '1', label: '1: -s 10.9.9.9/32 -j DROP' },
      { value: 'return', label: 'none: back to the calling chain' },
    ]);
  });
});
