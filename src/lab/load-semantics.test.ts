/** Lab files the compiler refuses: addresses, names, references, sysctls, routes the kernel refuses, iptables rules. */
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../engine/lab/format.ts';
import { type Raw, loadEdited, errorsAfter } from './load.test-support.ts';

describe('addresses', () => {
  it('the documented example: devices[2].interfaces[0].addresses[1]', () => {
    expect(
      errorsAfter((d) => {
        d.devices[2].interfaces[0].addresses = ['192.168.149.36/24', '192.168.1.300/24'];
      }),
    ).toEqual(['devices[2].interfaces[0].addresses[1]: "192.168.1.300/24" is not an IPv4 address']);
  });

  it.each<[unknown, string]>([
    ['192.168.1.300/24', 'addresses[0]: "192.168.1.300/24" is not an IPv4 address'],
    ['192.168.1.3', 'addresses[0]: "192.168.1.3" is not an IPv4 prefix (expected a.b.c.d/len)'],
    ['192.168.1.3/33', 'addresses[0]: "192.168.1.3/33" is not an IPv4 prefix: prefix length must be 0..32'],
    ['192.168.01.3/24', 'addresses[0]: "192.168.01.3/24" is not an IPv4 address'],
    [' 192.168.1.3/24', 'addresses[0]: " 192.168.1.3/24" is not an IPv4 address'],
    [{ address: '10.0.0.256/8' }, 'addresses[0].address: "10.0.0.256/8" is not an IPv4 address'],
    [
      { address: '10.0.0.1/8', broadcast: '10.255.255' },
      'addresses[0].broadcast: "10.255.255" is not an IPv4 address',
    ],
  ])('%j', (entry, message) => {
    expect(
      errorsAfter((d) => {
        d.devices[0].interfaces[0].addresses = [entry];
      }),
    ).toEqual([`devices[0].interfaces[0].${message}`]);
  });

  it('the same address twice on an interface is "File exists"', () => {
    expect(
      errorsAfter((d) => {
        d.devices[0].interfaces[0].addresses = ['192.168.149.2/24', '192.168.149.2/24'];
      }),
    ).toEqual([
      'devices[0].interfaces[0].addresses[1]: 192.168.149.2/24 is listed twice on this interface (the kernel answers "File exists")',
    ]);
  });

  it('the same address on two devices of a segment is a warning (ARP conflict), not an error', () => {
    const r = loadEdited((d) => {
      d.devices[1].interfaces[0].addresses = ['192.168.149.2/24'];
    });
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(r.warnings.map(formatIssue)).toEqual([
        'devices[1].interfaces[0].addresses: 192.168.149.2 is also configured on gateway in segment "prod": both answer ARP for it (address conflict)',
      ]);
  });
});

