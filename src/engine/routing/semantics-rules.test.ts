/** Semantics doc §4 (policy routing), replaying kernel-lab/experiments/e04_iprule.sh on the engine. */
import { describe, expect, it } from 'vitest';
import { TABLE_DEFAULT, TABLE_LOCAL, TABLE_MAIN } from '../model/route.ts';
import { dev, kernelLab, type LabDoc } from '../testing/kernel-lab.ts';
import { get } from '../testing/probe.ts';

const prefs = (net: ReturnType<typeof kernelLab>) =>
  net.byId.get('vlab')!.rules.map((r) => `${r.pref} ${r.action} ${r.table ?? ''}`.trim());

/** e04 setup: lab_topology + ip_forward, eth1's connected route removed, 149/24 dev eth1 in tables 2, 10, 3. */
function e04(rules: LabDoc['devices'][number]['rules']) {
  return kernelLab((d) => {
    const v = dev(d, 'vlab');
    v.sysctls['net.ipv4.ip_forward'] = 1;
    v.interfaces[1]!.addresses = [{ address: '192.168.149.2/24', noprefixroute: true }];
    for (const t of [2, 10, 3]) v.routes.push({ to: '192.168.149.0/24', dev: 'eth1', table: t });
    v.rules.push(...rules);
  }, false);
}

describe('RPDB defaults and automatic preferences (e04)', () => {
  it('a fresh namespace has 0 local, 32766 main, 32767 default', () => {
    const v = kernelLab(undefined, false).byId.get('vlab')!;
    expect(v.rules.map((r) => [r.pref, r.table])).toEqual([
      [0, TABLE_LOCAL],
      [32766, TABLE_MAIN],
      [32767, TABLE_DEFAULT],
    ]);
    expect(v.customRules).toBe(false);
  });
  it('rules without pref get (second rule pref) − 1: 32765, 32764, 32763, then 99 once pref 100 exists', () => {
    const net = e04([
      { fwmark: '0x2/0x2', table: 2 },
      { fwmark: '0x10', table: 10 },
      { to: '192.168.150.0/24', table: 150 },
      { pref: 100, from: '192.168.149.99', table: 99 },
      { iif: 'eth1', table: 11 },
      { pref: 0, from: '192.168.149.98', table: 98 },
    ]);
    expect(prefs(net)).toEqual([
      '0 lookup 255',
      '0 lookup 98', // explicit pref 0 is listed after the built-in local rule
      '99 lookup 11',
      '100 lookup 99',
      '32763 lookup 150',
      '32764 lookup 10',
      '32765 lookup 2',
      '32766 lookup 254',
      '32767 lookup 253',
    ]);
  });
});

describe('fwmark selectors (e04, input lookup from .22 iif eth0)', () => {
  const q = (net: ReturnType<typeof e04>, mark: number) =>
    get(net, 'vlab', '192.168.149.36', { from: '192.168.149.22', iif: 'eth0', mark });
  it('fwmark 0x2/0x2: 0x2, 0x6, 0xff → table 2; 0x0, 0x4 → main', () => {
    const net = e04([{ pref: 1000, fwmark: '0x2/0x2', table: 2 }]);
    expect([0x0, 0x2, 0x6, 0x4, 0xff].map((m) => q(net, m))).toEqual([
      'dev eth0',
      'dev eth1 table 2',
      'dev eth1 table 2',
      'dev eth0',
      'dev eth1 table 2',
    ]);
  });
  it('fwmark 0x6 (no mask) compares all bits', () => {
    const net = e04([{ pref: 1000, fwmark: '0x6', table: 2 }]);
    expect([0x6, 0x7, 0x2].map((m) => q(net, m))).toEqual(['dev eth1 table 2', 'dev eth0', 'dev eth0']);
  });
  it('fwmark 0 (no mask) matches every packet; fwmark 0/0xffffffff only unmarked ones', () => {
    expect([0x0, 0x6].map((m) => q(e04([{ pref: 1000, fwmark: '0', table: 3 }]), m))).toEqual([
      'dev eth1 table 3',
      'dev eth1 table 3',
    ]);
    expect([0x0, 0x6].map((m) => q(e04([{ pref: 1000, fwmark: '0/0xffffffff', table: 3 }]), m))).toEqual([
      'dev eth1 table 3',
      'dev eth0',
    ]);
  });
});

