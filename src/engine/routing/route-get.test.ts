/**
 * `ip route get` decisions (inet_rtm_getroute) where a first version of the engine differed from the
 * kernel (Linux 6.18; tests/kernel-regressions/README.md findings 1 and 2).
 */
import { describe, expect, it } from 'vitest';
import { ipv4 } from '../addr/ipv4.ts';
import { compileLab } from '../lab/compile.ts';
import type { DeviceDoc } from '../lab/format.ts';
import { routeGet } from './route-get.ts';

function router(extra: Partial<DeviceDoc> = {}) {
  const c = compileLab({
    schemaVersion: 2,
    name: 'route-get',
    segments: [],
    devices: [
      {
        id: 'r',
        kind: 'router',
        interfaces: [
          { name: 'a0', addresses: ['10.0.1.1/24'] },
          { name: 'b0', addresses: ['10.0.2.1/24', '192.168.20.2/24'] },
        ],
        sysctls: { 'net.ipv4.ip_forward': 1 },
        ...extra,
      },
    ],
  });
  expect(c.issues.filter((i) => i.severity === 'error')).toEqual([]);
  return c.network!.byId.get('r')!;
}

describe('ip route get', () => {
  it('a failed reverse-path check answers EINVAL (drop reasons since 6.13), not EXDEV', () => {
    const d = router({ sysctls: { 'net.ipv4.ip_forward': 1, 'net.ipv4.conf.all.rp_filter': 1 } });
    // 10.0.2.5 is reached through b0, so it cannot come in on a0
    expect(routeGet(d, { dst: ipv4('10.0.1.5'), from: ipv4('10.0.2.5'), iif: 'a0' })).toEqual({
      kind: 'error',
      errno: 'EINVAL',
    });
    expect(routeGet(d, { dst: ipv4('10.0.2.7'), from: ipv4('10.0.2.5'), iif: 'a0' })).toMatchObject({
      kind: 'error',
      errno: 'EINVAL',
    });
  });

  it('prints `via G` whenever the route uses its gateway, also when G is the destination', () => {
    const d = router({
      routes: [{ to: '0.0.0.0/0', via: '192.168.20.1', table: 200 }],
      rules: [{ table: 200, pref: 100 }],
    });
    const want = { kind: 'ok', type: 'unicast', dev: 'b0', table: 200, gateway: ipv4('192.168.20.1') };
    expect(routeGet(d, { dst: ipv4('192.168.20.1') })).toMatchObject(want);
    expect(routeGet(d, { dst: ipv4('192.168.20.1'), from: ipv4('10.0.1.9'), iif: 'a0' })).toMatchObject(want);
  });

  it('a gateway that is one of our own addresses is not used (host-scope nexthop): no `via`', () => {
    const d = router({ routes: [{ to: '172.16.0.0/16', via: '10.0.2.1', dev: 'b0' }] });
    const r = routeGet(d, { dst: ipv4('172.16.0.1') });
    expect(r).toMatchObject({ kind: 'ok', dev: 'b0' });
    expect(r).not.toHaveProperty('gateway');
  });
});
