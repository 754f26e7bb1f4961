/** Lab files with unknown fields, wrong types and out-of-range values. */
import { describe, expect, it } from 'vitest';
import { SEED_TEXT, type Raw, errorsAfter, errorsOfText, UNKNOWN } from './load.test-support.ts';

describe('unknown fields', () => {
  it.each<[string, (d: Raw) => void]>([
    ['extra', (d) => (d.extra = 1)],
    ['Name', (d) => (d.Name = 'typo')],
    ['segments[0].color', (d) => (d.segments[0].color = 'red')],
    ['devices[0].interface', (d) => (d.devices[0].interface = [])],
    ['devices[0].interfaces[0].ip', (d) => (d.devices[0].interfaces[0].ip = '1.2.3.4')],
    ['devices[1].routes[0].gw', (d) => (d.devices[1].routes[0].gw = '1.2.3.4')],
    ['devices[3].rules[0].lookup', (d) => (d.devices[3].rules[0].lookup = 2)],
    ['devices[3].iptables.nats', (d) => (d.devices[3].iptables.nats = {})],
    [
      'devices[3].interfaces[1].addresses[0].prefixroute',
      (d) => (d.devices[3].interfaces[1].addresses[0].prefixroute = 1),
    ],
    ['devices[0].defaultRules.all', (d) => (d.devices[0].defaultRules = { all: false })],
    ['layout.prod.height', (d) => (d.layout.prod.height = 3)],
    [
      'devices[0].proxyNeighbours[0].iface',
      (d) => (d.devices[0].proxyNeighbours = [{ address: '1.2.3.4', dev: 'eth0', iface: 'x' }]),
    ],
  ])('%s', (path, edit) => {
    expect(errorsAfter(edit)).toEqual([`${path}: ${UNKNOWN}`]);
  });

  it('__proto__ as a field is an unknown field, not a prototype', () => {
    const text = SEED_TEXT.replace('"schemaVersion": 2,', '"schemaVersion": 2, "__proto__": { "x": 1 },');
    expect(errorsOfText(text)).toEqual([`__proto__: ${UNKNOWN}`]);
  });
});

