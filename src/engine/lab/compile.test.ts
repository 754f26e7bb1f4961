/**
 * compileLab: what a document becomes (devices, segments, ports, MACs, rules, routes, services) and
 * where each compiled route, policy rule and iptables rule came from (provenance paths).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatIpv4 } from '../addr/ipv4.ts';
import { formatRuleShow } from '../tools/ip-rule-show.ts';
import { formatRouteLine } from '../tools/ip-route-show.ts';
import { compileLab, ifnameProblem, ID_PATTERN, IFNAME_PATTERN } from './compile.ts';
import { formatIssue, type DeviceDoc, type LabDocument } from './format.ts';
import { clipText, keyPath } from './issues.ts';

/** The seed lab drawn by hand: the appliance written out as devices[3] (public/labs has it as a design). */
const SEED = JSON.parse(
  readFileSync(new URL('../testing/fixtures/surebackup-drawn.lab.json', import.meta.url), 'utf8'),
) as LabDocument;

const lab = (devices: DeviceDoc[], segments: LabDocument['segments'] = []): LabDocument => ({
  schemaVersion: 2,
  name: 't',
  segments,
  devices,
});

describe('the seed lab', () => {
  const c = compileLab(SEED);
  const net = c.network!;

  it('compiles without issues into five namespaces on two segments', () => {
    expect(c.issues).toEqual([]);
    expect(net.name).toBe('SureBackup basic virtual lab');
    expect(net.devices.map((d) => [d.id, d.kind, d.docIndex])).toEqual([
      ['gateway', 'router', 0],
      ['vbs', 'host', 1],
      ['sf0006', 'host', 2],
      ['vlab', 'appliance', 3],
      ['sf0006-copy', 'host', 4],
    ]);
    expect(
      [...net.segments.values()].map((s) => [s.id, s.kind, s.ports.map((p) => `${p.device}/${p.iface}`)]),
    ).toEqual([
      ['prod', 'production', ['gateway/eth0', 'vbs/eth0', 'sf0006/eth0', 'vlab/eth0']],
      ['iso', 'isolated', ['vlab/eth1', 'sf0006-copy/eth0']],
    ]);
  });

  it('gives provenance for every document route, policy rule and iptables rule, and only for those', () => {
    const routes = [...c.provenance.routes].map(
      ([r, p]) => `${p}: ${formatRouteLine(r)}${r.table === 254 ? '' : ` table ${r.table}`}`,
    );
    expect(routes).toEqual([
      'devices[1].routes[0]: 192.168.150.0/24 via 192.168.149.50 dev eth0',
      'devices[1].routes[1]: default via 192.168.149.2 dev eth0',
      'devices[2].routes[0]: default via 192.168.149.2 dev eth0',
      'devices[3].routes[0]: default via 192.168.149.2 dev eth0',
      'devices[3].routes[1]: 192.168.149.0/24 dev eth1 scope link table 2',
      'devices[4].routes[0]: default via 192.168.149.2 dev eth0',
    ]);
    expect(
      [...c.provenance.rules].map(
        ([r, p]) => `${p}: ${r.pref} fwmark ${r.fwmark!.value}/${r.fwmark!.mask} lookup ${r.table}`,
      ),
    ).toEqual(['devices[3].rules[0]: 32765 fwmark 2/2 lookup 2']);
    expect([...c.provenance.iptables.values()]).toEqual([
      'devices[3].iptables.mangle.PREROUTING[0]',
      'devices[3].iptables.nat.PREROUTING[0]',
      'devices[3].iptables.nat.POSTROUTING[0]',
    ]);
    // each provenance key is the very object the device holds
    const vlab = net.byId.get('vlab')!;
    for (const r of vlab.rules) expect(c.provenance.rules.has(r)).toBe(r.pref === 32765);
    const nat = vlab.ruleset.get('nat')!;
    expect(c.provenance.iptables.get(nat.chains.get('POSTROUTING')!.rules[0]!)).toBe(
      'devices[3].iptables.nat.POSTROUTING[0]',
    );
  });

  it('the appliance: forwarding, a secondary-less noprefixroute address, table 2 and the fwmark rule', () => {
    const vlab = net.byId.get('vlab')!;
    expect(vlab.ifaces.map((i) => [i.index, i.name, i.mac, i.segment, i.conf.forwarding])).toEqual([
      [1, 'lo', '00:00:00:00:00:00', null, 1],
      [2, 'eth0', '02:00:00:00:01:32', 'prod', 1],
      [3, 'eth1', '02:00:00:00:02:02', 'iso', 1],
    ]);
    expect(formatRuleShow(vlab)).toBe(
      '0:\tfrom all lookup local\n32765:\tfrom all fwmark 0x2/0x2 lookup 2\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n',
    );
    expect(vlab.customRules).toBe(true);
    expect(net.byId.get('vbs')!.customRules).toBe(false);
    expect([...vlab.tables.keys()].sort()).toEqual([2, 254, 255]);
  });
});

