import { describe, expect, it } from 'vitest';
import { ipv4, type Ipv4 } from '../addr/ipv4.ts';
import type { Route } from '../model/route.ts';
import { buildFibTable, tableLookup } from './fib.ts';
import { flow } from './flow.ts';

let seq = 0;
const r = (dst: string, len: number, extra: Partial<Route> = {}): Route => ({
  table: 254,
  type: 'unicast',
  dst: ipv4(dst),
  len,
  metric: 0,
  scope: 'link',
  proto: 'boot',
  onlink: false,
  dev: 'eth0',
  seq: seq++,
  ...extra,
});
const idx = (d: string) => ({ eth0: 2, eth1: 3 })[d] ?? -1;
const look = (routes: Route[], dst: string, f: { oif?: number; scope?: number } = {}) => {
  const res = tableLookup(buildFibTable(254, routes), flow({ dst: ipv4(dst), ...f }), idx);
  return res.kind === 'route'
    ? `${res.route.dev} m${res.route.metric}`
    : res.kind === 'error'
      ? res.errno
      : res.throwRoute
        ? 'throw'
        : 'miss';
};

describe('fib_table_lookup', () => {
  it('longest prefix first, whatever the metric', () => {
    expect(
      look([r('10.0.0.0', 8, { metric: 1 }), r('10.1.0.0', 16, { metric: 100, dev: 'eth1' })], '10.1.2.3'),
    ).toBe('eth1 m100');
  });
  it('equal prefixes: lowest metric, then first inserted', () => {
    const a = r('10.0.0.0', 8, { metric: 5 });
    const b = r('10.0.0.0', 8, { metric: 1, dev: 'eth1' });
    expect(look([a, b], '10.9.9.9')).toBe('eth1 m1');
    const c = r('10.0.0.0', 8, { dev: 'eth0' });
    const d = r('10.0.0.0', 8, { dev: 'eth1' });
    expect(look([c, d], '10.9.9.9')).toBe('eth0 m0');
  });
  it('error types end the lookup at once; throw returns EAGAIN (next rule)', () => {
    const base = r('0.0.0.0', 0);
    expect(look([base, r('10.0.0.0', 8, { type: 'unreachable', dev: undefined as never })], '10.0.0.1')).toBe(
      'EHOSTUNREACH',
    );
    expect(look([base, r('10.0.0.0', 8, { type: 'prohibit', dev: undefined as never })], '10.0.0.1')).toBe(
      'EACCES',
    );
    expect(look([base, r('10.0.0.0', 8, { type: 'blackhole', dev: undefined as never })], '10.0.0.1')).toBe(
      'EINVAL',
    );
    expect(look([base, r('10.0.0.0', 8, { type: 'throw', dev: undefined as never })], '10.0.0.1')).toBe(
      'throw',
    );
  });
  it('a requested oif skips other devices and falls back to shorter prefixes', () => {
    const routes = [r('10.0.0.0', 8, { dev: 'eth1' }), r('10.0.0.0', 24, { dev: 'eth0' })];
    expect(look(routes, '10.0.0.5', { oif: 3 })).toBe('eth1 m0');
    expect(look(routes, '10.0.0.5', { oif: 2 })).toBe('eth0 m0');
  });
  it('routes narrower than the flow scope are skipped (gateway validation looks up with scope link)', () => {
    const routes = [r('10.0.0.0', 8, { scope: 'global' })];
    expect(look(routes, '10.0.0.5', { scope: 253 })).toBe('miss');
    expect(look(routes, '10.0.0.5')).toBe('eth0 m0');
  });
  it('no match: miss', () => expect(look([r('10.0.0.0', 8)], '11.0.0.1')).toBe('miss'));
  it('an address is matched against each prefix with its own mask', () => {
    const t = buildFibTable(254, [r('192.168.149.0', 24), r('192.168.149.36', 32, { dev: 'eth1' })]);
    for (const [dst, dev] of [
      ['192.168.149.36', 'eth1'],
      ['192.168.149.37', 'eth0'],
    ] as const) {
      const res = tableLookup(t, flow({ dst: ipv4(dst) as Ipv4 }), idx);
      expect(res.kind === 'route' && res.route.dev).toBe(dev);
    }
  });
});
