/**
 * Interface addresses and the kernel routes each one creates, against what Linux does. The expected
 * texts were recorded on Linux 6.18 with iproute2 6.1 by running the same `ip addr add` commands in a
 * fresh network namespace (`ip -4 addr show`, `ip route show table all`, IPv6 lines dropped).
 */
import { describe, expect, it } from 'vitest';
import { cidr, formatIpv4 } from '../addr/ipv4.ts';
import type { Device, IfAddr } from '../model/device.ts';
import { formatRouteShow } from '../tools/ip-route-show.ts';
import { insertAddress, parseAddresses } from './compile-addresses.ts';
import { compileLab } from './compile.ts';
import type { AddressDocEntry, InterfaceDoc } from './format.ts';
import { Issues } from './issues.ts';

function addr(text: string, scope: IfAddr['scope'] = 'global', docIndex = 0): IfAddr {
  const c = cidr(text);
  return { local: c.addr, len: c.len, secondary: false, noprefixroute: false, scope, docIndex };
}
const show = (list: readonly IfAddr[]) =>
  list.map((a) => `${formatIpv4(a.local)}/${a.len}${a.secondary ? ' secondary' : ''}`);

/** One device with these interfaces, compiled; fails the test on any issue. */
function device(interfaces: InterfaceDoc[]): Device {
  const c = compileLab({
    schemaVersion: 2,
    name: 't',
    segments: [],
    devices: [{ id: 'r', kind: 'router', interfaces }],
  });
  expect(c.issues).toEqual([]);
  return c.network!.byId.get('r')!;
}
const inetLines = (d: Device, name: string) =>
  d.ifByName
    .get(name)!
    .addrs.map(
      (a) =>
        `${formatIpv4(a.local)}/${a.len}${a.broadcast !== undefined ? ` brd ${formatIpv4(a.broadcast)}` : ''} scope ${a.scope}${a.secondary ? ' secondary' : ''}${a.noprefixroute ? ' noprefixroute' : ''}`,
    );

describe('insertAddress (__inet_insert_ifa)', () => {
  it('an address in the subnet of an earlier one, same prefix length, is secondary and goes last', () => {
    const list: IfAddr[] = [];
    for (const a of ['10.0.0.1/24', '10.0.0.2/24', '10.1.0.1/16', '10.0.0.3/25'])
      expect(insertAddress(list, addr(a))).toBe('ok');
    expect(show(list)).toEqual(['10.0.0.1/24', '10.1.0.1/16', '10.0.0.3/25', '10.0.0.2/24 secondary']);
  });

  it('a primary goes after the last primary of equal or wider scope: host-scope before global', () => {
    const list: IfAddr[] = [addr('127.0.0.1/8', 'host')];
    insertAddress(list, addr('10.9.9.9/32'));
    insertAddress(list, addr('127.1.0.1/16', 'host'));
    insertAddress(list, addr('127.0.0.2/8', 'host'));
    insertAddress(list, addr('10.8.0.1/24'));
    expect(show(list)).toEqual([
      '127.0.0.1/8',
      '127.1.0.1/16',
      '10.9.9.9/32',
      '10.8.0.1/24',
      '127.0.0.2/8 secondary',
    ]);
  });

  it('the same address and prefix length twice is EEXIST; with another length it is another address', () => {
    const list: IfAddr[] = [];
    expect(insertAddress(list, addr('10.0.0.1/24'))).toBe('ok');
    expect(insertAddress(list, addr('10.0.0.1/24'))).toBe('exists');
    expect(insertAddress(list, addr('10.0.0.1/16'))).toBe('ok');
    expect(show(list)).toEqual(['10.0.0.1/24', '10.0.0.1/16']);
  });

  it('the list does not depend on anything but insertion order (secondaries keep theirs)', () => {
    const list: IfAddr[] = [];
    for (const a of ['10.0.0.5/24', '10.0.0.4/24', '10.0.0.3/24', '10.0.0.9/24'])
      insertAddress(list, addr(a));
    expect(show(list)).toEqual([
      '10.0.0.5/24',
      '10.0.0.4/24 secondary',
      '10.0.0.3/24 secondary',
      '10.0.0.9/24 secondary',
    ]);
  });
});

