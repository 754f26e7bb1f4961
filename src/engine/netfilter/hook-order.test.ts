import { describe, expect, it } from 'vitest';
import { HOOKS } from '../model/netfilter.ts';
import { HOOK_ORDER } from './hook-order.ts';

describe('hook × table × priority (semantics doc §1.1, observed order §1.2)', () => {
  const show = (h: keyof typeof HOOK_ORDER) =>
    HOOK_ORDER[h]
      .map(
        (e) =>
          `${e.kind === 'table' ? e.table : e.kind}(${e.priority === 2147483647 ? 'INT_MAX' : e.priority})`,
      )
      .join(' → ');
  it('matches the kernel', () => {
    expect(Object.fromEntries(HOOKS.map((h) => [h, show(h)]))).toEqual({
      prerouting: 'raw(-300) → conntrack(-200) → mangle(-150) → nat(-100)',
      input: 'mangle(-150) → filter(0) → security(50) → nat(100) → confirm(INT_MAX)',
      forward: 'mangle(-150) → filter(0) → security(50)',
      output: 'raw(-300) → conntrack(-200) → mangle(-150) → nat(-100) → filter(0) → security(50)',
      postrouting: 'mangle(-150) → nat(100) → confirm(INT_MAX)',
    });
  });
  it('every hook runs in ascending priority', () => {
    for (const h of HOOKS) {
      const p = HOOK_ORDER[h].map((e) => e.priority);
      expect(p).toEqual([...p].sort((a, b) => a - b));
    }
  });
});
