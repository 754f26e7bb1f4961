import { describe, expect, it } from 'vitest';
import { ipv4 } from '../addr/ipv4.ts';
import { DROP_REASONS, type DropReason, type Hop, type Step } from '../sim/steps.ts';
import { stepAt } from '../timeline/timeline.ts';
import { dropExplanation } from './drop-explanation.ts';
import { explainDropStep, type CulpritKind } from './drop-sentence.ts';
import { routingLab, seedTrace, traced } from './explain.test-support.ts';

const route = (result: string, extra: Partial<Extract<Step, { kind: 'route' }>> = {}): Step => ({
  kind: 'route',
  purpose: 'input',
  flow: { dst: ipv4('10.9.1.5'), src: ipv4('10.0.0.2'), iif: 'eth0', oif: null, mark: 0 },
  rules: [
    { pref: 0, text: 'from all lookup local', outcome: 'miss' },
    { pref: 32766, text: 'from all lookup main', outcome: 'miss' },
  ],
  route: null,
  result,
  ...extra,
});
const filterRule = (text: string, verdict: 'drop' | 'reject', target: string): Step => ({
  kind: 'rule',
  table: 'filter',
  chain: 'FORWARD',
  index: 3,
  text,
  verdict,
  target,
});

/** For every drop reason: the steps before the drop, its detail, the sentence and the culprit's kind. */
const CASES: Record<DropReason, [Step[], string, RegExp, CulpritKind | null]> = {
  no_route: [
    [route('ENETUNREACH')],
    'route lookup',
    /^r has no route to 10\.9\.1\.5 in any table the RPDB tried \(local, main\): Network is unreachable/,
    'route',
  ],
  unreachable: [
    [route('EHOSTUNREACH', { route: { type: 'unreachable', table: 254, text: 'unreachable 10.9.0.0/16' } })],
    '',
    /^On r, the route unreachable 10\.9\.0\.0\/16 in table main answers No route to host \(EHOSTUNREACH\)/,
    'route',
  ],
  prohibit: [
    [route('EACCES', { rules: [{ pref: 100, text: 'from all to 10.9.0.0/16 prohibit', outcome: 'error' }] })],
    '',
    /^On r, RPDB rule 100 \(from all to 10\.9\.0\.0\/16 prohibit\) refuses it: administratively prohibited/,
    'ip-rule',
  ],
  blackhole: [
    [route('EINVAL', { route: { type: 'blackhole', table: 5, text: 'blackhole 10.9.0.0/16' } })],
    '',
    /the route blackhole 10\.9\.0\.0\/16 in table 5 swallows it silently \(EINVAL\)/,
    'route',
  ],
  forwarding_disabled: [
    [route('EHOSTUNREACH')],
    '',
    /^10\.9\.1\.5 is not an address of r, and forwarding is off on eth0 \(net\.ipv4\.conf\.eth0\.forwarding = 0/,
    'sysctl',
  ],
  filter_drop: [
    [filterRule('-i eth1 -m conntrack ! --ctstate RELATED,ESTABLISHED -j DROP', 'drop', 'DROP')],
    '',
    /^r's filter FORWARD rule 3 \(-i eth1 -m conntrack ! --ctstate RELATED,ESTABLISHED\) drops the packet \(-j DROP\)\.$/,
    'rule',
  ],
  filter_reject: [
    [filterRule('-p tcp -j REJECT --reject-with tcp-reset', 'reject', 'REJECT')],
    '',
    /rule 3 \(-p tcp\) rejects the packet \(REJECT --reject-with tcp-reset\)/,
    'rule',
  ],
  invalid_state: [
    [filterRule('-m conntrack --ctstate INVALID -j DROP', 'drop', 'DROP')],
    '',
    /no connection the packet belongs to \(INVALID\) and r's filter FORWARD rule 3 .* drops it/,
    'rule',
  ],
  rp_filter: [
    [
      {
        kind: 'rp_filter',
        mode: 1,
        ok: false,
        detail: 'strict: the route back to the source leaves through eth1, not eth0',
      },
    ],
    '',
    /^The reverse-path filter on r \(rp_filter 1 on eth0, strict: the larger of net\.ipv4\.conf\.all\.rp_filter and net\.ipv4\.conf\.eth0\.rp_filter\) drops the packet: the route back to the source leaves through eth1, not eth0\.$/,
    'sysctl',
  ],
  martian_source: [
    [],
    'loopback source from the wire',
    /martian source \(loopback source from the wire\)/,
    'address',
  ],
  martian_destination: [
    [],
    'loopback destination from the wire',
    /martian destination \(loopback destination from the wire\)/,
    'address',
  ],
  ttl_exceeded: [
    [{ kind: 'icmp-error', type: 11, code: 0, text: 'Time to live exceeded' }],
    'TTL 1 reached r, which would have to forward it',
    /TTL runs out at r .* and an ICMP time exceeded goes back to the sender/,
    'packet',
  ],
  neighbour_unreachable: [
    [{ kind: 'neighbour', iface: 'eth1', nexthop: ipv4('10.0.0.9'), result: 'failed' }],
    'no answer',
    /^Nobody answers r's ARP request for 10\.0\.0\.9 on eth1: the packet is dropped\.$/,
    'neighbour',
  ],
  no_link: [
    [],
    'eth1 is not plugged into any segment',
    /^eth1 is not plugged into any segment: r cannot send/,
    'link',
  ],
  masquerade_no_address: [
    [
      {
        kind: 'rule',
        table: 'nat',
        chain: 'POSTROUTING',
        index: 1,
        text: '-o eth1 -j MASQUERADE',
        verdict: 'drop',
        target: 'MASQUERADE',
      },
    ],
    'eth1 has no IPv4 address to masquerade with ("eth1 ate my IP address")',
    /MASQUERADE on r finds no IPv4 address on eth1 .*"eth1 ate my IP address"/,
    'rule',
  ],
  conntrack_clash: [
    [],
    'another connection already uses …',
    /another connection already uses this connection's tuple/,
    'conntrack',
  ],
  echo_ignored: [[], 'echo ignored', /net\.ipv4\.icmp_echo_ignore_all = 1/, 'sysctl'],
  broadcast_refused: [
    [],
    'connect: Permission denied (10.0.0.255 is a broadcast address)',
    /broadcast address on r and the socket has no SO_BROADCAST: the call fails \(connect: Permission denied\)/,
    'address',
  ],
  unsupported: [
    [],
    'broadcast and multicast destinations are not modelled',
    /natlab does not model/,
    'natlab',
  ],
  loop: [[], 'more than 64 hops', /simulator stopped at r: more than 64 hops/, 'natlab'],
};

describe('a sentence and a culprit for every drop reason', () => {
  it('covers DROP_REASONS', () => {
    expect(Object.keys(CASES).sort()).toEqual([...DROP_REASONS].sort());
  });

  it.each(Object.entries(CASES))('%s', (reason, [before, detail, sentence, kind]) => {
    const drop = { kind: 'drop' as const, reason: reason as DropReason, detail };
    const hop: Hop = { device: 'r', in: 'eth0', out: null, steps: [...before, drop] };
    const w = explainDropStep(drop, hop, before.length);
    expect(w.sentence).toMatch(sentence);
    expect(w.culprit?.kind ?? null).toBe(kind);
    expect(w.culprit?.device ?? 'r').toBe('r');
  });

  it('a policy DROP names the chain', () => {
    const drop = { kind: 'drop' as const, reason: 'filter_drop' as const, detail: '' };
    const hop: Hop = {
      device: 'r',
      in: 'eth0',
      out: null,
      steps: [{ kind: 'policy', table: 'filter', chain: 'INPUT', verdict: 'drop' }, drop],
    };
    expect(explainDropStep(drop, hop, 1)).toEqual({
      sentence:
        "No rule of r's filter INPUT chain accepted the packet and the chain's policy is DROP: it is dropped.",
      culprit: { kind: 'policy', device: 'r', text: ':INPUT DROP', table: 'filter', chain: 'INPUT' },
    });
  });
});

describe('dropExplanation of traced legs', () => {
  const net = routingLab();

  it.each([
    [
      '10.4.0.1',
      'filter_drop',
      {
        kind: 'rule',
        text: '-A FORWARD -d 10.4.0.0/16 -j DROP',
        table: 'filter',
        chain: 'FORWARD',
        index: 1,
      },
    ],
    ['10.5.0.1', 'filter_reject', { kind: 'rule', table: 'filter', chain: 'FORWARD', index: 2 }],
    [
      '10.7.0.1',
      'prohibit',
      { kind: 'ip-rule', text: '32764: from all to 10.7.0.0/16 prohibit', index: 32764 },
    ],
    ['10.8.0.1', 'unreachable', { kind: 'route', text: 'unreachable 10.8.0.0/16', table: 'main' }],
    [
      '10.9.1.5',
      'forwarding_disabled',
      { kind: 'sysctl', device: 'g', sysctl: 'net.ipv4.conf.eth0.forwarding' },
    ],
    ['10.0.0.3', 'echo_ignored', { kind: 'sysctl', device: 'g', sysctl: 'net.ipv4.icmp_echo_ignore_all' }],
  ])('h → %s: %s', (to, reason, culprit) => {
    const result = traced(net, { from: 'h', to });
    const e = dropExplanation(result.request)!;
    expect(e.reason).toBe(reason);
    expect(e.culprit).toMatchObject(culprit);
    expect(stepAt(result, e.at)).toMatchObject({ kind: 'drop', reason });
  });

  it('is null for a leg nothing dropped', () => {
    const { result } = seedTrace();
    expect(dropExplanation(result.request)).toBeNull();
    expect(dropExplanation(result.reply!, 'reply')).toBeNull();
  });
});