describe('MACs, ids, interface names, references', () => {
  it.each([
    ['zz', '"zz" is not a MAC address (aa:bb:cc:dd:ee:ff)'],
    ['00:11:22:33:44', '"00:11:22:33:44" is not a MAC address (aa:bb:cc:dd:ee:ff)'],
    ['00:11:22:33:44:55:66', '"00:11:22:33:44:55:66" is not a MAC address (aa:bb:cc:dd:ee:ff)'],
    ['0g:11:22:33:44:55', '"0g:11:22:33:44:55" is not a MAC address (aa:bb:cc:dd:ee:ff)'],
    ['01:00:5e:00:00:01', '01:00:5e:00:00:01 is a multicast MAC; an interface needs a unicast one'],
  ])('MAC %j', (mac, message) => {
    expect(
      errorsAfter((d) => {
        d.devices[0].interfaces[0].mac = mac;
      }),
    ).toEqual([`devices[0].interfaces[0].mac: ${message}`]);
  });

  it('a MAC used twice on a segment', () => {
    expect(
      errorsAfter((d) => {
        d.devices[1].interfaces[0].mac = '02:00:00:00:01:02';
      }),
    ).toEqual([
      'devices[1].interfaces[0].mac: MAC 02:00:00:00:01:02 is also used by gateway/eth0 on segment "prod"',
    ]);
  });

  const ID_RULE =
    'is not a valid id (1..32 characters of A-Z a-z 0-9 _ . -, starting with a letter or digit)';
  it.each(['', 'bad id', '-x', '_x', '.x', 'a'.repeat(33), '$(id)', 'a;b', 'ünï', 'a/b', 'a\nb', "a'b"])(
    'id %j',
    (id) => {
      expect(
        errorsAfter((d) => {
          d.devices[0].id = id;
          d.segments[0].id = id;
        }).slice(0, 2),
      ).toEqual([
        `segments[0].id: ${JSON.stringify(id)} ${ID_RULE}`,
        `devices[0].id: ${JSON.stringify(id)} ${ID_RULE}`,
      ]);
    },
  );

  it('ids of 32 characters and with dots, dashes, underscores are fine', () => {
    const id = `A${'b.-_9'.repeat(6)}x`;
    expect(id.length).toBe(32);
    const r = loadEdited((d) => {
      d.devices[0].id = id;
      d.layout[id] = d.layout.gateway;
      delete d.layout.gateway;
    });
    expect(r.ok).toBe(true);
  });

  const IFNAME_RULE = 'is not a valid interface name (1..15 characters of A-Z a-z 0-9 _ . -)';
  it.each([
    '',
    'abcdefghijklmnop',
    'eth0;rm',
    'eth 0',
    '$(reboot)',
    '`id`',
    'eth0\n',
    'eth/0',
    'eth:0',
    'éth0',
    "e'th",
  ])('interface name %j', (name) => {
    expect(
      errorsAfter((d) => {
        d.devices[0].interfaces[0].name = name;
      }),
    ).toEqual([`devices[0].interfaces[0].name: ${JSON.stringify(name)} ${IFNAME_RULE}`]);
  });

  it.each(['.', '..'])('interface name %j (refused by the kernel)', (name) => {
    expect(
      errorsAfter((d) => {
        d.devices[0].interfaces[0].name = name;
      }),
    ).toEqual([
      `devices[0].interfaces[0].name: interface name "${name}" must be 1..15 characters of A-Z a-z 0-9 _ . - (the kernel's IFNAMSIZ, and safe in shell scripts)`,
    ]);
  });

  it('interface names of 15 characters are fine', () => {
    expect(loadEdited((d) => (d.devices[0].interfaces[0].name = 'abcdefghijklmno')).ok).toBe(true);
  });

  it('an interface defined twice', () => {
    expect(errorsAfter((d) => d.devices[0].interfaces.push({ name: 'eth0' }))).toEqual([
      'devices[0].interfaces[1].name: interface "eth0" is defined twice on gateway',
    ]);
  });

  it('lo cannot be plugged or get a MAC', () => {
    expect(errorsAfter((d) => (d.devices[0].interfaces[0].name = 'lo'))).toEqual([
      'devices[0].interfaces[0].segment: the loopback interface cannot be plugged into a segment',
      'devices[0].interfaces[0].mac: the loopback interface has no MAC to set',
    ]);
  });

  it('an unknown segment', () => {
    expect(errorsAfter((d) => (d.devices[0].interfaces[0].segment = 'nope'))).toEqual([
      'devices[0].interfaces[0].segment: no segment "nope" (segments: prod, iso)',
    ]);
  });

  it('duplicate ids: device and device, segment and device, segment and segment', () => {
    expect(errorsAfter((d) => (d.devices[1].id = 'gateway'))[0]).toBe(
      'devices[1].id: id "gateway" is already used by devices[0]',
    );
    expect(errorsAfter((d) => (d.devices[0].id = 'prod'))[0]).toBe(
      'devices[0].id: id "prod" is already used by segments[0]',
    );
    expect(errorsAfter((d) => (d.segments[1].id = 'prod'))[0]).toBe(
      'segments[1].id: id "prod" is already used by segments[0]',
    );
  });

  it('a layout entry for nothing is a warning', () => {
    const r = loadEdited((d) => (d.layout['ghost-1'] = { x: 1, y: 2 }));
    expect(r.ok && r.warnings.map(formatIssue)).toEqual([
      'layout["ghost-1"]: no device or segment "ghost-1"; the position is ignored',
    ]);
  });
});

