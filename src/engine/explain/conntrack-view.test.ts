import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Ipv4 } from '../addr/ipv4.ts';
import { formatTuple } from '../conntrack/tuple.ts';
import { conntrackView, conntrackViewInHop, parseTupleText } from './conntrack-view.ts';
import { allSteps, findStep, labNetwork, PUBLIC_LABS, seedTrace, sweep } from './explain.test-support.ts';
import type { ConntrackStep } from './step-context.ts';

describe('conntrackView on the seed', () => {
  const { result } = seedTrace();

  it('the entry created by the request: the reply tuple after NETMAP and MASQUERADE, and its de-NAT', () => {
    const at = findStep(result, 'request', 'vlab', 'conntrack');
    const v = conntrackViewInHop(at.hop, at.index)!;
    expect(v.created).toBe(true);
    expect(v.orig.text).toBe('src=192.168.149.22 dst=192.168.150.36 type=8 code=0 id=4242');
    expect(v.reply.text).toBe('src=192.168.149.36 dst=192.168.149.2 type=0 code=0 id=4242');
    expect(v.replyBeforeNat?.text).toBe('src=192.168.150.36 dst=192.168.149.22 type=0 code=0 id=4242');
    expect(v.deNat.map((d) => [d.field, d.from, d.to, d.where])).toEqual([
      ['destination', '192.168.149.2', '192.168.149.22', 'PREROUTING'],
      ['source', '192.168.149.36', '192.168.150.36', 'POSTROUTING'],
    ]);
    expect(v.sentence).toBe(
      'A reply from 192.168.149.36 to 192.168.149.2 is rewritten to 192.168.150.36 → 192.168.149.22.',
    );
  });

  it('the reply finds the same entry: the step already shows the translated reply tuple', () => {
    const at = findStep(result, 'reply', 'vlab', 'conntrack');
    const v = conntrackViewInHop(at.hop, at.index)!;
    expect([v.state, v.dir, v.created]).toEqual(['ESTABLISHED', 'REPLY', false]);
    expect(v.reply.flow).toBe('192.168.149.36 → 192.168.149.2');
    expect(v.deNat.find((d) => d.field === 'source')?.to).toBe('192.168.150.36');
  });

  it('the de-NAT it promises is what the reply leg does', () => {
    const at = findStep(result, 'request', 'vlab', 'conntrack');
    const v = conntrackViewInHop(at.hop, at.index)!;
    const nats = allSteps(result).filter(
      (l) => l.leg === 'reply' && l.hop.device === 'vlab' && l.step.kind === 'nat',
    );
    const rewrites = nats.map((l) => {
      const s = l.step as Extract<typeof l.step, { kind: 'nat' }>;
      return s.manip === 'DNAT' ? ['destination', s.hook] : ['source', s.hook];
    });
    expect(rewrites).toEqual(v.deNat.map((d) => [d.field, d.where.toLowerCase()]));
  });
});

describe('conntrackView without NAT, and of packets without an entry', () => {
  const step = (orig: string, reply: string, state: ConntrackStep['state'] = 'NEW'): ConntrackStep => ({
    kind: 'conntrack',
    hook: 'prerouting',
    state,
    dir: 'ORIGINAL',
    created: true,
    orig,
    reply,
  });

  it('says a reply is not rewritten', () => {
    const v = conntrackView(
      step(
        'src=10.0.0.2 dst=10.9.1.5 sport=40000 dport=80',
        'src=10.9.1.5 dst=10.0.0.2 sport=80 dport=40000',
      ),
    )!;
    expect(v.nat).toBe(false);
    expect(v.replyBeforeNat).toBeUndefined();
    expect(v.orig.flow).toBe('10.0.0.2:40000 → 10.9.1.5:80');
    expect(v.sentence).toBe(
      'A reply from 10.9.1.5 to 10.0.0.2 belongs to this connection and is not rewritten (no NAT).',
    );
  });

  it('names a port change (a clash that moved the source port)', () => {
    const v = conntrackView(
      step('src=10.0.0.2 dst=10.9.1.5 sport=40000 dport=80', 'src=10.9.1.5 dst=10.0.0.1 sport=80 dport=1371'),
    )!;
    expect(v.deNat.map((d) => [d.field, d.from, d.to])).toEqual([
      ['destination', '10.0.0.1', '10.0.0.2'],
      ['destination port', '1371', '40000'],
    ]);
  });

  it('is null for INVALID and UNTRACKED packets', () => {
    expect(
      conntrackView({ kind: 'conntrack', hook: 'prerouting', state: 'INVALID', dir: null, created: false }),
    ).toBeNull();
  });

  it('parses every tuple conntrack prints', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1, 6, 17, 47),
        fc.nat(0xffffffff),
        fc.nat(0xffffffff),
        fc.nat(65535),
        fc.nat(65535),
        (proto, src, dst, sport, dport) => {
          const text = formatTuple({ proto, src: src as Ipv4, dst: dst as Ipv4, sport, dport });
          expect(parseTupleText(text)?.text).toBe(text);
        },
      ),
    );
  });
});

describe('every conntrack step of the example labs has a view whose reply tuple matches the step', () => {
  let checked = 0;
  afterAll(() => expect(checked).toBeGreaterThan(10));
  it.each(PUBLIC_LABS)('%s', (name) => {
    for (const result of sweep(labNetwork(name)))
      for (const l of allSteps(result)) {
        if (l.step.kind !== 'conntrack' || !l.step.orig) continue;
        const v = conntrackViewInHop(l.hop, l.index)!;
        expect(v.orig.text).toBe(l.step.orig);
        if (!l.step.created) expect(v.reply.text).toBe(l.step.reply);
        else {
          // the reply tuple worked out from the request's translations is the one the answer finds
          const orig = l.step.orig;
          const seen = allSteps(result).find(
            (x) =>
              x.leg === 'reply' &&
              x.hop.device === l.hop.device &&
              x.step.kind === 'conntrack' &&
              x.step.orig === orig,
          );
          if (seen?.step.kind === 'conntrack' && seen.step.dir === 'REPLY') {
            checked++;
            expect(v.reply.text).toBe(seen.step.reply);
          }
        }
      }
  });
});
