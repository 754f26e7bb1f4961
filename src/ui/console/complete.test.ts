import { describe, expect, it } from 'vitest';
import { completeCommand } from './complete.ts';

describe('completeCommand', () => {
  it.each([
    ['pi', 'ping '],
    ['con', 'conntrack '],
    ['ipt', 'iptables'],
    ['iptables-', 'iptables-save '],
    ['i', 'ip'],
  ])('%s → %j', (typed, done) => expect(completeCommand(typed)).toBe(done));

  it.each(['', 'ip', 'ping ', 'x', 'ip route'])('%j: nothing to complete', (typed) =>
    expect(completeCommand(typed)).toBeNull(),
  );
});