describe('sysctls', () => {
  it.each<[Record<string, unknown>, string]>([
    [
      { 'net.ipv4.tcp_syncookies': 1 },
      '["net.ipv4.tcp_syncookies"]: unknown or unmodelled sysctl "net.ipv4.tcp_syncookies" (natlab models: net.ipv4.ip_forward, ',
    ],
    [
      { 'net.ipv4.conf.all.rp_filtre': 1 },
      '["net.ipv4.conf.all.rp_filtre"]: unknown or unmodelled interface sysctl "rp_filtre" (natlab models: forwarding, rp_filter, ',
    ],
    [
      { 'net.ipv6.conf.all.forwarding': 1 },
      '["net.ipv6.conf.all.forwarding"]: unknown or unmodelled sysctl "net.ipv6.conf.all.forwarding"',
    ],
    [
      { 'net.ipv4.conf.eth9.rp_filter': 1 },
      '["net.ipv4.conf.eth9.rp_filter"]: no interface "eth9" on this device',
    ],
    [{ 'net.ipv4.conf.all.rp_filter': 3 }, '["net.ipv4.conf.all.rp_filter"]: value 3 is out of range 0..2'],
    [{ 'net.ipv4.ip_forward': 2 }, '["net.ipv4.ip_forward"]: value 2 is out of range 0..1'],
    [{ 'net.ipv4.ip_default_ttl': 0 }, '["net.ipv4.ip_default_ttl"]: value 0 is out of range 1..255'],
    [
      { 'net.ipv4.conf.eth0.arp_ignore': -1 },
      '["net.ipv4.conf.eth0.arp_ignore"]: value -1 is out of range 0..8',
    ],
    [{ 'a"b': 1 }, '["a\\"b"]: unknown or unmodelled sysctl "a"b"'],
  ])('%j', (sysctls, message) => {
    const [e, ...rest] = errorsAfter((d) => (d.devices[0].sysctls = sysctls));
    expect(rest).toEqual([]);
    expect(e!.startsWith(`devices[0].sysctls${message}`), e).toBe(true);
  });

  it('an interface with a dot is written with a slash, as sysctl(8) does', () => {
    const r = loadEdited((d) => {
      d.devices[0].interfaces[0].name = 'eth0.222';
      d.devices[0].sysctls = { 'net.ipv4.conf.eth0/222.rp_filter': 2 };
    });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.network.byId.get('gateway')!.ifByName.get('eth0.222')!.conf.rp_filter).toBe(2);
  });
});

