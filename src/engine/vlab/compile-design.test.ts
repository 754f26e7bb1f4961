/**
 * compileDesign: the virtual-lab design expanded into the drawn lab. The seed's appliance comes out of
 * the basic design rule for rule (what the hand-drawn seed lab holds, compared as the tools print it);
 * the N-network layout, static mappings, proposals, needed routes, provenance and every problem with
 * its path.
 */
import { describe, expect, it } from 'vitest';
import { compileLab } from '../lab/compile.ts';
import type { DeviceDoc, LabDocument } from '../lab/format.ts';
import { compileDesign } from './compile-design.ts';
import { drawnSeed, network, publicLab, raw, run, type Raw } from './vlab.test-support.ts';

const basic = publicLab('surebackup-basic');
const multi = publicLab('surebackup-multi-network');
const mapping = publicLab('surebackup-static-mapping');

const device = (doc: LabDocument, id: string): DeviceDoc => doc.devices.find((d) => d.id === id)!;
const errors = (doc: LabDocument) =>
  compileDesign(doc)
    .issues.filter((i) => i.severity === 'error')
    .map((i) => `${i.path}: ${i.message}`);
const edited = (doc: LabDocument, edit: (d: Raw) => void): LabDocument => {
  const d = raw(doc);
  edit(d);
  return d as LabDocument;
};
/** Lines of `ip addr` without the MAC lines (the generated appliance's MACs are natlab's own). */
const addrs = (text: string) => text.replace(/^ {4}link\/ether .*\n/gm, '');

describe('the basic design produces the seed appliance (seed 000, vlab-reference §4.2)', () => {
  const drawn = network(drawnSeed());
  const designed = network(basic);

  it.each([
    ['iptables-save', '-t', 'mangle'],
    ['iptables-save', '-t', 'nat'],
    ['ip', 'rule'],
    ['ip', 'route', 'show', 'table', 'all'],
  ])('vlab: %s %s %s is what the hand-drawn seed lab prints', (...argv) => {
    expect(run(designed, 'vlab', ...argv)).toBe(run(drawn, 'vlab', ...argv));
  });

  it('the same addresses on the same interfaces and segments (eth1 noprefixroute)', () => {
    expect(addrs(run(designed, 'vlab', 'ip', 'addr'))).toBe(addrs(run(drawn, 'vlab', 'ip', 'addr')));
    const ports = (net: typeof drawn) =>
      [...net.segments.values()].map((s) => [s.id, s.ports.map((p) => `${p.device}/${p.iface}`).sort()]);
    expect(ports(designed)).toEqual(ports(drawn));
  });

  it('the seed lines, as written in seed 000 and in the drawn lab', () => {
    const vlab = device(compileDesign(basic).doc, 'vlab');
    expect(vlab.iptables?.mangle).toEqual({
      PREROUTING: ['-i eth0 -d 192.168.150.0/24 -j MARK --set-xmark 0x6/0xffffffff'],
    });
    expect(vlab.iptables?.nat).toEqual({
      PREROUTING: ['-i eth0 -d 192.168.150.0/24 -j NETMAP --to 192.168.149.0/24'],
      POSTROUTING: ['-o eth1 -j MASQUERADE'],
    });
    expect(vlab.rules).toEqual([{ fwmark: '0x2/0x2', table: 2 }]);
    expect(vlab.routes).toEqual(device(drawnSeed(), 'vlab').routes);
    expect(vlab.interfaces.map((i) => [i.name, i.segment, i.addresses])).toEqual(
      device(drawnSeed(), 'vlab').interfaces.map((i) => [i.name, i.segment, i.addresses]),
    );
  });

  it('adds what the seed does not show, each for a reason (docs/vlab-compiler.md)', () => {
    const vlab = device(compileDesign(basic).doc, 'vlab');
    // the seed's sysctls, then: arp_ignore (the vNIC holds the production gateway's address),
    // proxy_arp off on the isolated side, accept_local (the production router holds that address too)
    expect(vlab.sysctls).toEqual({
      ...device(drawnSeed(), 'vlab').sysctls,
      'net.ipv4.conf.all.arp_ignore': 1,
      'net.ipv4.conf.eth1.proxy_arp': 0,
      'net.ipv4.conf.eth0.accept_local': 1,
    });
    // isolation: nothing a lab VM starts leaves the lab, nothing it sends the appliance is answered
    expect(vlab.iptables?.filter).toEqual({
      INPUT: ['-i eth1 -j DROP'],
      FORWARD: ['-i eth1 -m conntrack ! --ctstate RELATED,ESTABLISHED -j DROP'],
    });
  });

  it('the backup server gets the masquerade route via the appliance (as the SureBackup job adds it)', () => {
    expect(run(designed, 'vbs', 'ip', 'route')).toBe(run(drawn, 'vbs', 'ip', 'route'));
    expect(device(compileDesign(basic).doc, 'vbs').routes).toEqual([
      { to: 'default', via: '192.168.149.2' },
      { to: '192.168.150.0/24', via: '192.168.149.50' },
    ]);
  });
});

