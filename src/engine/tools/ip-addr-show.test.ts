import { describe, expect, it } from 'vitest';
import { ipv4 } from '../addr/ipv4.ts';
import { formatAddrShow } from './ip-addr-show.ts';
import { addr, device } from './testing.ts';

const d = device({
  ifaces: [
    {
      name: 'eth0',
      mac: '02:00:00:00:01:01',
      addrs: [
        addr('192.168.149.50/24'),
        addr('10.5.0.1/24', { broadcast: ipv4('10.5.0.200') }),
        addr('192.168.149.51/24', { secondary: true }),
      ],
    },
    {
      name: 'eth1',
      mac: '02:00:00:00:01:02',
      addrs: [addr('10.0.0.4/24', { secondary: true, noprefixroute: true })],
    },
    { name: 'eth2', mac: '02:00:00:00:01:03' },
  ],
});

const LO = [
  '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000',
  '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
  '    inet 127.0.0.1/8 scope host lo',
  '       valid_lft forever preferred_lft forever',
];

describe('ip addr show', () => {
  it('prints lo and veths with IPv6 disabled', () => {
    expect(formatAddrShow(d)).toBe(
      [
        ...LO,
        '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000',
        '    link/ether 02:00:00:00:01:01 brd ff:ff:ff:ff:ff:ff',
        '    inet 192.168.149.50/24 scope global eth0',
        '       valid_lft forever preferred_lft forever',
        '    inet 10.5.0.1/24 brd 10.5.0.200 scope global eth0',
        '       valid_lft forever preferred_lft forever',
        '    inet 192.168.149.51/24 scope global secondary eth0',
        '       valid_lft forever preferred_lft forever',
        '3: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000',
        '    link/ether 02:00:00:00:01:02 brd ff:ff:ff:ff:ff:ff',
        '    inet 10.0.0.4/24 scope global secondary noprefixroute eth1',
        '       valid_lft forever preferred_lft forever',
        '4: eth2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000',
        '    link/ether 02:00:00:00:01:03 brd ff:ff:ff:ff:ff:ff',
        '',
      ].join('\n'),
    );
  });

  it('-4 drops the link line and links without addresses', () => {
    expect(formatAddrShow(d, { inet: true })?.split('\n').slice(0, 5)).toEqual([
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000',
      '    inet 127.0.0.1/8 scope host lo',
      '       valid_lft forever preferred_lft forever',
      '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000',
      '    inet 192.168.149.50/24 scope global eth0',
    ]);
    expect(formatAddrShow(d, { inet: true, dev: 'eth2' })).toBe('');
    expect(formatAddrShow(d, { inet: true, json: true, dev: 'lo' })).toBe(
      '[{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP","LOWER_UP"],"mtu":65536,"qdisc":"noqueue","operstate":"UNKNOWN","group":"default","txqlen":1000,"addr_info":[{"family":"inet","local":"127.0.0.1","prefixlen":8,"scope":"host","label":"lo","valid_life_time":4294967295,"preferred_life_time":4294967295}]}]\n',
    );
  });

  it('dev D, and an unknown D', () => {
    expect(formatAddrShow(d, { dev: 'eth2' })).toBe(
      '4: eth2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n    link/ether 02:00:00:00:01:03 brd ff:ff:ff:ff:ff:ff\n',
    );
    expect(formatAddrShow(d, { dev: 'nope' })).toBeNull();
  });

  it('JSON', () => {
    expect(formatAddrShow(d, { json: true, dev: 'eth1' })).toBe(
      '[{"ifindex":3,"ifname":"eth1","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,"qdisc":"noqueue","operstate":"UP","group":"default","txqlen":1000,"link_type":"ether","address":"02:00:00:00:01:02","broadcast":"ff:ff:ff:ff:ff:ff","addr_info":[{"family":"inet","local":"10.0.0.4","prefixlen":24,"scope":"global","secondary":true,"noprefixroute":true,"label":"eth1","valid_life_time":4294967295,"preferred_life_time":4294967295}]}]\n',
    );
    expect(formatAddrShow(d, { json: true, dev: 'eth0' })).toContain(
      '{"family":"inet","local":"10.5.0.1","prefixlen":24,"broadcast":"10.5.0.200","scope":"global","label":"eth0","valid_life_time":4294967295,"preferred_life_time":4294967295}',
    );
  });
});