describe('policy rules from the document', () => {
  it('auto preferences follow the kernel, explicit ones are kept, default rules can be removed', () => {
    const c = compileLab(
      lab([
        {
          id: 'r',
          kind: 'router',
          interfaces: [{ name: 'eth0', addresses: ['10.0.0.1/24'] }],
          rules: [
            { fwmark: 1, table: 10 },
            { from: '10.0.0.0/8', table: 11 },
            { pref: 100, to: '10.1.0.0/16', table: 12 },
            { iif: 'eth0', action: 'blackhole' },
          ],
          defaultRules: { default: false },
        },
      ]),
    );
    expect(c.issues).toEqual([]);
    const d = c.network!.byId.get('r')!;
    expect(formatRuleShow(d)).toBe(
      [
        '0:\tfrom all lookup local',
        '99:\tfrom all iif eth0 blackhole',
        '100:\tfrom all to 10.1.0.0/16 lookup 12',
        '32764:\tfrom 10.0.0.0/8 lookup 11',
        '32765:\tfrom all fwmark 0x1 lookup 10',
        '32766:\tfrom all lookup main',
        '',
      ].join('\n'),
    );
    expect([...c.provenance.rules.values()]).toEqual([
      'devices[0].rules[0]',
      'devices[0].rules[1]',
      'devices[0].rules[2]',
      'devices[0].rules[3]',
    ]);
  });

  it('a rule naming an interface the device lacks is kept with a warning ([detached])', () => {
    const c = compileLab(
      lab([{ id: 'r', kind: 'router', interfaces: [], rules: [{ oif: 'eth7', table: 5 }] }]),
    );
    expect(c.issues.map(formatIssue)).toEqual([
      'devices[0].rules[0].oif: no interface "eth7" on r: the kernel keeps the rule but it never matches ([detached])',
    ]);
    expect(c.network!.byId.get('r')!.rules).toHaveLength(4);
  });
  it('a rule interface that cannot be an interface name is an error, as in the schema', () => {
    const c = compileLab(
      lab([{ id: 'r', kind: 'router', interfaces: [], rules: [{ iif: 'a\nb', table: 5 }] }]),
    );
    expect(c.network).toBeUndefined();
    expect(c.issues.map(formatIssue)).toEqual([
      `devices[0].rules[0].iif: interface name "a\\nb" must be 1..15 characters of A-Z a-z 0-9 _ . - (the kernel's IFNAMSIZ, and safe in shell scripts)`,
    ]);
  });
});

describe('iptables provenance', () => {
  it('list chains, object chains with rules, user chains with odd names', () => {
    const c = compileLab(
      lab([
        {
          id: 'r',
          kind: 'router',
          interfaces: [{ name: 'eth0' }],
          iptables: {
            filter: {
              INPUT: { policy: 'DROP', rules: ['-i lo -j ACCEPT', '-j MY-CHAIN'] },
              'MY-CHAIN': ['-p tcp --dport 22 -j ACCEPT', '-j RETURN'],
              log_drop: ['-j LOG', '-j DROP'],
            },
            raw: { PREROUTING: ['-j CT --notrack'] },
          },
        },
      ]),
    );
    expect(c.issues).toEqual([]);
    expect([...c.provenance.iptables.values()]).toEqual([
      'devices[0].iptables.filter.INPUT.rules[0]',
      'devices[0].iptables.filter.INPUT.rules[1]',
      'devices[0].iptables.filter["MY-CHAIN"][0]',
      'devices[0].iptables.filter["MY-CHAIN"][1]',
      'devices[0].iptables.filter.log_drop[0]',
      'devices[0].iptables.filter.log_drop[1]',
      'devices[0].iptables.raw.PREROUTING[0]',
    ]);
    const filter = c.network!.byId.get('r')!.ruleset.get('filter')!;
    expect([...filter.chains.keys()]).toEqual(['INPUT', 'FORWARD', 'OUTPUT', 'MY-CHAIN', 'log_drop']);
    expect(filter.chains.get('INPUT')!.policy).toBe('DROP');
    expect(filter.chains.get('MY-CHAIN')!.policy).toBeNull();
  });
});

