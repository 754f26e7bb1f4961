import { describe, expect, it } from 'vitest';
import { formatIpv4 } from '../addr/ipv4.ts';
import { inetAton } from './inet-aton.ts';

describe('inetAton (what ping 1.2.3 pings)', () => {
  it.each([
    ['192.168.149.36', '192.168.149.36'],
    ['1.2.3', '1.2.0.3'],
    ['10.1', '10.0.0.1'],
    ['0x01020304', '1.2.3.4'],
    ['16909060', '1.2.3.4'],
    ['010.0.0.1', '8.0.0.1'],
    ['0', '0.0.0.0'],
  ])('%s → %s', (text, addr) => expect(formatIpv4(inetAton(text)!)).toBe(addr));

  it.each([
    '300.1.1.1',
    '1.2.3.4.5',
    'vlab',
    '',
    '1..2',
    '08',
    '1.2.3.256',
    '4294967296',
    `${'9'.repeat(60)}`,
  ])('%s is a name, not an address', (text) => expect(inetAton(text)).toBeNull());
});
