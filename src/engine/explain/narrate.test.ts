import { describe, expect, it } from 'vitest';
import { ipv4 } from '../addr/ipv4.ts';
import type { Mac } from '../addr/mac.ts';
import type { Packet } from '../model/packet.ts';
import type { Hop, Step } from '../sim/steps.ts';
import {
  allSteps,
  findStep,
  labNetwork,
  PUBLIC_LABS,
  routingLab,
  seedTrace,
  sweep,
  type Located,
} from './explain.test-support.ts';
import { narrate } from './narrate.ts';

const { net, result } = seedTrace();
const say = (l: Located, n = net) => {
  const previous = l.hop.steps[l.index - 1];
  return narrate(l.step, {
    leg: l.leg,
    hop: l.hop,
    device: n.byId.get(l.hop.device),
    ...(previous ? { previous } : {}),
  });
};

describe('narration of the seed (vbs → 192.168.150.36)', () => {
  it('the mangle rule sets the mark', () => {
    expect(say(findStep(result, 'request', 'vlab', 'rule', (s) => s.table === 'mangle'))).toBe(
      "vlab's mangle PREROUTING rule 1 matches (-d 192.168.150.0/24 -i eth0) and sets the mark 0x0 → 0x6.",
    );
  });

  it('NETMAP rewrites the destination, network part from --to, host part kept', () => {
    expect(say(findStep(result, 'request', 'vlab', 'nat', (s) => s.manip === 'DNAT'))).toBe(
      'NETMAP rewrites the destination 192.168.150.36 → 192.168.149.36: the network part becomes 192.168.149.0/24, the host part .36 stays.',
    );
  });

  it('the RPDB sends the marked packet to table 2', () => {
    expect(say(findStep(result, 'request', 'vlab', 'route', (s) => s.purpose === 'input'))).toBe(
      'vlab looks up the route to 192.168.149.36 (from 192.168.149.22, in eth0, mark 0x6): the RPDB sends the packet to table 2 (fwmark 0x6 matches 0x2/0x2); the route 192.168.149.0/24 dev eth1 wins: the packet is forwarded out of eth1.',
    );
  });

  it('MASQUERADE takes the address of the output interface', () => {
    expect(say(findStep(result, 'request', 'vlab', 'nat', (s) => s.manip === 'SNAT'))).toBe(
      'MASQUERADE rewrites the source 192.168.149.22 → 192.168.149.2, the address of eth1, the interface the packet leaves by.',
    );
  });

  it('conntrack de-NATs the reply in two places', () => {
    expect(say(findStep(result, 'reply', 'vlab', 'nat', (s) => s.manip === 'DNAT'))).toBe(
      'Conntrack de-NATs the reply: destination 192.168.149.2 → 192.168.149.22.',
    );
    expect(say(findStep(result, 'reply', 'vlab', 'nat', (s) => s.manip === 'SNAT'))).toBe(
      'Conntrack de-NATs the reply: source 192.168.149.36 → 192.168.150.36.',
    );
  });

  it('the conntrack entry is created with both tuples', () => {
    expect(say(findStep(result, 'request', 'vlab', 'conntrack'))).toBe(
      'Conntrack on vlab sees the first packet of a new connection and creates an entry: original 192.168.149.22 → 192.168.150.36, reply expected as 192.168.150.36 → 192.168.149.22 (until NAT changes it).',
    );
  });
});

const pkt: Packet = {
  src: ipv4('10.0.0.2'),
  dst: ipv4('10.9.1.5'),
  proto: 6,
  sport: 40000,
  dport: 80,
  icmpType: 0,
  icmpCode: 0,
  tcpFlags: 0x02,
  ttl: 64,
  tos: 0,
  mark: 0x6,
};
const mac = '02:00:00:00:00:01' as Mac;