describe('the expanded document', () => {
  const d = compileDesign(multi);

  it('keeps the drawn devices and segments at their index, then appends what the design generates', () => {
    expect(d.issues).toEqual([]);
    expect(d.doc.virtualLabs).toBeUndefined();
    expect(d.doc.devices.map((x) => x.id)).toEqual([...multi.devices.map((x) => x.id), 'vlab']);
    expect(d.doc.segments).toEqual(multi.segments);
    expect(d.doc.devices.slice(0, -1).map((x) => x.id)).toEqual(multi.devices.map((x) => x.id));
  });

  it('creates the isolated segments a design names but the lab does not draw', () => {
    const doc = edited(multi, (x) => {
      x.segments = x.segments.filter((s: { id: string }) => s.id !== 'iso-dmz');
      x.devices = x.devices.filter((s: { id: string }) => s.id !== 'web01-copy');
    });
    const r = compileDesign(doc);
    expect(r.issues).toEqual([]);
    expect(r.doc.segments.at(-1)).toEqual({
      id: 'iso-dmz',
      name: 'vLab DMZ',
      kind: 'isolated',
      vlan: 20,
      description: 'Isolated copy of "dmz" (generated from virtualLabs[0].isolatedNetworks[1]).',
    });
    expect(r.provenance.get(`segments[${r.doc.segments.length - 1}]`)).toBe(
      'virtualLabs[0].isolatedNetworks[1].segment',
    );
    expect(compileLab(doc).network?.segments.get('iso-dmz')?.ports).toEqual([
      { device: 'vlab', iface: 'eth2' },
    ]);
  });

  it('a lab without designs is its own expansion', () => {
    const r = compileDesign(drawnSeed());
    expect(r).toMatchObject({ issues: [], proposals: [], neededRoutes: [] });
    expect(r.doc).toEqual(drawnSeed());
  });
});

describe('N isolated networks: one vNIC each, one mark, one rule, one table', () => {
  const vlab = device(compileDesign(multi).doc, 'vlab');

  it('a vNIC per isolated network, each mimicking its production gateway', () => {
    expect(vlab.interfaces).toEqual([
      { name: 'eth0', segment: 'prod', addresses: ['192.168.149.50/24', '192.168.149.110/32'] },
      { name: 'eth1', segment: 'iso', addresses: [{ address: '192.168.149.2/24', noprefixroute: true }] },
      { name: 'eth2', segment: 'iso-dmz', addresses: [{ address: '10.10.20.1/24', noprefixroute: true }] },
    ]);
  });

  it('table 2 routes each isolated network to its vNIC; one fwmark rule sends marked packets there', () => {
    expect(vlab.rules).toEqual([{ fwmark: '0x2/0x2', table: 2 }]);
    expect(vlab.routes).toEqual([
      { to: 'default', via: '192.168.149.2', dev: 'eth0' },
      { to: '192.168.149.0/24', dev: 'eth1', table: 2 },
      { to: '10.10.20.0/24', dev: 'eth2', table: 2 },
    ]);
  });

  it('MARK and NETMAP per masquerade network, DNAT + MARK per access IP, SNAT + MASQUERADE per vNIC', () => {
    expect(vlab.iptables).toEqual({
      mangle: {
        PREROUTING: [
          '-i eth0 -d 192.168.150.0/24 -j MARK --set-xmark 0x6/0xffffffff',
          '-i eth0 -d 10.10.21.0/24 -j MARK --set-xmark 0x6/0xffffffff',
          '-i eth0 -d 192.168.149.110/32 -j MARK --set-xmark 0x6/0xffffffff',
        ],
      },
      nat: {
        PREROUTING: [
          '-i eth0 -d 192.168.150.0/24 -j NETMAP --to 192.168.149.0/24',
          '-i eth0 -d 10.10.21.0/24 -j NETMAP --to 10.10.20.0/24',
          '-i eth0 -d 192.168.149.110/32 -j DNAT --to-destination 10.10.20.10',
        ],
        POSTROUTING: [
          '-o eth1 -j MASQUERADE',
          '-o eth2 -d 10.10.20.10/32 -j SNAT --to-source 10.10.20.1',
          '-o eth2 -j MASQUERADE',
        ],
      },
      filter: {
        INPUT: ['-i eth1 -j DROP', '-i eth2 -j DROP'],
        FORWARD: [
          '-i eth1 -m conntrack ! --ctstate RELATED,ESTABLISHED -j DROP',
          '-i eth2 -m conntrack ! --ctstate RELATED,ESTABLISHED -j DROP',
        ],
      },
    });
  });

  it('no proxy ARP on any isolated side', () => {
    expect(vlab.sysctls).toMatchObject({
      'net.ipv4.conf.eth1.proxy_arp': 0,
      'net.ipv4.conf.eth2.proxy_arp': 0,
    });
  });

  it('accept_local only when the appliance’s gateway is one of its vNIC addresses', () => {
    const own = edited(multi, (x) => (x.virtualLabs[0].appliance.gateway = '192.168.149.1'));
    expect(device(compileDesign(own).doc, 'vlab').sysctls).not.toHaveProperty(
      'net.ipv4.conf.eth0.accept_local',
    );
  });
});