describe('routes the kernel refuses', () => {
  const route = (...routes: unknown[]) => errorsAfter((d) => (d.devices[3].routes = routes));
  it('the documented example: a gateway that is not on-link', () => {
    expect(route({ to: '10.0.0.0/8', via: '1.2.3.4' })).toEqual([
      'devices[3].routes[0]: ip route add 10.0.0.0/8 via 1.2.3.4: the kernel refuses it: "Nexthop has invalid gateway"',
    ]);
    expect(route({ to: '10.0.0.0/8', via: '192.168.149.9', dev: 'eth1' })).toEqual([
      'devices[3].routes[0]: ip route add 10.0.0.0/8 via 192.168.149.9 dev eth1: the kernel refuses it: "Nexthop has invalid gateway"',
    ]);
  });

  it('a duplicate: of the kernel’s own prefix route, of an earlier route', () => {
    expect(route({ to: '192.168.149.0/24', dev: 'eth0' })).toEqual([
      `devices[3].routes[0]: ip route add 192.168.149.0/24 dev eth0: the kernel refuses it: "File exists (table 254 already has a route to 192.168.149.0/24: the kernel's own route for eth0)"`,
    ]);
    expect(
      route({ to: '10.0.0.0/8', via: '192.168.149.9' }, { to: '10.0.0.0/8', via: '192.168.149.8' }),
    ).toEqual([
      'devices[3].routes[1]: ip route add 10.0.0.0/8 via 192.168.149.8: the kernel refuses it: "File exists (table 254 already has a route to 10.0.0.0/8)"',
    ]);
    // another metric or table is another route
    expect(
      loadEdited(
        (d) =>
          (d.devices[3].routes = [
            { to: '10.0.0.0/8', via: '192.168.149.9' },
            { to: '10.0.0.0/8', via: '192.168.149.8', metric: 5 },
            { to: '10.0.0.0/8', via: '192.168.149.8', table: 7 },
          ]),
      ).ok,
    ).toBe(true);
  });

  it('host bits set', () => {
    expect(route({ to: '10.0.0.1/8', via: '192.168.149.9' })).toEqual([
      'devices[3].routes[0]: ip route add 10.0.0.1/8 via 192.168.149.9: the kernel refuses it: "Invalid prefix for given prefix length"',
    ]);
  });

  it('more refusals, each with its errno text', () => {
    expect(route({ to: '10.0.0.0/8', via: '192.168.149.9', dev: 'eth5' })).toEqual([
      'devices[3].routes[0]: ip route add 10.0.0.0/8 via 192.168.149.9 dev eth5: the kernel refuses it: "Cannot find device "eth5""',
    ]);
    expect(route({ to: '10.0.0.0/8', via: '192.168.149.9', src: '1.1.1.1' })).toEqual([
      'devices[3].routes[0]: ip route add 10.0.0.0/8 via 192.168.149.9 src 1.1.1.1: the kernel refuses it: "Invalid prefsrc address"',
    ]);
    expect(route({ to: '10.0.0.0/8', type: 'blackhole', dev: 'eth0' })).toEqual([
      'devices[3].routes[0]: ip route add blackhole 10.0.0.0/8 dev eth0: the kernel refuses it: "Gateway, device and multipath can not be specified for this route type"',
    ]);
    expect(route({ to: '10.0.0.0/8' })).toEqual([
      'devices[3].routes[0]: ip route add 10.0.0.0/8: the kernel refuses it: "No such device (a route needs "dev" or "via")"',
    ]);
    expect(route({ to: '10.0.0.0/8', table: 'x' })).toEqual([
      'devices[3].routes[0].table: table "x" is not main, local, default or a number 1..4294967295',
    ]);
  });
});