describe('parseAddresses', () => {
  it('kernel order, document positions kept; 127/8 is host scope; noprefixroute and broadcast', () => {
    const issues = new Issues();
    const entries: AddressDocEntry[] = [
      '10.0.0.1/24',
      { address: '127.0.0.5/8' },
      { address: '10.0.0.2/24', noprefixroute: true, broadcast: '10.0.0.9' },
    ];
    const list = parseAddresses(entries, 'p', issues);
    expect(issues.list).toEqual([]);
    expect(list.map((a) => [formatIpv4(a.local), a.scope, a.secondary, a.noprefixroute, a.docIndex])).toEqual(
      [
        ['127.0.0.5', 'host', false, false, 1], // host scope: before the global primaries
        ['10.0.0.1', 'global', false, false, 0],
        ['10.0.0.2', 'global', true, true, 2],
      ],
    );
    expect(formatIpv4(list[2]!.broadcast!)).toBe('10.0.0.9');
  });

  it('reports each bad entry at its own path and keeps the good ones', () => {
    const issues = new Issues();
    const list = parseAddresses(
      ['10.0.0.1/24', '10.0.0.300/24', { address: '10.0.0.2/24', broadcast: 'x' }, '10.0.0.1/24', '10.0.0.7'],
      'devices[0].interfaces[1].addresses',
      issues,
    );
    expect(issues.list.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'devices[0].interfaces[1].addresses[1]: "10.0.0.300/24" is not an IPv4 prefix: "10.0.0.300" is not an IPv4 address',
      'devices[0].interfaces[1].addresses[2].broadcast: "x" is not an IPv4 address',
      'devices[0].interfaces[1].addresses[3]: 10.0.0.1/24 is listed twice on this interface (the kernel answers "File exists")',
      'devices[0].interfaces[1].addresses[4]: "10.0.0.7" is not an IPv4 prefix (expected a.b.c.d/len)',
    ]);
    expect(show(list)).toEqual(['10.0.0.1/24', '10.0.0.2/24 secondary']);
  });
});