describe('routing between vNICs', () => {
  const on = compileDesign(edited(multi, (d) => (d.virtualLabs[0].appliance.routingBetweenVnics = true)));
  const vlab = device(on.doc, 'vlab');
  const rbv = 'virtualLabs[0].appliance.routingBetweenVnics';

  it('connections lab VMs start are connmarked, and their packets (and the appliance’s errors) marked', () => {
    expect(on.issues).toEqual([]);
    expect(vlab.iptables?.mangle).toEqual({
      PREROUTING: [
        '-i eth0 -d 192.168.150.0/24 -j MARK --set-xmark 0x6/0xffffffff',
        '-i eth0 -d 10.10.21.0/24 -j MARK --set-xmark 0x6/0xffffffff',
        '-i eth0 -d 192.168.149.110/32 -j MARK --set-xmark 0x6/0xffffffff',
        '-i eth1 -m conntrack --ctstate NEW -j CONNMARK --set-xmark 0x1/0x1',
        '-i eth2 -m conntrack --ctstate NEW -j CONNMARK --set-xmark 0x1/0x1',
        '-m connmark --mark 0x1/0x1 -j MARK --set-xmark 0x6/0xffffffff',
      ],
      OUTPUT: ['-m connmark --mark 0x1/0x1 -j MARK --set-xmark 0x6/0xffffffff'],
    });
  });

  it('forwarded between the vNICs, not masqueraded; everything else stays isolated', () => {
    expect(vlab.iptables?.nat?.POSTROUTING).toEqual([
      '-o eth1 -m connmark ! --mark 0x1/0x1 -j MASQUERADE',
      '-o eth2 -d 10.10.20.10/32 -m connmark ! --mark 0x1/0x1 -j SNAT --to-source 10.10.20.1',
      '-o eth2 -m connmark ! --mark 0x1/0x1 -j MASQUERADE',
    ]);
    expect(vlab.iptables?.filter?.FORWARD).toEqual([
      '-i eth1 -o eth2 -j ACCEPT',
      '-i eth1 -m conntrack ! --ctstate RELATED,ESTABLISHED -j DROP',
      '-i eth2 -o eth1 -j ACCEPT',
      '-i eth2 -m conntrack ! --ctstate RELATED,ESTABLISHED -j DROP',
    ]);
    const at = `devices[${on.doc.devices.length - 1}]`;
    expect(on.provenance.get(`${at}.iptables.mangle.OUTPUT[0]`)).toBe(rbv);
    expect(on.provenance.get(`${at}.iptables.filter.FORWARD[0]`)).toBe(rbv);
  });

  it('with one isolated network there is nothing to route between: the seed’s rules', () => {
    const one = compileDesign(edited(basic, (d) => (d.virtualLabs[0].appliance.routingBetweenVnics = true)));
    expect(device(one.doc, 'vlab').iptables).toEqual(device(compileDesign(basic).doc, 'vlab').iptables);
  });
});

