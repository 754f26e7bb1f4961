import { describe, expect, it } from 'vitest';
import { generatedMac, isMulticastMac, parseMac, type Mac } from './mac.ts';

describe('MAC addresses', () => {
  it('normalises to lower-case colon form, as ip link prints', () => {
    expect(parseMac('02-00-00-AA-bb-0C')).toEqual({ ok: true, value: '02:00:00:aa:bb:0c' });
  });
  it.each(['02:00:00:00:00', '02:00:00:00:00:0g', '', '0200.0000.0001'])('rejects %j', (t) => {
    expect(parseMac(t)).toEqual({ ok: false, error: `"${t}" is not a MAC address (aa:bb:cc:dd:ee:ff)` });
  });
  it('knows multicast (I/G bit)', () => {
    expect(isMulticastMac('01:00:5e:00:00:01' as Mac)).toBe(true);
    expect(isMulticastMac('02:00:00:00:00:01' as Mac)).toBe(false);
  });
  it('generated MACs are locally administered unicast and distinct per device and interface', () => {
    const seen = new Set<string>();
    for (let d = 1; d < 300; d += 7) for (let i = 2; i < 40; i++) seen.add(generatedMac(d, i));
    expect(seen.size).toBe(43 * 38);
    for (const m of seen) expect(parseInt(m.slice(0, 2), 16) & 3).toBe(2);
  });
});
