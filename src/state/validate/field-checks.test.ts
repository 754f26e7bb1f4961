import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatField, parseField } from './field-checks.ts';

describe('field checks', () => {
  it('explains how to fix a bad address', () => {
    expect(parseField('address', '192.168.149.50')).toEqual({
      ok: false,
      message: 'Add the prefix length: 192.168.149.50/24 (the address with its network mask)',
    });
    expect(parseField('network', '192.168.150.7/24')).toEqual({
      ok: false,
      message: '“192.168.150.7/24” has host bits set — the network is 192.168.150.0/24',
    });
    expect(parseField('ipv4', '300.1.1.1').ok).toBe(false);
    expect(parseField('vlan', '4095').ok).toBe(false);
    expect(parseField('network-optional', '  ')).toEqual({ ok: true, value: undefined });
    expect(parseField('ipv4-list', '10.0.0.1, 10.0.0.2')).toEqual({
      ok: true,
      value: ['10.0.0.1', '10.0.0.2'],
    });
  });

  it('formats what it parses back to the same value (any address, any network)', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), (ip, len) => {
        const text = `${ip}/${len}`;
        const r = parseField('address', text);
        expect(r.ok).toBe(true);
        if (r.ok) expect(parseField('address', formatField('address', r.value))).toEqual(r);
      }),
    );
  });
});