describe('static mapping (seed 000, "Static Mapping")', () => {
  const d = compileDesign(mapping);
  const vlab = device(d.doc, 'vlab');

  it('the access IP on eth0, DNAT to the VM, SNAT to the vNIC, MARK for table 2', () => {
    expect(vlab.interfaces[0]!.addresses).toEqual(['192.168.149.50/24', '192.168.149.136/32']);
    expect(vlab.iptables?.mangle?.PREROUTING).toContain(
      '-i eth0 -d 192.168.149.136/32 -j MARK --set-xmark 0x6/0xffffffff',
    );
    expect(vlab.iptables?.nat?.PREROUTING).toContain(
      '-i eth0 -d 192.168.149.136/32 -j DNAT --to-destination 192.168.149.36',
    );
    // before the MASQUERADE of its vNIC, or MASQUERADE would take the packet first
    expect(vlab.iptables?.nat?.POSTROUTING).toEqual([
      '-o eth1 -d 192.168.149.36/32 -j SNAT --to-source 192.168.149.2',
      '-o eth1 -j MASQUERADE',
    ]);
  });

  it('clients in the appliance’s subnet reach the access IP on-link: no route for it', () => {
    expect(d.neededRoutes.map((r) => `${r.device} ${r.route.to}`)).toEqual([
      'vbs 192.168.150.0/24',
      'sf0006 192.168.150.0/24',
    ]);
  });
});

describe('proposals', () => {
  it('the masquerade network of the DMZ: the next free /24 after it', () => {
    expect(compileDesign(multi).proposals).toContainEqual({
      path: 'virtualLabs[0].isolatedNetworks[1].masquerade',
      value: '10.10.21.0/24',
      why: 'the first /24 after 10.10.20.0/24 that no address, route or other masquerade network in the lab uses',
    });
  });

  it('the vNIC address and the appliance’s gateway from the production network', () => {
    expect(compileDesign(multi).proposals).toEqual([
      {
        path: 'virtualLabs[0].appliance.gateway',
        value: '192.168.149.2',
        why: 'the gateway of production network "prod" (segments[0].gateway)',
      },
      {
        path: 'virtualLabs[0].isolatedNetworks[0].vnicIp',
        value: '192.168.149.2/24',
        why: 'the vNIC mimics the production gateway: the gateway of production network "prod" (segments[0].gateway)',
      },
      {
        path: 'virtualLabs[0].isolatedNetworks[1].vnicIp',
        value: '10.10.20.1/24',
        why: 'the vNIC mimics the production gateway: the gateway of production network "dmz" (segments[1].gateway)',
      },
      expect.objectContaining({ path: 'virtualLabs[0].isolatedNetworks[1].masquerade' }),
    ]);
  });

  it('without segment parameters: the gateway the drawn hosts use, the prefix of the drawn addresses', () => {
    const doc = edited(basic, (x) => {
      for (const s of x.segments) for (const k of ['subnet', 'gateway', 'dns']) delete s[k];
      delete x.virtualLabs[0].isolatedNetworks[0].masquerade;
    });
    const r = compileDesign(doc);
    expect(r.issues).toEqual([]);
    expect(r.proposals.map((p) => [p.path, p.value])).toEqual([
      ['virtualLabs[0].appliance.gateway', '192.168.149.2'],
      ['virtualLabs[0].isolatedNetworks[0].vnicIp', '192.168.149.2/24'],
      ['virtualLabs[0].isolatedNetworks[0].masquerade', '192.168.150.0/24'],
    ]);
    expect(r.proposals[0]!.why).toBe(
      'the default gateway of the hosts drawn on "prod" (the segment has no "gateway")',
    );
  });

  it('a masquerade network another lab or a route already uses is not proposed', () => {
    const doc = edited(basic, (x) => {
      delete x.virtualLabs[0].isolatedNetworks[0].masquerade;
      x.devices[0].routes = [{ to: '192.168.150.0/23', via: '192.168.149.50' }];
    });
    expect(compileDesign(doc).proposals.at(-1)?.value).toBe('192.168.152.0/24');
  });
});

