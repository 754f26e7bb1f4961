import { describe, expect, it } from 'vitest';
import { ipv4, type Ipv4 } from '../addr/ipv4.ts';
import { kernelLab } from '../testing/kernel-lab.ts';
import { addressType, isLocalAddress } from './device-fib.ts';

describe('inet_addr_type, remembered per device', () => {
  it('local, broadcast and unicast addresses, asked again after thousands of other addresses', () => {
    const vlab = kernelLab().byId.get('vlab')!;
    const ask = () => [
      addressType(vlab, ipv4('192.168.149.50')),
      addressType(vlab, ipv4('192.168.149.255')),
      addressType(vlab, ipv4('192.168.149.36')),
      isLocalAddress(vlab, ipv4('127.0.0.1')),
      isLocalAddress(vlab, ipv4('192.168.149.2')),
      isLocalAddress(vlab, ipv4('10.1.2.3')),
    ];
    const first = ask();
    expect(first).toEqual(['local', 'broadcast', 'unicast', true, true, false]);
    for (let i = 0; i < 10_000; i++) addressType(vlab, ((0x0a000000 + i * 7) >>> 0) as Ipv4);
    expect(ask()).toEqual(first);
  });
});
