import { describe, expect, it } from 'vitest';
import { formatCidr, formatIpv4 } from '../addr/ipv4.ts';
import type { Network } from '../model/network.ts';
import { drawnSeed, network, raw } from '../vlab/vlab.test-support.ts';
import {
  allSteps,
  findStep,
  labNetwork,
  PUBLIC_LABS,
  seedTrace,
  sweep,
  traced,
} from './explain.test-support.ts';
import { natSourceOfStep, type MasqueradeView } from './nat-source.ts';

function masqueradeOf(net: Network, to: string): MasqueradeView {
  const result = traced(net, { from: 'vbs', to });
  const at = findStep(result, 'request', 'vlab', 'nat', (s) => s.manip === 'SNAT');
  const v = natSourceOfStep(at.step, net.byId.get('vlab'), at.hop, at.index);
  if (v?.kind !== 'MASQUERADE') throw new Error('no MASQUERADE view');
  return v;
}

/** The drawn seed with eth1 carrying .2 (primary), 192.168.152.1 (primary) and .3 (secondary), semantics doc §2.4. */
function threeAddresses(extraRoute?: string): Network {
  const doc = raw(drawnSeed());
  const vlab = doc.devices.find((d: { id: string }) => d.id === 'vlab');
  vlab.interfaces[1].addresses.push('192.168.152.1/24', '192.168.149.3/24');
  if (extraRoute) {
    vlab.routes.push({ to: extraRoute, dev: 'eth1', table: 2 });
    vlab.iptables.nat.PREROUTING = ['-i eth0 -d 192.168.150.0/24 -j NETMAP --to 192.168.166.0/24'];
  }
  return network(doc);
}

describe('MASQUERADE: which source and why', () => {
  it('the seed: 192.168.149.2, the first primary address of eth1 whose subnet holds the next hop', () => {
    const v = masqueradeOf(seedTrace().net, '192.168.150.36');
    expect([v.iface, formatIpv4(v.nexthop), formatIpv4(v.chosen), v.agrees]).toEqual([
      'eth1',
      '192.168.149.36',
      '192.168.149.2',
      true,
    ]);
    expect(v.reason).toBe(
      'MASQUERADE takes its source from eth1, the interface the packet leaves by: 192.168.149.2 is its first primary address whose subnet holds the next hop 192.168.149.36.',
    );
  });

  it('a secondary address is never chosen; another primary subnet does not hold the next hop', () => {
    const v = masqueradeOf(threeAddresses(), '192.168.150.36');
    expect(v.candidates.map((c) => [formatCidr({ addr: c.addr, len: c.len }), c.chosen, c.why])).toEqual([
      [
        '192.168.149.2/24',
        true,
        'first primary address whose subnet 192.168.149.0/24 holds the next hop 192.168.149.36',
      ],
      ['192.168.152.1/24', false, 'its subnet 192.168.152.0/24 does not hold 192.168.149.36'],
      ['192.168.149.3/24', false, 'secondary address (192.168.149.0/24): never chosen'],
    ]);
  });

  it('a next hop in no subnet of eth1: the first primary address is used', () => {
    const v = masqueradeOf(threeAddresses('192.168.166.0/24'), '192.168.150.36');
    expect(formatIpv4(v.nexthop)).toBe('192.168.166.36');
    expect(formatIpv4(v.chosen)).toBe('192.168.149.2');
    expect(v.agrees).toBe(true);
    expect(v.reason).toMatch(
      /no primary address's subnet holds the next hop 192\.168\.166\.36, so its first primary address 192\.168\.149\.2 is used/,
    );
  });

  it('is null for NETMAP and for the reply’s de-NAT', () => {
    const { net, result } = seedTrace();
    const nm = findStep(result, 'request', 'vlab', 'nat', (s) => s.manip === 'DNAT');
    expect(natSourceOfStep(nm.step, net.byId.get('vlab'), nm.hop, nm.index)).toBeNull();
    const back = findStep(result, 'reply', 'vlab', 'nat', (s) => s.manip === 'DNAT');
    expect(natSourceOfStep(back.step, net.byId.get('vlab'), back.hop, back.index)).toBeNull();
  });
});

describe('every MASQUERADE of the example labs agrees with inet_select_addr', () => {
  it.each(PUBLIC_LABS)('%s', (name) => {
    const net = labNetwork(name);
    for (const result of sweep(net))
      for (const l of allSteps(result)) {
        if (l.step.kind !== 'nat') continue;
        const v = natSourceOfStep(l.step, net.byId.get(l.hop.device), l.hop, l.index);
        if (v?.kind === 'MASQUERADE') expect(v.agrees).toBe(true);
        if (v) expect(v.chosen).toBe(l.step.after.src);
      }
  });
});
