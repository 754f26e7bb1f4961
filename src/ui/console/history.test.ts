import { describe, expect, it } from 'vitest';
import { EMPTY_HISTORY, newer, older, remember, type History } from './history.ts';

const typed = (...lines: string[]): History => lines.reduce(remember, EMPTY_HISTORY);

describe('the console history', () => {
  it('↑ goes back from the newest, keeping what was being typed; ↓ comes back to it', () => {
    let h = typed('ip rule', 'ping -c 1 10.0.0.1');
    const up1 = older(h, 'conn')!;
    expect(up1.line).toBe('ping -c 1 10.0.0.1');
    const up2 = older(up1.history, 'ignored')!;
    expect(up2.line).toBe('ip rule');
    expect(older(up2.history, '')!.line).toBe('ip rule');
    h = up2.history;
    const down1 = newer(h)!;
    expect(down1.line).toBe('ping -c 1 10.0.0.1');
    expect(newer(down1.history)!.line).toBe('conn');
    expect(newer(newer(down1.history)!.history)).toBeNull();
  });

  it('keeps neither blank lines nor a repeat of the last one', () => {
    expect(typed('ip rule', '  ', 'ip rule', 'ip route', 'ip rule').items).toEqual([
      'ip rule',
      'ip route',
      'ip rule',
    ]);
    expect(older(EMPTY_HISTORY, 'x')).toBeNull();
  });
});