describe('needed routes', () => {
  const d = compileDesign(multi);

  it('the backup server and clients in the appliance’s subnet: via the appliance; a client behind the router: the router', () => {
    expect(d.neededRoutes.map((r) => [r.kind, r.device, r.route.to, r.route.via, r.path])).toEqual([
      ['backup-server', 'vbs', '192.168.150.0/24', '192.168.149.50', 'virtualLabs[0].backupServer'],
      ['backup-server', 'vbs', '10.10.21.0/24', '192.168.149.50', 'virtualLabs[0].backupServer'],
      ['client', 'sf0006', '192.168.150.0/24', '192.168.149.50', 'virtualLabs[0].clients[0]'],
      ['client', 'sf0006', '10.10.21.0/24', '192.168.149.50', 'virtualLabs[0].clients[0]'],
      ['router', 'gateway', '192.168.150.0/24', '192.168.149.50', 'virtualLabs[0].clients[1]'],
      ['router', 'gateway', '10.10.21.0/24', '192.168.149.50', 'virtualLabs[0].clients[1]'],
    ]);
    expect(d.neededRoutes[4]!.why).toBe(
      'web01 is outside the appliance\'s subnet: the production router gateway must route the masquerade network 192.168.150.0/24 of "vLab VM Network" to the appliance (192.168.149.50)',
    );
  });

  it('clientRoutes "add" adds them all, each with its provenance', () => {
    expect(device(d.doc, 'gateway').routes).toEqual([
      { to: '192.168.150.0/24', via: '192.168.149.50' },
      { to: '10.10.21.0/24', via: '192.168.149.50' },
    ]);
    expect(d.provenance.get('devices[0].routes[0]')).toBe('virtualLabs[0].clients[1]');
    expect(d.provenance.get('devices[2].routes[1]')).toBe('virtualLabs[0].clients[0]');
  });

  it('"report" (the default) adds only the backup server’s, as the SureBackup job does', () => {
    const r = compileDesign(edited(multi, (x) => delete x.virtualLabs[0].clientRoutes));
    expect(r.neededRoutes).toEqual(d.neededRoutes);
    expect(device(r.doc, 'gateway').routes).toBeUndefined();
    expect(device(r.doc, 'sf0006').routes).toEqual([{ to: 'default', via: '192.168.149.2' }]);
    expect(device(r.doc, 'vbs').routes).toHaveLength(3);
  });

  it('a machine outside the appliance’s subnet and no router to route for it: a warning, once', () => {
    const r = compileDesign(edited(multi, (d) => (d.virtualLabs[0].appliance.gateway = '192.168.149.1')));
    expect(r.issues).toEqual([
      {
        path: 'virtualLabs[0].clients[1]',
        message:
          'web01 is outside the appliance\'s subnet and no production router is drawn on "prod" to route the lab\'s networks to the appliance',
        severity: 'warning',
      },
    ]);
    expect(r.neededRoutes.filter((n) => n.kind === 'router')).toEqual([]);
  });

  it('a route the machine already has is not needed again', () => {
    const doc = edited(basic, (x) =>
      x.devices[1].routes.push({ to: '192.168.150.0/24', via: '192.168.149.50' }),
    );
    expect(compileDesign(doc).neededRoutes).toEqual([]);
  });

  it('a backup server outside the appliance’s subnet: Veeam adds nothing, the router needs the route', () => {
    const r = compileDesign(edited(multi, (x) => (x.virtualLabs[0].backupServer = 'web01')));
    expect(r.neededRoutes.filter((n) => n.path === 'virtualLabs[0].backupServer').map((n) => n.kind)).toEqual(
      ['router', 'router'],
    );
  });
});

