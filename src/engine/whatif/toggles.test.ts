import { describe, expect, it } from 'vitest';
import { flipToggle, setToggle, toggleKey, type WhatIfToggle } from './toggles.ts';

const rule: WhatIfToggle = { kind: 'rule-off', device: 'vlab', table: 'nat', chain: 'PREROUTING', index: 0 };
const rpf = (value: number): WhatIfToggle => ({
  kind: 'sysctl',
  device: 'vlab',
  key: 'net.ipv4.conf.all.rp_filter',
  value,
});

describe('toggles', () => {
  it('a key per thing changed; a sysctl key leaves its value out', () => {
    expect(toggleKey(rule)).toBe('rule|vlab|nat|PREROUTING|0');
    expect(toggleKey({ kind: 'route-off', device: 'a', index: 2 })).toBe('route|a|2');
    expect(toggleKey({ kind: 'ip-rule-off', device: 'a', index: 2 })).toBe('ip-rule|a|2');
    expect(toggleKey(rpf(1))).toBe(toggleKey(rpf(2)));
  });

  it('flip adds or removes; set adds or replaces', () => {
    expect(flipToggle([], rule)).toEqual([rule]);
    expect(flipToggle([rule, rpf(1)], rule)).toEqual([rpf(1)]);
    expect(setToggle([rule, rpf(1)], rpf(2))).toEqual([rule, rpf(2)]);
    expect(setToggle([rule], rpf(2))).toEqual([rule, rpf(2)]);
  });
});
