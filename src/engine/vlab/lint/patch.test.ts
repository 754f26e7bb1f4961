/** JSON Patch (RFC 6902 add/replace/remove) with JSON Pointers (RFC 6901), as fixes use it. */
import { describe, expect, it } from 'vitest';
import { applyPatch, parsePointer, pointer, pointerOfPath } from './patch.ts';

describe('pointers', () => {
  it('escapes ~ and / in keys', () => {
    expect(pointer('devices', 3, 'sysctls', 'net.ipv4.conf.eth0/222.rp_filter')).toBe(
      '/devices/3/sysctls/net.ipv4.conf.eth0~1222.rp_filter',
    );
    expect(parsePointer('/a~0b/c~1d')).toEqual({ ok: true, value: ['a~b', 'c/d'] });
  });
  it('converts a diagnostic path', () => {
    expect(pointerOfPath('virtualLabs[0].isolatedNetworks[1].masquerade')).toBe(
      '/virtualLabs/0/isolatedNetworks/1/masquerade',
    );
    expect(pointerOfPath('devices[3].sysctls["net.ipv4.conf.all.rp_filter"]')).toBe(
      '/devices/3/sysctls/net.ipv4.conf.all.rp_filter',
    );
  });
});

describe('applyPatch', () => {
  const doc = { a: [1, 2], b: { c: 'x' } };
  it('adds, appends, replaces and removes without touching the original', () => {
    const r = applyPatch(doc, [
      { op: 'add', path: '/a/-', value: 3 },
      { op: 'add', path: '/a/0', value: 0 },
      { op: 'replace', path: '/b/c', value: 'y' },
      { op: 'add', path: '/b/d', value: [] },
      { op: 'remove', path: '/a/1' },
    ]);
    expect(r).toEqual({ ok: true, value: { a: [0, 2, 3], b: { c: 'y', d: [] } } });
    expect(doc).toEqual({ a: [1, 2], b: { c: 'x' } });
  });
  it('refuses what does not apply', () => {
    expect(applyPatch(doc, [{ op: 'replace', path: '/b/nope', value: 1 }]).ok).toBe(false);
    expect(applyPatch(doc, [{ op: 'remove', path: '/a/5' }]).ok).toBe(false);
    expect(applyPatch(doc, [{ op: 'add', path: '/x/y', value: 1 }]).ok).toBe(false);
    expect(applyPatch(doc, [{ op: 'add', path: 'a', value: 1 }]).ok).toBe(false);
  });
});