describe('provenance', () => {
  const d = compileDesign(multi);
  const vlabAt = `devices[${d.doc.devices.length - 1}]`;

  it('every generated element of the appliance names a design field', () => {
    const vlab = device(d.doc, 'vlab');
    const paths = [
      ...vlab.interfaces.flatMap((i, j) =>
        (i.addresses ?? []).map((_, k) => `interfaces[${j}].addresses[${k}]`),
      ),
      ...Object.keys(vlab.sysctls ?? {}).map((k) => `sysctls["${k}"]`),
      ...(vlab.routes ?? []).map((_, k) => `routes[${k}]`),
      ...(vlab.rules ?? []).map((_, k) => `rules[${k}]`),
      ...Object.entries(vlab.iptables ?? {}).flatMap(([t, chains]) =>
        Object.entries(chains).flatMap(([c, rules]) =>
          (rules as string[]).map((_, k) => `iptables.${t}.${c}[${k}]`),
        ),
      ),
    ].map((p) => `${vlabAt}.${p}`);
    for (const p of paths) expect(d.provenance.get(p), p).toMatch(/^virtualLabs\[0\]\./);
  });

  it('names the field that produced each line', () => {
    const at = (p: string) => d.provenance.get(`${vlabAt}.${p}`);
    expect(at('interfaces[0].addresses[0]')).toBe('virtualLabs[0].appliance.ip');
    expect(at('interfaces[0].addresses[1]')).toBe('virtualLabs[0].staticMappings[0].accessIp');
    expect(at('interfaces[2].addresses[0]')).toBe('virtualLabs[0].isolatedNetworks[1].vnicIp');
    expect(at('iptables.nat.PREROUTING[1]')).toBe('virtualLabs[0].isolatedNetworks[1].masquerade');
    expect(at('iptables.nat.POSTROUTING[1]')).toBe('virtualLabs[0].staticMappings[0].isolatedIp');
    expect(at('routes[0]')).toBe('virtualLabs[0].appliance.gateway');
    expect(at('rules[0]')).toBe('virtualLabs[0].isolatedNetworks');
    expect(at('sysctls["net.ipv4.ip_forward"]')).toBe('virtualLabs[0].appliance');
    expect(at('sysctls["net.ipv4.conf.eth0.accept_local"]')).toBe(
      'virtualLabs[0].isolatedNetworks[0].vnicIp',
    );
  });

  it('compileLab hands the compiled objects over with design paths; drawn ones keep theirs', () => {
    const c = compileLab(multi);
    const net = c.network!;
    const vlab = net.byId.get('vlab')!;
    const nat = vlab.ruleset.get('nat')!.chains.get('PREROUTING')!.rules;
    expect(nat.map((r) => c.provenance.iptables.get(r))).toEqual([
      'virtualLabs[0].isolatedNetworks[0].masquerade',
      'virtualLabs[0].isolatedNetworks[1].masquerade',
      'virtualLabs[0].staticMappings[0].accessIp',
    ]);
    const vbs = net.byId.get('vbs')!;
    const mainRoutes = vbs.tables.get(254)!.filter((r) => r.proto === 'boot');
    expect(mainRoutes.map((r) => c.provenance.routes.get(r)).sort()).toEqual([
      'devices[1].routes[0]',
      'virtualLabs[0].backupServer',
      'virtualLabs[0].backupServer',
    ]);
    expect(c.provenance.design).toBe(c.design!.provenance);
    const eth2 = vlab.ifByName.get('eth2')!.addrs[0]!;
    expect(c.provenance.addresses.get(eth2)).toBe('virtualLabs[0].isolatedNetworks[1].vnicIp');
  });
});

