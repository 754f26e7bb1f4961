import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  broadcastOf,
  formatIpv4,
  inPrefix,
  maskOf,
  maskToLen,
  networkOf,
  parseCidr,
  parseIpv4,
  prefixesOverlap,
  type Ipv4,
} from './ipv4.ts';

const anyIp = fc.integer({ min: 0, max: 0xffffffff }).map((n) => n as Ipv4);
const anyLen = fc.integer({ min: 0, max: 32 });

describe('parseIpv4', () => {
  it('parses dotted quads', () => {
    const r = parseIpv4('192.168.149.36');
    expect(r.ok && formatIpv4(r.value)).toBe('192.168.149.36');
  });
  it.each(['192.168.1.300', '1.2.3', '1.2.3.4.5', '01.2.3.4', 'a.b.c.d', '', ' 1.2.3.4', '1.2.3.-1'])(
    'rejects %j with a message naming the input',
    (t) => {
      const r = parseIpv4(t);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toBe(`"${t}" is not an IPv4 address`);
    },
  );
  it('round-trips every address', () => {
    fc.assert(
      fc.property(anyIp, (a) => {
        const r = parseIpv4(formatIpv4(a));
        return r.ok && r.value === a;
      }),
    );
  });
});

describe('parseCidr', () => {
  it('keeps host bits (an interface address)', () => {
    const r = parseCidr('192.168.149.2/24');
    expect(r.ok && formatIpv4(r.value.addr)).toBe('192.168.149.2');
    expect(r.ok && r.value.len).toBe(24);
  });
  it('rejects bad lengths and bad addresses', () => {
    expect(parseCidr('10.0.0.0/33')).toEqual({
      ok: false,
      error: '"10.0.0.0/33" is not an IPv4 prefix: prefix length must be 0..32',
    });
    expect(parseCidr('192.168.1.300/24')).toEqual({
      ok: false,
      error: '"192.168.1.300/24" is not an IPv4 prefix: "192.168.1.300" is not an IPv4 address',
    });
    expect(parseCidr('10.0.0.1').ok).toBe(false);
    expect(parseCidr('10.0.0.1', true)).toEqual({ ok: true, value: { addr: 0x0a000001, len: 32 } });
  });
  it('accepts a contiguous dotted netmask (iptables does)', () => {
    expect(parseCidr('10.0.0.0/255.255.0.0')).toEqual({ ok: true, value: { addr: 0x0a000000, len: 16 } });
    expect(parseCidr('10.0.0.0/255.0.255.0').ok).toBe(false);
  });
});

describe('prefix math (properties)', () => {
  it('network ≤ address ≤ broadcast, and both ends are inside the prefix', () => {
    fc.assert(
      fc.property(anyIp, anyLen, (a, len) => {
        const c = { addr: a, len };
        const n = networkOf(c);
        const b = broadcastOf(c);
        return n <= a && a <= b && inPrefix(n, c) && inPrefix(b, c) && b - n + 1 === 2 ** (32 - len);
      }),
    );
  });
  it('maskToLen inverts maskOf', () => {
    fc.assert(fc.property(anyLen, (len) => maskToLen(maskOf(len)) === len));
  });
  it('overlap is symmetric and holds iff one prefix contains the other network', () => {
    fc.assert(
      fc.property(anyIp, anyLen, anyIp, anyLen, (a, la, b, lb) => {
        const x = { addr: a, len: la };
        const y = { addr: b, len: lb };
        const contains = inPrefix(networkOf(y), x) || inPrefix(networkOf(x), y);
        return prefixesOverlap(x, y) === prefixesOverlap(y, x) && prefixesOverlap(x, y) === contains;
      }),
    );
  });
});