describe('iif / oif / from / to / not (e04)', () => {
  it('iif lo matches output lookups, not input ones', () => {
    const net = e04([{ pref: 1000, iif: 'lo', table: 2 }]);
    expect(get(net, 'vlab', '192.168.149.36')).toBe('dev eth1 table 2 src 192.168.149.2');
    expect(get(net, 'vlab', '192.168.149.36', { from: '192.168.149.22', iif: 'eth0' })).toBe('dev eth0');
  });
  it('oif matches only lookups that carry an output interface', () => {
    const net = e04([{ pref: 1000, oif: 'eth1', table: 2 }]);
    expect(get(net, 'vlab', '192.168.149.36')).toBe('dev eth0 src 192.168.149.50');
    expect(get(net, 'vlab', '192.168.149.36', { oif: 'eth1' })).toBe('dev eth1 table 2 src 192.168.149.2');
  });
  it('from matches the lookup source: an unbound output lookup has none', () => {
    const net = e04([{ pref: 1000, from: '192.168.149.2', table: 2 }]);
    expect(get(net, 'vlab', '192.168.149.36')).toBe('dev eth0 src 192.168.149.50');
    expect(get(net, 'vlab', '192.168.149.36', { from: '192.168.149.2' })).toBe(
      'dev eth1 table 2 src 192.168.149.2',
    );
  });
  it('to is a prefix match on the destination', () => {
    const net = e04([{ pref: 1000, to: '192.168.149.32/28', table: 2 }]);
    expect(get(net, 'vlab', '192.168.149.36')).toBe('dev eth1 table 2 src 192.168.149.2');
    expect(get(net, 'vlab', '192.168.149.22')).toBe('dev eth0 src 192.168.149.50');
  });
  it('not iif eth0 matches output lookups', () => {
    const net = e04([{ pref: 1000, not: true, iif: 'eth0', table: 2 }]);
    expect(get(net, 'vlab', '192.168.149.36', { from: '192.168.149.22', iif: 'eth0' })).toBe('dev eth0');
    expect(get(net, 'vlab', '192.168.149.36')).toBe('dev eth1 table 2 src 192.168.149.2');
  });
});

describe('rule actions and fall-through (e04)', () => {
  it.each([
    ['unreachable', 'ENETUNREACH'],
    ['prohibit', 'EACCES'],
    ['blackhole', 'EINVAL'],
  ] as const)('%s → %s for output and input lookups', (action, errno) => {
    const net = e04([{ pref: 1000, to: '192.168.149.36', action }]);
    expect(get(net, 'vlab', '192.168.149.36')).toBe(errno);
    expect(get(net, 'vlab', '192.168.149.36', { from: '192.168.149.22', iif: 'eth0' })).toBe(errno);
  });
  it('a table without a matching route returns EAGAIN and the next rule is tried', () => {
    const net = kernelLab((d) => {
      const v = dev(d, 'vlab');
      v.rules.push({ pref: 1000, table: 77 });
      v.routes.push({ to: '10.77.0.0/16', dev: 'eth1', table: 77 });
    }, false);
    expect(get(net, 'vlab', '192.168.149.36')).toBe('dev eth0 src 192.168.149.50');
  });
  it('goto jumps to the rule with that preference', () => {
    const net = e04([
      { pref: 500, action: 'goto', goto: 1500 },
      { pref: 1000, table: 2 },
      { pref: 1500, table: 3 },
    ]);
    expect(get(net, 'vlab', '192.168.149.36', { from: '192.168.149.22', iif: 'eth0' })).toBe(
      'dev eth1 table 3',
    );
  });
});