describe('structure', () => {
  it('ifindexes from 2 in document order, generated MACs stable and unicast, unplugged interfaces', () => {
    const c = compileLab(
      lab(
        [
          {
            id: 'a',
            kind: 'host',
            interfaces: [{ name: 'eth0', segment: 's' }, { name: 'eth1', segment: null }, { name: 'eth2' }],
          },
          { id: 'b', kind: 'host', interfaces: [{ name: 'eth0', segment: 's', mac: '02-AA-bb-CC-dd-EE' }] },
        ],
        [{ id: 's', kind: 'link' }],
      ),
    );
    expect(c.issues).toEqual([]);
    const a = c.network!.byId.get('a')!;
    expect(a.ifaces.map((i) => [i.index, i.name, i.mac, i.segment])).toEqual([
      [1, 'lo', '00:00:00:00:00:00', null],
      [2, 'eth0', '02:00:00:01:00:02', 's'],
      [3, 'eth1', '02:00:00:01:00:03', null],
      [4, 'eth2', '02:00:00:01:00:04', null],
    ]);
    expect(c.network!.byId.get('b')!.ifByName.get('eth0')!.mac).toBe('02:aa:bb:cc:dd:ee');
    expect(c.network!.segments.get('s')!.ports).toEqual([
      { device: 'a', iface: 'eth0' },
      { device: 'b', iface: 'eth0' },
    ]);
    expect(
      compileLab(lab([{ id: 'a', kind: 'host', interfaces: [{ name: 'eth0' }] }]))
        .network!.byId.get('a')!
        .ifByName.get('eth0')!.mac,
    ).toBe(a.ifByName.get('eth0')!.mac);
  });

  it('listening sockets and proxy neighbours', () => {
    const c = compileLab(
      lab([
        {
          id: 'a',
          kind: 'host',
          interfaces: [{ name: 'eth0', addresses: ['10.0.0.1/24'] }],
          listen: ['tcp/443', 'udp/53', 'tcp/1'],
          proxyNeighbours: [{ address: '10.0.0.9', dev: 'eth0' }],
        },
      ]),
    );
    expect(c.issues).toEqual([]);
    const a = c.network!.byId.get('a')!;
    expect(a.services).toEqual([
      { proto: 'tcp', port: 443 },
      { proto: 'udp', port: 53 },
      { proto: 'tcp', port: 1 },
    ]);
    expect(a.proxyNeighbours.map((p) => [formatIpv4(p.addr), p.dev])).toEqual([['10.0.0.9', 'eth0']]);
  });

  it('no network when there is an error; warnings alone do not prevent one', () => {
    const bad = compileLab(lab([{ id: 'a', kind: 'host', interfaces: [{ name: 'eth0', segment: 'nope' }] }]));
    expect(bad.network).toBeUndefined();
    expect(bad.issues.map(formatIssue)).toEqual([
      'devices[0].interfaces[0].segment: no segment "nope" (segments: none)',
    ]);
    const warned = compileLab({ ...lab([]), layout: { ghost: { x: 0, y: 0 } } });
    expect(warned.network).toBeDefined();
    expect(warned.issues.map((i) => i.severity)).toEqual(['warning']);
  });
});

describe('issue paths and texts', () => {
  it('odd keys are quoted as JSON, like the schema’s paths', () => {
    expect(keyPath('INPUT')).toBe('.INPUT');
    expect(keyPath('MY-CHAIN')).toBe('["MY-CHAIN"]');
    expect(keyPath('net.ipv4.ip_forward')).toBe('["net.ipv4.ip_forward"]');
    expect(keyPath('a"b')).toBe('["a\\"b"]');
    expect(keyPath('x'.repeat(1000)).length).toBeLessThan(200);
    const c = compileLab(lab([{ id: 'r', kind: 'router', interfaces: [], sysctls: { 'a"b\nc': 1 } }]));
    expect(c.issues.map((i) => i.path)).toEqual(['devices[0].sysctls["a\\"b\\nc"]']);
    expect(c.issues[0]!.message).not.toContain('\n');
  });

  it('huge user text is clipped in the middle', () => {
    const s = clipText('a'.repeat(100) + 'b'.repeat(100), 50);
    expect(s.length).toBeLessThanOrEqual(50);
    expect(s).toMatch(/^a+…\(\d+ characters\)…b+$/);
    expect(clipText('short', 50)).toBe('short');
  });

  it('the id and interface-name validators', () => {
    for (const ok of ['a', 'A1', '0', 'a.b-c_d', 'x'.repeat(32)]) expect(ID_PATTERN.test(ok), ok).toBe(true);
    for (const bad of ['', '-a', '.a', '_a', 'x'.repeat(33), 'a b', 'a$', 'é', 'a\n'])
      expect(ID_PATTERN.test(bad), bad).toBe(false);
    for (const ok of ['eth0', '-x', '_', 'a.b', 'x'.repeat(15)]) expect(ifnameProblem(ok), ok).toBeNull();
    for (const bad of ['', '.', '..', 'x'.repeat(16), 'a/b', 'a:b', 'a b', 'a\n'])
      expect(ifnameProblem(bad), bad).not.toBeNull();
    expect(IFNAME_PATTERN.test('eth0')).toBe(true);
  });
});

describe('proxy neighbours', () => {
  it('the same entry twice is one entry (pneigh_lookup finds it), with a warning', () => {
    const c = compileLab(
      lab([
        {
          id: 'r',
          kind: 'router',
          interfaces: [{ name: 'eth0' }],
          proxyNeighbours: [
            { address: '10.0.0.5', dev: 'eth0' },
            { address: '10.0.0.5', dev: 'eth0' },
          ],
        },
      ]),
    );
    expect(c.network!.byId.get('r')!.proxyNeighbours).toHaveLength(1);
    expect(c.issues.map((i) => [i.severity, i.path])).toEqual([['warning', 'devices[0].proxyNeighbours[1]']]);
  });
});