describe('iptables', () => {
  const ipt = (iptables: unknown) => errorsAfter((d) => (d.devices[3].iptables = iptables));
  it('an unknown option: the rule’s path and the column', () => {
    expect(ipt({ nat: { PREROUTING: ['-i eth0 -d 192.168.150.0/24 -j DNAT --to-foo 1.2.3.4'] } })).toEqual([
      'devices[3].iptables.nat.PREROUTING[0]: unknown option "--to-foo" — no loaded extension has an option "--to-foo"; write -p tcp/udp/icmp or -m MODULE before the options of that module. (at column 37)',
    ]);
    const [e] = ipt({
      filter: { INPUT: { policy: 'DROP', rules: ['-j ACCEPT', '-p tcp --dport 99999 -j ACCEPT'] } },
    });
    expect(e).toMatch(
      /^devices\[3\]\.iptables\.filter\.INPUT\.rules\[1\]: invalid port\/service `99999' .*\(at column 16\)$/,
    );
  });

  it('a jump to a chain that does not exist', () => {
    expect(ipt({ nat: { PREROUTING: ['-j NOPE'] } })).toEqual([
      "devices[3].iptables.nat.PREROUTING[0]: Chain 'NOPE' does not exist (create it in the nat table first)",
    ]);
    expect(ipt({ filter: { 'MY-CHAIN': ['-j NOPE'], INPUT: ['-j MY-CHAIN'] } })).toEqual([
      `devices[3].iptables.filter["MY-CHAIN"][0]: Chain 'NOPE' does not exist (create it in the filter table first)`,
    ]);
  });

  it('a NAT target in the wrong table or chain', () => {
    expect(ipt({ filter: { INPUT: ['-j MASQUERADE'] } })).toEqual([
      'devices[3].iptables.filter.INPUT[0]: RULE_APPEND failed (Invalid argument): rule in chain INPUT — the MASQUERADE target is only valid in the nat table. (at column 4)',
    ]);
    expect(ipt({ mangle: { PREROUTING: { rules: ['-j SNAT --to-source 1.2.3.4'] } } })).toEqual([
      'devices[3].iptables.mangle.PREROUTING.rules[0]: RULE_APPEND failed (Invalid argument): rule in chain PREROUTING — the SNAT target is only valid in the nat table. (at column 4)',
    ]);
    expect(ipt({ nat: { POSTROUTING: ['-j DNAT --to-destination 1.2.3.4'] } })).toEqual([
      'devices[3].iptables.nat.POSTROUTING[0]: RULE_APPEND failed (Invalid argument): rule in chain POSTROUTING — the DNAT target is only valid in PREROUTING, OUTPUT, not POSTROUTING. (at column 4)',
    ]);
  });

  it('chains: a built-in chain of another table, a policy on a user chain, bad names, a loop', () => {
    expect(ipt({ filter: { PREROUTING: [] } })).toEqual([
      'devices[3].iptables.filter.PREROUTING: the filter table has no PREROUTING chain (it has INPUT, FORWARD, OUTPUT)',
    ]);
    expect(ipt({ filter: { FOO: { policy: 'DROP' } } })).toEqual([
      'devices[3].iptables.filter.FOO.policy: user-defined chain FOO cannot have a policy (only built-in chains do)',
    ]);
    expect(ipt({ filter: { 'MY CHAIN': [] } })).toEqual([
      'devices[3].iptables.filter["MY CHAIN"]: invalid chain name "MY CHAIN" (no white space)',
    ]);
    expect(ipt({ filter: { ACCEPT: [] } })).toEqual([
      'devices[3].iptables.filter.ACCEPT: "ACCEPT" is a target, not a chain name',
    ]);
    const [loop] = ipt({ filter: { INPUT: ['-j A'], A: ['-j B'], B: ['-j A'] } });
    expect(loop).toMatch(/^devices\[3\]\.iptables\.filter\.B\[0\]: jump loop A → B → A: /);
  });

  it('a rule of 4096+ characters', () => {
    expect(ipt({ filter: { INPUT: [`-m comment --comment ${'x'.repeat(4100)} -j ACCEPT`] } })).toEqual([
      'devices[3].iptables.filter.INPUT[0]: too long (at most 4096 characters)',
    ]);
  });
});

describe('names valibot records would silently drop', () => {
  it.each([
    ['devices[0].sysctls', (d: Raw) => (d.devices[0].sysctls = JSON.parse('{"constructor": 1}'))],
    ['devices[0].sysctls', (d: Raw) => (d.devices[0].sysctls = JSON.parse('{"__proto__": 1}'))],
    ['layout', (d: Raw) => (d.layout = JSON.parse('{"prototype": {"x": 1, "y": 2}}'))],
    [
      'devices[3].iptables.filter',
      (d: Raw) => (d.devices[3].iptables.filter = JSON.parse('{"__proto__": ["-j DROP"]}')),
    ],
  ])('%s', (path, edit) => {
    const [e] = errorsAfter(edit);
    expect(e).toMatch(
      new RegExp(
        `^${path.replace(/[[\].]/g, '\\$&')}\\["(constructor|__proto__|prototype)"\\]: "\\1" cannot be used as a name here`,
      ),
    );
  });
});
