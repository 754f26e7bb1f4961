import { describe, expect, it } from 'vitest';
import { tableName } from '../model/route.ts';
import {
  allSteps,
  findStep,
  labNetwork,
  PUBLIC_LABS,
  routingLab,
  seedTrace,
  sweep,
  traced,
} from './explain.test-support.ts';
import { routeDecision } from './route-decision.ts';

describe('routeDecision on the seed (vbs → 192.168.150.36)', () => {
  const { net, result } = seedTrace();
  const vlab = net.byId.get('vlab')!;

  it('the request: fwmark 0x6 matches 0x2/0x2, table 2 decides, 192.168.149.0/24 dev eth1 wins', () => {
    const at = findStep(result, 'request', 'vlab', 'route', (s) => s.purpose === 'input');
    const d = routeDecision(at.step, vlab);
    expect(d.rules.map((r) => [r.pref, r.outcome, r.table])).toEqual([
      [0, 'miss', 'local'],
      [32765, 'hit', '2'],
      [32766, 'not-reached', 'main'],
      [32767, 'not-reached', 'default'],
    ]);
    expect(d.rules[0]!.reason).toBe(
      'table local has no route for 192.168.149.36 (EAGAIN): the next rule is tried',
    );
    const fw = d.rules[1]!.fwmark!;
    expect([fw.hex.mark, fw.hex.mask, fw.hex.markAndMask, fw.matches]).toEqual(['0x6', '0x2', '0x2', true]);
    expect(d.table).toBe('2');
    expect(d.candidates.map((c) => [c.text, c.verdict])).toEqual([
      ['192.168.149.0/24 dev eth1 scope link', 'winner'],
    ]);
    expect(d.agrees).toBe(true);
  });

  it('the reply carries mark 0: the fwmark rule does not match and main decides', () => {
    const at = findStep(result, 'reply', 'vlab', 'route', (s) => s.purpose === 'input');
    const d = routeDecision(at.step, vlab);
    const fwRule = d.rules.find((r) => r.pref === 32765)!;
    expect(fwRule.outcome).toBe('no-match');
    expect(fwRule.reason).toBe('selector does not match: fwmark 0x0 does not match 0x2/0x2');
    expect(fwRule.fwmark!.matches).toBe(false);
    expect(d.table).toBe('main');
    expect(d.candidates.map((c) => c.verdict)).toEqual(['winner', 'shorter-prefix']);
    expect(d.candidates[1]!.why).toBe("/0 is shorter than the winner's /24");
  });
});

describe('routeDecision on a routed lab', () => {
  const net = routingLab();
  const r = net.byId.get('r')!;

  it('a table that has no route sends the RPDB on; the lower metric wins among equal prefixes', () => {
    const at = findStep(
      traced(net, { from: 'h', to: '10.9.1.5' }),
      'request',
      'r',
      'route',
      (s) => s.purpose === 'input',
    );
    const d = routeDecision(at.step, r);
    expect(d.rules.slice(0, 4).map((x) => [x.pref, x.outcome, x.reason])).toEqual([
      [0, 'miss', 'table local has no route for 10.9.1.5 (EAGAIN): the next rule is tried'],
      [32764, 'no-match', 'selector does not match: to 10.7.0.0/16: the destination 10.9.1.5 is outside'],
      [32765, 'miss', 'table 5 has no route for 10.9.1.5 (EAGAIN): the next rule is tried'],
      [32766, 'hit', 'table main has a route for 10.9.1.5: the lookup ends here'],
    ]);
    expect(d.candidates.map((c) => [c.text, c.verdict, c.why])).toEqual([
      ['10.9.0.0/16 via 10.0.0.3 dev eth0 metric 5', 'winner', 'longest prefix holding 10.9.1.5'],
      ['10.9.0.0/16 via 10.0.0.3 dev eth0 metric 20', 'metric', 'same prefix, metric 20 > 5'],
      ['default via 10.0.0.3 dev eth0', 'shorter-prefix', "/0 is shorter than the winner's /16"],
    ]);
  });

  it('two connected routes of one prefix: the first added wins, the other is later', () => {
    const at = findStep(
      traced(net, { from: 'r', to: '10.0.0.77' }),
      'request',
      'r',
      'route',
      (s) => s.purpose === 'output',
    );
    const d = routeDecision(at.step, r);
    expect(d.candidates.map((c) => [c.prefix, c.dev, c.verdict])).toEqual([
      ['10.0.0.0/24', 'eth0', 'winner'],
      ['10.0.0.0/24', 'eth1', 'later'],
      ['0.0.0.0/0', 'eth0', 'shorter-prefix'],
    ]);
    expect(d.candidates[1]!.why).toBe('same prefix and metric, added after the winner');
  });

  it('a prohibit rule fails the lookup; an unreachable route wins and fails it', () => {
    const p = findStep(traced(net, { from: 'h', to: '10.7.0.1' }), 'request', 'r', 'route');
    const dp = routeDecision(p.step, r);
    expect(dp.rules.find((x) => x.outcome === 'error')?.reason).toBe(
      "the rule's action is prohibit: the lookup fails with EACCES",
    );
    expect([dp.table, dp.candidates, dp.agrees]).toEqual([null, [], true]);
    const u = findStep(traced(net, { from: 'h', to: '10.8.0.1' }), 'request', 'r', 'route');
    const du = routeDecision(u.step, r);
    expect(du.candidates[0]).toMatchObject({ text: 'unreachable 10.8.0.0/16', verdict: 'winner' });
    expect(du.candidates[0]!.why).toMatch(/EHOSTUNREACH/);
    expect(du.agrees).toBe(true);
  });
});

describe('routeDecision agrees with the engine on every route step of the example labs', () => {
  it.each([...PUBLIC_LABS, '(routing)'])('%s', (name) => {
    const net = name === '(routing)' ? routingLab() : labNetwork(name);
    let n = 0;
    for (const result of sweep(net))
      for (const l of allSteps(result)) {
        if (l.step.kind !== 'route') continue;
        const d = routeDecision(l.step, net.byId.get(l.hop.device)!);
        n++;
        expect(d.agrees, `${l.hop.device} ${l.step.purpose} ${l.step.route?.text ?? l.step.result}`).toBe(
          true,
        );
        const visited = d.rules.filter((x) => x.outcome !== 'not-reached');
        expect(visited.map((x) => [x.pref, x.outcome])).toEqual(l.step.rules.map((x) => [x.pref, x.outcome]));
        if (l.step.route && l.step.result !== 'martian') {
          expect(d.table).toBe(tableName(l.step.route.table));
          expect(d.candidates.filter((c) => c.verdict === 'winner').map((c) => c.text)).toEqual([
            l.step.route.text,
          ]);
        }
      }
    expect(n).toBeGreaterThan(20);
  });
});