describe('problems, each at its design path', () => {
  it.each<[string, (d: Raw) => void, string]>([
    [
      'a production network that is not drawn',
      (d) => (d.virtualLabs[0].appliance.productionNetwork = 'nowhere'),
      'virtualLabs[0].appliance.productionNetwork: no segment "nowhere" (production segments: prod, dmz)',
    ],
    [
      'an isolated segment as production network',
      (d) => {
        d.virtualLabs[0].isolatedNetworks[1].productionNetwork = 'iso';
        delete d.virtualLabs[0].staticMappings;
      },
      'virtualLabs[0].isolatedNetworks[1].productionNetwork: segment "iso" is isolated, not a production network',
    ],
    [
      'a production segment as isolated network',
      (d) => (d.virtualLabs[0].isolatedNetworks[1].segment = 'dmz'),
      'virtualLabs[0].isolatedNetworks[1].segment: segment "dmz" is production; an isolated network needs an isolated segment (or an id that is not drawn, and natlab creates it)',
    ],
    [
      'the appliance’s id is a drawn device’s',
      (d) => (d.virtualLabs[0].appliance.id = 'vbs'),
      'virtualLabs[0].appliance.id: id "vbs" is already used by devices[1] (the appliance is a device of its own)',
    ],
    [
      'two isolated networks on one segment',
      (d) => (d.virtualLabs[0].isolatedNetworks[1].segment = 'iso'),
      'virtualLabs[0].isolatedNetworks[1].segment: segment "iso" is already the isolated network of virtualLabs[0].isolatedNetworks[0]',
    ],
    [
      'overlapping isolated networks',
      (d) => (d.virtualLabs[0].isolatedNetworks[0].vnicIp = '10.10.0.2/16'),
      'virtualLabs[0].isolatedNetworks[1].vnicIp: isolated network "vLab DMZ" (10.10.20.0/24) overlaps "vLab VM Network" (10.10.0.0/16): the appliance routes into the lab by destination and could not tell them apart (Veeam requires the vNICs to be in different networks)',
    ],
    [
      'a mapped VM outside its isolated network',
      (d) => (d.virtualLabs[0].staticMappings[0].isolatedIp = '192.168.149.36'),
      'virtualLabs[0].staticMappings[0].isolatedIp: 192.168.149.36 is not in isolated network "vLab DMZ" (10.10.20.0/24)',
    ],
    [
      'a mapping for a production network the lab does not mirror',
      (d) => (d.virtualLabs[0].staticMappings[0].productionNetwork = 'elsewhere'),
      'virtualLabs[0].staticMappings[0].productionNetwork: no isolated network of this virtual lab mirrors "elsewhere" (it mirrors: prod, dmz)',
    ],
    [
      'a masquerade network with host bits',
      (d) => (d.virtualLabs[0].isolatedNetworks[0].masquerade = '192.168.150.1/24'),
      'virtualLabs[0].isolatedNetworks[0].masquerade: "192.168.150.1/24" is not a network: its host bits are set (the network is 192.168.150.0/24)',
    ],
    [
      'a masquerade network that is no prefix',
      (d) => (d.virtualLabs[0].isolatedNetworks[0].masquerade = '10.0.0.0/33'),
      'virtualLabs[0].isolatedNetworks[0].masquerade: "10.0.0.0/33" is not an IPv4 prefix: prefix length must be 0..32',
    ],
    [
      'a backup server that is not drawn',
      (d) => (d.virtualLabs[0].backupServer = 'vbs2'),
      'virtualLabs[0].backupServer: no device "vbs2" is drawn in this lab',
    ],
    [
      'no gateway to mimic',
      (d) => {
        delete d.segments[1].gateway;
        d.devices.find((x: { id: string }) => x.id === 'web01').routes = [];
        d.devices.find((x: { id: string }) => x.id === 'web01-copy').routes = [];
      },
      'virtualLabs[0].isolatedNetworks[1].vnicIp: missing: production network "dmz" has no gateway for the vNIC to mimic (give the segment a "gateway", or the vNIC address, e.g. "192.168.1.1/24")',
    ],
  ])('%s', (_, edit, message) => {
    expect(errors(edited(multi, edit))).toEqual([message]);
  });

  it('two virtual labs with one id', () => {
    const doc = edited(basic, (d) =>
      d.virtualLabs.push({
        ...d.virtualLabs[0],
        appliance: { ...d.virtualLabs[0].appliance, id: 'vlab2' },
        isolatedNetworks: [],
      }),
    );
    expect(errors(doc)).toEqual([
      'virtualLabs[1].id: virtual lab id "surebackup" is already used by virtualLabs[0]',
    ]);
  });

  it('options natlab does not generate are said, not ignored', () => {
    const doc = edited(basic, (d) => {
      d.virtualLabs[0].appliance.internetProxy = { port: 8080 };
      d.virtualLabs[0].appliance.routingBetweenVnics = true;
      d.virtualLabs[0].isolatedNetworks[0].dhcp = true;
    });
    expect(compileDesign(doc).issues.map((i) => `${i.severity} ${i.path}`)).toEqual([
      'warning virtualLabs[0].appliance.internetProxy',
      'warning virtualLabs[0].isolatedNetworks[0].dhcp',
    ]);
  });

  it('what the kernel refuses in the generated appliance is reported at the design field', () => {
    const c = compileLab(edited(basic, (d) => (d.virtualLabs[0].appliance.gateway = '10.9.9.9')));
    expect(c.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'virtualLabs[0].appliance.gateway: ip route add default via 10.9.9.9 dev eth0: the kernel refuses it: "Nexthop has invalid gateway"',
    ]);
  });

  it('a design error stops the compilation: no network, nothing generated', () => {
    const c = compileLab(edited(basic, (d) => (d.virtualLabs[0].backupServer = 'nobody')));
    expect(c.network).toBeUndefined();
    expect(c.design?.doc.devices.map((x) => x.id)).toEqual(basic.devices.map((x) => x.id));
  });
});
