import { describe, expect, it } from 'vitest';
import { formatIpv4, ipv4 } from '../addr/ipv4.ts';
import { dev, kernelLab } from '../testing/kernel-lab.ts';
import { ifaceOwning, inetSelectAddr } from './select-addr.ts';

const GLOBAL = 0;
const LINK = 253;

describe('inet_select_addr (semantics §2.4)', () => {
  const net = kernelLab((d) => {
    dev(d, 'vlab').interfaces[1]!.addresses = ['192.168.149.2/24', '192.168.152.1/24', '192.168.149.3/24'];
  }, false);
  const vlab = net.byId.get('vlab')!;
  const eth1 = vlab.ifByName.get('eth1')!;
  const pick = (dst: string, scope = GLOBAL) =>
    formatIpv4(inetSelectAddr(vlab, eth1, dst === '0' ? 0 : ipv4(dst), scope) || 0);
  it('the first primary whose subnet holds the destination; never a secondary', () => {
    expect(eth1.addrs.map((a) => `${formatIpv4(a.local)}${a.secondary ? ' secondary' : ''}`)).toEqual([
      '192.168.149.2',
      '192.168.152.1',
      '192.168.149.3 secondary',
    ]);
    expect(pick('192.168.149.36')).toBe('192.168.149.2');
    expect(pick('192.168.152.9')).toBe('192.168.152.1');
  });
  it('no subnet matches: the first primary in the list', () => {
    expect(pick('192.168.166.36')).toBe('192.168.149.2');
    expect(pick('0')).toBe('192.168.149.2');
  });
  it('an interface without a usable address falls back to the other interfaces (lo first, host scope skipped)', () => {
    const bare = kernelLab((d) => dev(d, 'vlab').interfaces.push({ name: 'eth2' }), false);
    const v = bare.byId.get('vlab')!;
    expect(formatIpv4(inetSelectAddr(v, v.ifByName.get('eth2')!, 0, GLOBAL) || 0)).toBe('192.168.149.50');
    expect(formatIpv4(inetSelectAddr(v, v.ifByName.get('lo')!, 0, LINK) || 0)).toBe('192.168.149.50');
  });
  it('ifaceOwning finds the interface of a local address', () => {
    expect(ifaceOwning(vlab, ipv4('192.168.149.3'))?.name).toBe('eth1');
    expect(ifaceOwning(vlab, ipv4('192.168.149.9'))).toBeUndefined();
  });
});
