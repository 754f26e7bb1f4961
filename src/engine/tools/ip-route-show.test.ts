import { describe, expect, it } from 'vitest';
import { TABLE_LOCAL } from '../model/route.ts';
import { formatRouteShow, routeTableExists, tablesInDumpOrder } from './ip-route-show.ts';
import { device, route } from './testing.ts';

const kernel = { proto: 'kernel', scope: 'link' } as const;

describe('ip route show', () => {
  it('prints like print_route(): type, default, /32 elision, via, dev, proto, scope, src, metric, onlink', () => {
    const d = device({
      ifaces: [{ name: 'eth0' }, { name: 'eth1' }],
      routes: [
        route('default', { gateway: '192.168.149.2', dev: 'eth0' }),
        route('192.168.149.0/24', { dev: 'eth0', prefsrc: '192.168.149.50', ...kernel }),
        route('10.50.0.0/16', { type: 'blackhole', scope: 'global' }),
        route('10.51.0.0/16', { type: 'unreachable', metric: 5 }),
        route('10.52.0.0/16', { type: 'prohibit' }),
        route('10.60.0.0/24', { gateway: '1.2.3.4', dev: 'eth0', onlink: true }),
        route('10.61.0.0/24', { dev: 'eth0', prefsrc: '192.168.149.50' }),
        route('10.62.0.1/32', { dev: 'eth1' }),
        route('172.16.0.0/12', { gateway: '192.168.149.1', dev: 'eth0', metric: 100 }),
        route('172.16.0.0/12', { dev: 'eth1', metric: 50 }),
      ],
    });
    expect(formatRouteShow(d)).toBe(
      [
        'default via 192.168.149.2 dev eth0 ',
        'blackhole 10.50.0.0/16 ',
        'unreachable 10.51.0.0/16 metric 5 ',
        'prohibit 10.52.0.0/16 ',
        '10.60.0.0/24 via 1.2.3.4 dev eth0 onlink ',
        '10.61.0.0/24 dev eth0 scope link src 192.168.149.50 ',
        '10.62.0.1 dev eth1 scope link ',
        '172.16.0.0/12 dev eth1 scope link metric 50 ',
        '172.16.0.0/12 via 192.168.149.1 dev eth0 metric 100 ',
        '192.168.149.0/24 dev eth0 proto kernel scope link src 192.168.149.50 ',
        '',
      ].join('\n'),
    );
    expect(formatRouteShow(d, { json: true })).toBe(
      '[{"dst":"default","gateway":"192.168.149.2","dev":"eth0","flags":[]},' +
        '{"type":"blackhole","dst":"10.50.0.0/16","flags":[]},' +
        '{"type":"unreachable","dst":"10.51.0.0/16","metric":5,"flags":[]},' +
        '{"type":"prohibit","dst":"10.52.0.0/16","flags":[]},' +
        '{"dst":"10.60.0.0/24","gateway":"1.2.3.4","dev":"eth0","flags":["onlink"]},' +
        '{"dst":"10.61.0.0/24","dev":"eth0","scope":"link","prefsrc":"192.168.149.50","flags":[]},' +
        '{"dst":"10.62.0.1","dev":"eth1","scope":"link","flags":[]},' +
        '{"dst":"172.16.0.0/12","dev":"eth1","scope":"link","metric":50,"flags":[]},' +
        '{"dst":"172.16.0.0/12","gateway":"192.168.149.1","dev":"eth0","metric":100,"flags":[]},' +
        '{"dst":"192.168.149.0/24","dev":"eth0","protocol":"kernel","scope":"link","prefsrc":"192.168.149.50","flags":[]}]\n',
    );
  });

  it('orders a fib_trie leaf: longer prefix first, then metric, then insertion', () => {
    const d = device({
      ifaces: [{ name: 'eth0' }, { name: 'eth1' }],
      routes: [
        route('10.0.0.0/8', { dev: 'eth0' }),
        route('10.0.0.0/16', { dev: 'eth0' }),
        route('10.0.0.0/24', { dev: 'eth0', metric: 3 }),
        route('10.0.0.0/24', { dev: 'eth1', metric: 3 }),
        route('10.0.0.0/24', { dev: 'eth0' }),
        route('10.0.0.0/9', { dev: 'eth0' }),
        route('default', { dev: 'eth0', metric: 7 }),
        route('default', { dev: 'eth0' }),
        route('0.0.0.0/8', { dev: 'eth0' }),
        route('200.0.0.0/8', { dev: 'eth0' }),
      ],
    });
    expect(formatRouteShow(d).split('\n')).toEqual([
      '0.0.0.0/8 dev eth0 scope link ',
      'default dev eth0 scope link ',
      'default dev eth0 scope link metric 7 ',
      '10.0.0.0/24 dev eth0 scope link ',
      '10.0.0.0/24 dev eth0 scope link metric 3 ',
      '10.0.0.0/24 dev eth1 scope link metric 3 ',
      '10.0.0.0/16 dev eth0 scope link ',
      '10.0.0.0/9 dev eth0 scope link ',
      '10.0.0.0/8 dev eth0 scope link ',
      '200.0.0.0/8 dev eth0 scope link ',
      '',
    ]);
  });

  it('prints `table T` only when all tables are dumped, and never for main', () => {
    const d = device({
      ifaces: [{ name: 'eth0' }],
      routes: [
        route('10.63.0.0/24', { dev: 'eth0', table: 2 }),
        route('10.53.0.0/16', { type: 'throw', table: 7 }),
        route('10.1.0.0/16', { dev: 'eth0' }),
        route('127.0.0.1/32', {
          type: 'local',
          dev: 'lo',
          table: TABLE_LOCAL,
          proto: 'kernel',
          prefsrc: '127.0.0.1',
        }),
      ],
    });
    expect(formatRouteShow(d, { table: 2 })).toBe('10.63.0.0/24 dev eth0 scope link \n');
    expect(formatRouteShow(d, { table: TABLE_LOCAL })).toBe(
      'local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1 \n',
    );
    expect(formatRouteShow(d, { table: 'all' })).toBe(
      [
        '10.63.0.0/24 dev eth0 table 2 scope link ',
        'throw 10.53.0.0/16 table 7 ',
        '10.1.0.0/16 dev eth0 scope link ',
        'local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 ',
        '',
      ].join('\n'),
    );
    expect(formatRouteShow(d, { table: 'all', json: true })).toContain(
      '{"type":"throw","dst":"10.53.0.0/16","table":"7","flags":[]}',
    );
  });

  it('dumps tables by hash bucket (id & 255), newest first within a bucket', () => {
    const ids = [1000, 232, 2, 258, 7, 500, 244, 70000, 4294967295];
    const d = device({ routes: ids.map((t) => route('10.0.0.0/8', { type: 'blackhole', table: t })) });
    expect(tablesInDumpOrder(d)).toEqual([258, 2, 7, 70000, 232, 1000, 244, 500, 254, 4294967295, 255]);
  });

  it('dev D filters and leaves dev out', () => {
    const d = device({
      ifaces: [{ name: 'eth0' }, { name: 'eth1' }],
      routes: [
        route('10.0.0.0/8', { dev: 'eth0' }),
        route('10.1.0.0/16', { dev: 'eth1' }),
        route('10.2.0.0/16', { type: 'blackhole' }),
      ],
    });
    expect(formatRouteShow(d, { dev: 'eth1' })).toBe('10.1.0.0/16 scope link \n');
  });

  it('knows which tables exist', () => {
    const d = device({ routes: [route('10.0.0.0/8', { type: 'blackhole', table: 2 })] });
    expect([254, 255, 2, 253, 99].map((t) => routeTableExists(d, t))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it('pretty JSON', () => {
    const d = device({ ifaces: [{ name: 'eth0' }], routes: [route('1.2.3.4/32', { dev: 'eth0' })] });
    expect(formatRouteShow(d, { json: true, pretty: true })).toBe(
      '[ {\n        "dst": "1.2.3.4",\n        "dev": "eth0",\n        "scope": "link",\n        "flags": [ ]\n    } ]\n',
    );
    expect(formatRouteShow(device(), { json: true })).toBe('[]\n');
    expect(formatRouteShow(device())).toBe('');
  });
});
