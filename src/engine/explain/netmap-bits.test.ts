import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cidr, ipv4, maskOf, type Ipv4 } from '../addr/ipv4.ts';
import { netmapAddress } from '../conntrack/netmap.ts';
import { findStep, seedTrace } from './explain.test-support.ts';
import { netmapBits, netmapOfNatStep } from './netmap-bits.ts';
import { natRuleStepBefore } from './step-context.ts';

const word = (bits: readonly { bit: number }[], key: 'before' | 'to' | 'after') =>
  bits.reduce((a, b) => (a | ((b as unknown as Record<string, number>)[key]! << b.bit)) >>> 0, 0);

describe('netmapBits', () => {
  it('the seed: 192.168.150.36 into 192.168.149.0/24 is 192.168.149.36, host part .36 kept', () => {
    const b = netmapBits(ipv4('192.168.150.36'), cidr('192.168.149.0/24'));
    expect(b.text).toEqual({
      before: '192.168.150.36',
      to: '192.168.149.0/24',
      after: '192.168.149.36',
      host: '.36',
    });
    expect(b.host).toBe(36);
    expect(b.bits.filter((x) => x.network)).toHaveLength(24);
    // the third octet differs in bit 8 (150 = 1001 0110, 149 = 1001 0101)
    expect(b.bits.filter((x) => x.before !== x.after).map((x) => x.bit)).toEqual([9, 8]);
  });

  it.each([
    // semantics doc §2.3, experiments e06 B and C
    ['192.168.150.36', '192.168.160.0/20', '192.168.166.36', '0.0.6.36'],
    ['192.168.150.36', '192.168.149.32/28', '192.168.149.36', '0.0.0.4'],
    ['192.168.150.50', '192.168.149.32/28', '192.168.149.34', '0.0.0.2'],
    ['10.1.2.3', '172.16.0.0/16', '172.16.2.3', '.2.3'],
  ])('%s with --to %s is %s (host part %s)', (before, to, after, host) => {
    const b = netmapBits(ipv4(before), cidr(to));
    expect(b.text.after).toBe(after);
    expect(b.text.host).toBe(host);
  });

  it('takes the network bits from --to and keeps the host bits, as netmapAddress does', () => {
    fc.assert(
      fc.property(fc.nat(0xffffffff), fc.nat(0xffffffff), fc.integer({ min: 0, max: 32 }), (a, n, len) => {
        const to = { addr: ((n & maskOf(len)) >>> 0) as Ipv4, len };
        const b = netmapBits(a as Ipv4, to);
        expect(b.after).toBe(netmapAddress(a as Ipv4, to));
        expect(b.bits).toHaveLength(32);
        expect(word(b.bits, 'before')).toBe(a >>> 0);
        expect(word(b.bits, 'after')).toBe(b.after);
        for (const x of b.bits) expect(x.after).toBe(x.network ? x.to : x.before);
        expect(b.bits.filter((x) => x.network)).toHaveLength(len);
      }),
    );
  });
});

describe('netmapOfNatStep', () => {
  const { net, result } = seedTrace();
  const vlab = net.byId.get('vlab');

  it('finds the NETMAP rule before the translation and maps the destination', () => {
    const at = findStep(result, 'request', 'vlab', 'nat', (s) => s.manip === 'DNAT');
    const m = netmapOfNatStep(at.step, vlab, natRuleStepBefore(at.hop, at.index));
    expect(m?.field).toBe('destination');
    expect(m?.text.after).toBe('192.168.149.36');
    expect(m?.rule).toBe('-A PREROUTING -d 192.168.150.0/24 -i eth0 -j NETMAP --to 192.168.149.0/24');
  });

  it('without the rule step, searches the hook’s nat chain', () => {
    const at = findStep(result, 'request', 'vlab', 'nat', (s) => s.manip === 'DNAT');
    expect(netmapOfNatStep(at.step, vlab)?.text.to).toBe('192.168.149.0/24');
  });

  it('is null for MASQUERADE and for conntrack’s de-NAT of the reply', () => {
    const masq = findStep(result, 'request', 'vlab', 'nat', (s) => s.manip === 'SNAT');
    expect(netmapOfNatStep(masq.step, vlab, natRuleStepBefore(masq.hop, masq.index))).toBeNull();
    const reply = findStep(result, 'reply', 'vlab', 'nat', (s) => s.manip === 'SNAT');
    expect(netmapOfNatStep(reply.step, vlab)).toBeNull();
  });
});