/** One step of every kind (a missing kind is a compile error) and what its sentence must say. */
const EXAMPLES: { [K in Step['kind']]: [Extract<Step, { kind: K }>, RegExp] } = {
  send: [
    { kind: 'send', packet: pkt, what: 'tcp syn' },
    /^r sends a TCP SYN 10\.0\.0\.2:40000 → 10\.9\.1\.5:80 \(TTL 64, fwmark 0x6\)\.$/,
  ],
  receive: [
    { kind: 'receive', iface: 'eth0', srcMac: mac, packet: pkt },
    /^r receives a TCP SYN .* on eth0 \(from MAC 02:00:00:00:00:01\)\.$/,
  ],
  hook: [{ kind: 'hook', hook: 'forward' }, /^The packet enters r's FORWARD hook\.$/],
  conntrack: [
    { kind: 'conntrack', hook: 'prerouting', state: 'INVALID', dir: null, created: false },
    /no connection this packet belongs to: its state is INVALID/,
  ],
  chain: [
    { kind: 'chain', hook: 'forward', table: 'filter', chain: 'LAN', iif: 'eth0', oif: 'eth1', packet: pkt },
    /^The walk enters r's filter user chain LAN \(in eth0, out eth1, mark 0x6\)\.$/,
  ],
  rule: [
    {
      kind: 'rule',
      table: 'filter',
      chain: 'FORWARD',
      index: 2,
      text: '-i eth0 -j LAN',
      verdict: 'jump',
      target: 'LAN',
    },
    /^r's filter FORWARD rule 2 matches \(-i eth0\) and jumps to chain LAN\.$/,
  ],
  policy: [
    { kind: 'policy', table: 'filter', chain: 'FORWARD', verdict: 'drop' },
    /its policy DROP drops it/,
  ],
  return: [{ kind: 'return', table: 'filter', chain: 'LAN' }, /^The end of chain LAN \(filter\) is reached/],
  nat: [
    {
      kind: 'nat',
      hook: 'postrouting',
      manip: 'SNAT',
      cause: 'null-binding',
      before: pkt,
      after: { ...pkt, sport: 1371 },
      randomized: true,
    },
    /source port 40000 → 1371 .*at random/,
  ],
  route: [
    {
      kind: 'route',
      purpose: 'output',
      flow: { dst: pkt.dst, src: 0 as never, iif: 'lo', oif: null, mark: 0 },
      rules: [
        { pref: 0, text: 'from all lookup local', outcome: 'miss' },
        { pref: 32766, text: 'from all lookup main', outcome: 'miss' },
      ],
      route: null,
      result: 'ENETUNREACH',
    },
    /no table the RPDB tried has a route for it: Network is unreachable \(ENETUNREACH\)\.$/,
  ],
  rp_filter: [
    {
      kind: 'rp_filter',
      mode: 1,
      ok: false,
      detail: 'strict: the route back to the source leaves through eth1, not eth0',
    },
    /^Strict rp_filter \(1\) on eth0 fails: the route back to the source leaves through eth1, not eth0\.$/,
  ],
  forward: [
    { kind: 'forward', ttl: { from: 5, to: 4 } },
    /^r forwards the packet .* decrements the TTL 5 → 4\.$/,
  ],
  redirect: [
    { kind: 'redirect', to: ipv4('10.0.0.2'), gateway: ipv4('10.0.0.3') },
    /ICMP redirect to 10\.0\.0\.2: .* use 10\.0\.0\.3 directly/,
  ],
  neighbour: [
    {
      kind: 'neighbour',
      iface: 'eth1',
      nexthop: ipv4('10.0.0.3'),
      result: 'resolved',
      mac,
      answeredBy: { device: 'g', iface: 'eth0', why: 'proxy_arp' },
      alsoAnswered: [{ device: 'x', iface: 'eth0', why: 'local' }],
    },
    /^r asks by ARP who has 10\.0\.0\.3 on eth1; g answers from eth0 for it \(proxy_arp\): 02:00:00:00:00:01; x answered too, later \(an ARP conflict\)\.$/,
  ],
  transmit: [
    { kind: 'transmit', iface: 'eth1', segment: 'iso', dstMac: mac, packet: pkt },
    /^r transmits 10\.0\.0\.2:40000 → 10\.9\.1\.5:80 out of eth1 onto segment iso, to MAC 02:00:00:00:00:01\.$/,
  ],
  deliver: [
    { kind: 'deliver', to: 'tcp listener :80' },
    /^The packet is for r: it is delivered locally, to tcp listener :80\.$/,
  ],
  respond: [{ kind: 'respond', what: 'echo-reply' }, /^r answers with an echo-reply\.$/],
  'icmp-error': [
    { kind: 'icmp-error', type: 3, code: 13, text: 'icmp-admin-prohibited', reject: 'icmp-admin-prohibited' },
    /REJECT rule makes r answer the sender with ICMP 3\/13 \(icmp-admin-prohibited\)/,
  ],
  drop: [
    { kind: 'drop', reason: 'ttl_exceeded', detail: 'TTL 1 reached r' },
    /^The TTL runs out at r \(TTL 1 reached r\): the packet is dropped\.$/,
  ],
};

describe('one sentence for every step kind', () => {
  it.each(Object.entries(EXAMPLES))('%s', (_kind, [step, expected]) => {
    const hop: Hop = { device: 'r', in: 'eth0', out: null, steps: [step] };
    expect(narrate(step, { leg: 'request', hop, device: routingLab().byId.get('r') })).toMatch(expected);
  });
});

describe('every step of the example labs narrates to one concrete sentence', () => {
  it.each([...PUBLIC_LABS, '(routing)'])('%s', (name) => {
    const n = name === '(routing)' ? routingLab() : labNetwork(name);
    const kinds = new Set<string>();
    for (const r of sweep(n))
      for (const l of allSteps(r)) {
        const s = say(l, n);
        kinds.add(l.step.kind);
        expect(s, `${l.hop.device} ${l.step.kind}`).toMatch(/^[A-Za-z0-9]/);
        expect(s).toMatch(/[.)]$/);
        expect(s).not.toMatch(/undefined|NaN|\[object|null|\s\?\s/);
        expect(s.split('. ').length, s).toBeLessThanOrEqual(2);
      }
    expect(kinds.size).toBeGreaterThan(8);
  });
});
