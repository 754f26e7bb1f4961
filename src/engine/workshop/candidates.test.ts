import { describe, expect, it } from 'vitest';
import { DROP_REASONS } from '../sim/steps.ts';
import { questionAt, questionCandidates } from './candidates.ts';
import { answerOf } from './answer.ts';
import { candidateKey, compareRefs, type Candidate } from './question.ts';
import { labNetwork, seedTrace, traced } from './workshop.test-support.ts';

const { net, result } = seedTrace();
const all = questionCandidates(result, net);
const find = (leg: 'request' | 'reply', hop: number, step: number, kind: Candidate['kind']) =>
  all.find((c) => c.at.leg === leg && c.at.hop === hop && c.at.step === step && c.kind === kind);

describe('questionCandidates on the seed (vbs → 192.168.150.36)', () => {
  it('offers the NETMAP, the table-2 lookup, the MASQUERADE and the mark, worded in the kernel’s terms', () => {
    expect(find('request', 1, 8, 'nat-address')?.prompt).toBe(
      'vlab nat PREROUTING: what is the destination after NETMAP?',
    );
    expect(find('request', 1, 18, 'nat-address')?.prompt).toBe(
      'vlab nat POSTROUTING: what is the source after MASQUERADE?',
    );
    expect(find('request', 1, 9, 'route-table')?.prompt).toBe(
      'vlab route lookup (input) for 192.168.149.36 from 192.168.149.22 iif eth0 mark 0x6: which routing table does the RPDB pick?',
    );
    expect(find('request', 1, 3, 'rule-match')?.prompt).toBe(
      'vlab mangle PREROUTING: which rule matches first?',
    );
    expect(find('request', 1, 4, 'mark')?.prompt).toBe(
      'vlab mangle PREROUTING rule 1 (-d 192.168.150.0/24 -i eth0 -j MARK --set-xmark 0x6/0xffffffff): the mark is 0x0. What is it after this rule?',
    );
    expect(find('reply', 1, 5, 'nat-address')?.prompt).toBe(
      "vlab PREROUTING: conntrack applies this connection's NAT binding. What is the destination now?",
    );
  });

  it('lists every point once, in the order the packet meets them, with a verdict at the end of each leg', () => {
    const keys = all.map(candidateKey);
    expect(new Set(keys).size).toBe(keys.length);
    for (let i = 1; i < all.length; i++)
      expect(compareRefs(all[i - 1]!.at, all[i]!.at)).toBeLessThanOrEqual(0);
    const verdicts = all.filter((c) => c.kind === 'verdict').map((c) => c.at);
    expect(verdicts).toEqual([
      { leg: 'request', hop: 2, step: result.request.hops[2]!.steps.length - 1 },
      { leg: 'reply', hop: 2, step: result.reply!.hops[2]!.steps.length - 1 },
    ]);
    // the kinds the seed teaches are all there
    expect(new Set(all.map((c) => c.kind))).toEqual(
      new Set(['nat-address', 'route-table', 'out-interface', 'rule-match', 'mark', 'verdict']),
    );
  });

  it('takes choices from the device: the RPDB’s tables, the chain’s rules, the interfaces, every drop reason', () => {
    expect(find('request', 1, 9, 'route-table')?.options).toEqual([
      { value: 'local', label: 'local (255)' },
      { value: '2', label: 'table 2' },
      { value: 'main', label: 'main (254)' },
      { value: 'default', label: 'default (253)' },
    ]);
    expect(find('request', 1, 9, 'out-interface')?.options?.map((o) => o.value)).toEqual(['eth0', 'eth1']);
    expect(find('request', 1, 3, 'rule-match')?.options).toEqual([
      { value: '1', label: '1: -d 192.168.150.0/24 -i eth0 -j MARK --set-xmark 0x6/0xffffffff' },
      { value: 'policy', label: 'none: the policy ACCEPT decides' },
    ]);
    const verdict = find('reply', 2, result.reply!.hops[2]!.steps.length - 1, 'verdict');
    expect(verdict?.options?.map((o) => o.value)).toEqual([
      'delivered',
      ...DROP_REASONS.map((r) => `dropped: ${r}`),
    ]);
    expect(find('request', 1, 8, 'nat-address')?.options).toBeUndefined();
  });

  it('asks no out-interface where the lookup delivers locally or fails', () => {
    const local = all.filter((c) => c.device === 'sf0006-copy' && c.at.leg === 'request');
    expect(local.map((c) => c.kind)).toEqual(['route-table', 'verdict']);
    // the reverse-path lookup that found no route (oif eth1) offers nothing
    const rp = result.reply!.hops[1]!.steps.findIndex((s) => s.kind === 'route' && s.route === null);
    expect(rp).toBeGreaterThan(0);
    expect(all.filter((c) => c.at.leg === 'reply' && c.at.hop === 1 && c.at.step === rp)).toEqual([]);
  });

  it('never puts the address after NAT in the prompt that asks for it, on every example lab’s flows', () => {
    const flows: [string, string, string][] = [
      ['surebackup-basic', 'vbs', '192.168.150.36'],
      ['surebackup-static-mapping', 'ws01', '192.168.149.136'],
      ['surebackup-multi-network', 'web01', '10.10.21.10'],
      ['policy-routing-vrf', 'pc', '203.0.113.7'],
      ['dnat-redirect', 'shop', '202.44.98.174'],
    ];
    let asked = 0;
    for (const [lab, from, to] of flows) {
      const n = labNetwork(lab);
      const r = traced(n, from, to);
      for (const c of questionCandidates(r, n)) {
        const a = answerOf(c, r);
        if (!a.ok) throw new Error(a.error.message);
        if (c.kind === 'nat-address') {
          asked++;
          expect(c.prompt, `${lab} ${candidateKey(c)}`).not.toContain(a.value.value);
        }
        expect(c.prompt.length).toBeGreaterThan(10);
      }
    }
    expect(asked).toBeGreaterThan(6);
  });
});