describe('wrong types and values', () => {
  const cases: [(d: Raw) => void, string][] = [
    [(d) => (d.name = 5), 'name: expected string, got number 5'],
    [(d) => delete d.name, 'name: missing (expected "name")'],
    [(d) => (d.name = 'n'.repeat(201)), 'name: too long (at most 200 characters)'],
    [
      (d) => (d.devices[0].interfaces[0].addresses = Array.from({ length: 1025 }, () => '10.0.0.1/24')),
      'devices[0].interfaces[0].addresses: 1025 items; at most 1024 are allowed here',
    ],
    [(d) => (d.devices = {}), 'devices: expected Array, got an object'],
    [(d) => (d.segments = null), 'segments: expected Array, got null'],
    [(d) => (d.devices[0] = 'gateway'), 'devices[0]: expected Object, got "gateway"'],
    [(d) => (d.devices[0].interfaces = 'eth0'), 'devices[0].interfaces: expected Array, got "eth0"'],
    [
      (d) => (d.devices[0].kind = 'toaster'),
      'devices[0].kind: expected ("host" | "router" | "appliance"), got "toaster"',
    ],
    [
      (d) => (d.segments[1].kind = 'Isolated'),
      'segments[1].kind: expected ("production" | "isolated" | "link"), got "Isolated"',
    ],
    [(d) => (d.segments[0].vlan = 5000), 'segments[0].vlan: number 5000 is out of range (<=4094)'],
    [(d) => (d.segments[0].vlan = 1.5), 'segments[0].vlan: number 1.5 is out of range (an integer)'],
    [(d) => (d.segments[0].vlan = '0'), 'segments[0].vlan: expected number, got "0"'],
    [
      (d) => (d.devices[0].interfaces[0].addresses = '192.168.149.2/24'),
      'devices[0].interfaces[0].addresses: expected Array, got "192.168.149.2/24"',
    ],
    [
      (d) => (d.devices[0].interfaces[0].addresses = [5]),
      'devices[0].interfaces[0].addresses[0]: expected (string | Object), got number 5',
    ],
    [
      (d) => (d.devices[0].interfaces[0].segment = 5),
      'devices[0].interfaces[0].segment: expected string, got number 5',
    ],
    [
      (d) => (d.devices[3].interfaces[1].addresses[0].noprefixroute = 'yes'),
      'devices[3].interfaces[1].addresses[0].noprefixroute: expected boolean, got "yes"',
    ],
    [(d) => (d.devices[1].routes[0].metric = '1'), 'devices[1].routes[0].metric: expected number, got "1"'],
    [
      (d) => (d.devices[1].routes[0].metric = 2 ** 32),
      'devices[1].routes[0].metric: number 4294967296 is out of range (<=4294967295)',
    ],
    [
      (d) => (d.devices[1].routes[0].table = -1),
      'devices[1].routes[0].table: number -1 is out of range (>=0)',
    ],
    [
      (d) => (d.devices[1].routes[0].dev = 5),
      'devices[1].routes[0].dev: expected (string | "lo"), got number 5',
    ],
    [
      (d) => (d.devices[1].routes[0].onlink = 'yes'),
      'devices[1].routes[0].onlink: expected boolean, got "yes"',
    ],
    [
      (d) => (d.devices[1].routes[0].type = 'nat'),
      'devices[1].routes[0].type: expected ("unicast" | "local" | "broadcast" | "blackhole" | "unreachable" | "prohibit" | "throw"), got "nat"',
    ],
    [(d) => (d.devices[1].routes[0].to = 'x'), 'devices[1].routes[0].to: "x" is not an IPv4 prefix'],
    [
      (d) => (d.devices[1].routes[0].via = '192.168.149.500'),
      'devices[1].routes[0].via: "192.168.149.500" is not an IPv4 address',
    ],
    [
      (d) => (d.devices[3].rules[0].fwmark = true),
      'devices[3].rules[0].fwmark: expected (string | number), got boolean true',
    ],
    [
      (d) => (d.devices[3].rules[0].fwmark = 'x'),
      'devices[3].rules[0].fwmark: fwmark "x": "x" is not a 32-bit unsigned number',
    ],
    [
      (d) => (d.devices[3].rules[0].table = 'foo'),
      'devices[3].rules[0].table: table "foo" is not main, local, default or a number 1..4294967295',
    ],
    [
      (d) => (d.devices[3].rules[0] = { action: 'goto' }),
      'devices[3].rules[0].goto: action "goto" needs the target preference in "goto"',
    ],
    [
      (d) => (d.devices[3].rules[0] = { action: 'blackhole', table: 5 }),
      'devices[3].rules[0].table: a rule with action "blackhole" has no table',
    ],
    [
      (d) => (d.devices[3].rules[0].suppressPrefixlength = 33),
      'devices[3].rules[0].suppressPrefixlength: number 33 is out of range (<=32)',
    ],
    [
      (d) => (d.devices[3].sysctls['net.ipv4.ip_forward'] = true),
      'devices[3].sysctls["net.ipv4.ip_forward"]: expected number, got boolean true',
    ],
    [
      (d) => (d.devices[3].sysctls['net.ipv4.ip_forward'] = 0.5),
      'devices[3].sysctls["net.ipv4.ip_forward"]: number 0.5 is out of range (an integer)',
    ],
    [
      (d) => (d.devices[3].iptables.nat.PREROUTING = '-j ACCEPT'),
      'devices[3].iptables.nat.PREROUTING: expected (Array | Object), got "-j ACCEPT"',
    ],
    [
      (d) => (d.devices[3].iptables.filter = { INPUT: { policy: 'REJECT' } }),
      'devices[3].iptables.filter.INPUT.policy: expected ("ACCEPT" | "DROP"), got "REJECT"',
    ],
    [
      (d) => (d.devices[3].iptables.filter = { INPUT: { rules: '-j DROP' } }),
      'devices[3].iptables.filter.INPUT.rules: expected Array, got "-j DROP"',
    ],
    [
      (d) => (d.devices[0].listen = ['tcp/0']),
      'devices[0].listen[0]: "tcp/0" is not a listening socket like "tcp/443" or "udp/53"',
    ],
    [
      (d) => (d.devices[0].listen = ['sctp/80']),
      'devices[0].listen[0]: "sctp/80" is not a listening socket like "tcp/443" or "udp/53"',
    ],
    [
      (d) => (d.devices[0].listen = ['tcp/65536']),
      'devices[0].listen[0]: "tcp/65536" is not a listening socket like "tcp/443" or "udp/53"',
    ],
    [(d) => (d.layout.prod.x = 'a'), 'layout.prod.x: expected number, got "a"'],
    [
      (d) => (d.devices[0].proxyNeighbours = [{ address: '1.2.3.4', dev: 'eth7' }]),
      'devices[0].proxyNeighbours[0].dev: no interface "eth7" on gateway',
    ],
  ];
  it.each(cases.map(([edit, message]) => [message, edit] as const))('%s', (message, edit) => {
    expect(errorsAfter(edit)).toEqual([message]);
  });
});