describe('kernel routes per address (fib_add_ifaddr), as Linux makes them', () => {
  it('primary, secondary, other prefix lengths, /31, /32, noprefixroute, broadcast, zeronet, network and broadcast addresses, lo', () => {
    const d = device([
      { name: 'lo', addresses: ['127.0.0.2/8', '10.9.9.9/32', '10.8.0.1/24', '127.1.0.1/16'] },
      {
        name: 'eth0',
        addresses: [
          '10.0.0.1/24',
          '10.0.0.2/24',
          '10.1.0.1/16',
          '10.0.0.3/25',
          '192.168.1.1/31',
          '192.168.2.1/32',
          { address: '172.16.0.1/24', noprefixroute: true },
          { address: '10.2.0.1/24', broadcast: '10.2.0.128' },
          '0.1.2.3/8',
          '10.3.0.0/24',
          '10.4.0.255/24',
        ],
      },
    ]);
    expect(inetLines(d, 'lo')).toEqual([
      '127.0.0.1/8 scope host',
      '127.1.0.1/16 scope host',
      '10.9.9.9/32 scope global',
      '10.8.0.1/24 scope global',
      '127.0.0.2/8 scope host secondary',
    ]);
    expect(inetLines(d, 'eth0')).toEqual([
      '10.0.0.1/24 scope global',
      '10.1.0.1/16 scope global',
      '10.0.0.3/25 scope global',
      '192.168.1.1/31 scope global',
      '192.168.2.1/32 scope global',
      '172.16.0.1/24 scope global noprefixroute',
      '10.2.0.1/24 brd 10.2.0.128 scope global',
      '0.1.2.3/8 scope global',
      '10.3.0.0/24 scope global',
      '10.4.0.255/24 scope global',
      '10.0.0.2/24 scope global secondary',
    ]);
    expect(formatRouteShow(d, { table: 'all' })).toBe(
      [
        '10.0.0.0/25 dev eth0 proto kernel scope link src 10.0.0.3 ',
        '10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1 ',
        '10.1.0.0/16 dev eth0 proto kernel scope link src 10.1.0.1 ',
        '10.2.0.0/24 dev eth0 proto kernel scope link src 10.2.0.1 ',
        '10.3.0.0/24 dev eth0 proto kernel scope link src 10.3.0.0 ',
        '10.4.0.0/24 dev eth0 proto kernel scope link src 10.4.0.255 ',
        '192.168.1.0/31 dev eth0 proto kernel scope link src 192.168.1.1 ',
        'local 0.1.2.3 dev eth0 table local proto kernel scope host src 0.1.2.3 ',
        'local 10.0.0.1 dev eth0 table local proto kernel scope host src 10.0.0.1 ',
        'local 10.0.0.2 dev eth0 table local proto kernel scope host src 10.0.0.1 ',
        'local 10.0.0.3 dev eth0 table local proto kernel scope host src 10.0.0.3 ',
        'broadcast 10.0.0.127 dev eth0 table local proto kernel scope link src 10.0.0.3 ',
        'broadcast 10.0.0.255 dev eth0 table local proto kernel scope link src 10.0.0.1 ',
        'local 10.1.0.1 dev eth0 table local proto kernel scope host src 10.1.0.1 ',
        'broadcast 10.1.255.255 dev eth0 table local proto kernel scope link src 10.1.0.1 ',
        'local 10.2.0.1 dev eth0 table local proto kernel scope host src 10.2.0.1 ',
        'broadcast 10.2.0.128 dev eth0 table local proto kernel scope link src 10.2.0.1 ',
        'broadcast 10.2.0.255 dev eth0 table local proto kernel scope link src 10.2.0.1 ',
        'local 10.3.0.0 dev eth0 table local proto kernel scope host src 10.3.0.0 ',
        'broadcast 10.3.0.255 dev eth0 table local proto kernel scope link src 10.3.0.0 ',
        'local 10.4.0.255 dev eth0 table local proto kernel scope host src 10.4.0.255 ',
        'broadcast 10.4.0.255 dev eth0 table local proto kernel scope link src 10.4.0.255 ',
        'local 10.8.0.0/24 dev lo table local proto kernel scope host src 10.8.0.1 ',
        'local 10.8.0.1 dev lo table local proto kernel scope host src 10.8.0.1 ',
        'broadcast 10.8.0.255 dev lo table local proto kernel scope link src 10.8.0.1 ',
        'local 10.9.9.9 dev lo table local proto kernel scope host src 10.9.9.9 ',
        'local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 ',
        'local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 ',
        'local 127.0.0.2 dev lo table local proto kernel scope host src 127.0.0.1 ',
        'local 127.1.0.0/16 dev lo table local proto kernel scope host src 127.1.0.1 ',
        'local 127.1.0.1 dev lo table local proto kernel scope host src 127.1.0.1 ',
        'broadcast 127.1.255.255 dev lo table local proto kernel scope link src 127.1.0.1 ',
        'broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 ',
        'local 172.16.0.1 dev eth0 table local proto kernel scope host src 172.16.0.1 ',
        'broadcast 172.16.0.255 dev eth0 table local proto kernel scope link src 172.16.0.1 ',
        'local 192.168.1.1 dev eth0 table local proto kernel scope host src 192.168.1.1 ',
        'local 192.168.2.1 dev eth0 table local proto kernel scope host src 192.168.2.1 ',
        '',
      ].join('\n'),
    );
  });

  it('the same route twice is made once: an explicit broadcast equal to the computed one, one address with two lengths', () => {
    const d = device([
      { name: 'lo', addresses: [{ address: '10.3.0.1/24', broadcast: '10.3.0.77' }] },
      {
        name: 'eth0',
        addresses: [
          { address: '10.2.0.1/24', broadcast: '10.2.0.255' },
          { address: '10.4.0.1/24', broadcast: '10.4.0.255', noprefixroute: true },
          { address: '10.4.0.2/24', broadcast: '10.4.0.9' },
        ],
      },
      { name: 'eth1', addresses: ['10.0.0.1/24', '10.0.0.1/16'] },
      { name: 'eth2', addresses: ['10.0.0.1/24'] },
    ]);
    expect(
      formatRouteShow(d, { table: 'all' })
        .split('\n')
        .filter((l) => !l.includes(' 127.')),
    ).toEqual([
      '10.0.0.0/24 dev eth1 proto kernel scope link src 10.0.0.1 ',
      '10.0.0.0/24 dev eth2 proto kernel scope link src 10.0.0.1 ',
      '10.0.0.0/16 dev eth1 proto kernel scope link src 10.0.0.1 ',
      '10.2.0.0/24 dev eth0 proto kernel scope link src 10.2.0.1 ',
      'local 10.0.0.1 dev eth1 table local proto kernel scope host src 10.0.0.1 ',
      'local 10.0.0.1 dev eth2 table local proto kernel scope host src 10.0.0.1 ',
      'broadcast 10.0.0.255 dev eth1 table local proto kernel scope link src 10.0.0.1 ',
      'broadcast 10.0.0.255 dev eth2 table local proto kernel scope link src 10.0.0.1 ',
      'broadcast 10.0.255.255 dev eth1 table local proto kernel scope link src 10.0.0.1 ',
      'local 10.2.0.1 dev eth0 table local proto kernel scope host src 10.2.0.1 ',
      'broadcast 10.2.0.255 dev eth0 table local proto kernel scope link src 10.2.0.1 ',
      'local 10.3.0.0/24 dev lo table local proto kernel scope host src 10.3.0.1 ',
      'local 10.3.0.1 dev lo table local proto kernel scope host src 10.3.0.1 ',
      'broadcast 10.3.0.77 dev lo table local proto kernel scope link src 10.3.0.1 ',
      'broadcast 10.3.0.255 dev lo table local proto kernel scope link src 10.3.0.1 ',
      'local 10.4.0.1 dev eth0 table local proto kernel scope host src 10.4.0.1 ',
      'local 10.4.0.2 dev eth0 table local proto kernel scope host src 10.4.0.1 ',
      'broadcast 10.4.0.9 dev eth0 table local proto kernel scope link src 10.4.0.1 ',
      'broadcast 10.4.0.255 dev eth0 table local proto kernel scope link src 10.4.0.1 ',
      '',
    ]);
  });

  it('a /32 on a plain interface makes only its local route; lo keeps 127.0.0.1/8 first', () => {
    const d = device([{ name: 'eth0', addresses: ['192.0.2.7/32'] }]);
    expect(formatRouteShow(d)).toBe('');
    expect(formatRouteShow(d, { table: 'all' }).split('\n')).toEqual([
      'local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 ',
      'local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 ',
      'broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 ',
      'local 192.0.2.7 dev eth0 table local proto kernel scope host src 192.0.2.7 ',
      '',
    ]);
    expect(d.ifaces.map((i) => [i.index, i.name])).toEqual([
      [1, 'lo'],
      [2, 'eth0'],
    ]);
  });

  it('kernel routes carry no provenance (only document routes do)', () => {
    const c = compileLab({
      schemaVersion: 2,
      name: 't',
      segments: [],
      devices: [{ id: 'r', kind: 'router', interfaces: [{ name: 'eth0', addresses: ['10.0.0.1/24'] }] }],
    });
    expect(c.provenance.routes.size).toBe(0);
  });
});