describe('questionAt', () => {
  it('plays a question with the instructor’s prompt, or the generated one', () => {
    const at = { leg: 'request', hop: 1, step: 8 } as const;
    const own = questionAt(result, net, { at, kind: 'nat-address', prompt: 'Where does NETMAP send it?' });
    expect(own).toMatchObject({ ok: true, value: { prompt: 'Where does NETMAP send it?', device: 'vlab' } });
    const gen = questionAt(result, net, { at, kind: 'nat-address', prompt: '  ' });
    expect(gen).toMatchObject({
      ok: true,
      value: { prompt: 'vlab nat PREROUTING: what is the destination after NETMAP?' },
    });
  });

  it('names the field that is wrong: the leg, the hop, the step or the kind', () => {
    expect(questionAt(result, net, { at: { leg: 'request', hop: 9, step: 0 }, kind: 'verdict' })).toEqual({
      ok: false,
      error: {
        field: 'hop',
        message: 'the request leg has no hop 9: it has 3 hops (0..2: vbs, vlab, sf0006-copy)',
      },
    });
    expect(
      questionAt(result, net, { at: { leg: 'request', hop: 0, step: 99 }, kind: 'verdict' }),
    ).toMatchObject({
      ok: false,
      error: {
        field: 'step',
        message: expect.stringMatching(/^hop 0 \(vbs\) of the request leg has no step 99/),
      },
    });
    expect(questionAt(result, net, { at: { leg: 'request', hop: 1, step: 3 }, kind: 'nat-address' })).toEqual(
      {
        ok: false,
        error: {
          field: 'kind',
          message:
            'step 3 of hop 1 (vlab) of the request leg is a chain step: a nat-address question needs a nat step; this step can ask rule-match',
        },
      },
    );
    // the firewall's policy DROP: nothing comes back
    const fw = labNetwork('asymmetric-firewall');
    const dropped = traced(fw, 'user1', '172.16.10.50', { proto: 'tcp', dport: 22 });
    expect(questionAt(dropped, fw, { at: { leg: 'reply', hop: 0, step: 0 }, kind: 'verdict' })).toEqual({
      ok: false,
      error: {
        field: 'leg',
        message: `this flow has no reply leg (request-dropped: ${dropped.summary})`,
      },
    });
  });
});
