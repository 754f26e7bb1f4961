/**
 * Every design rule (vlab-reference §4.3) on the seed's SureBackup lab drawn as a design: a variant
 * that triggers it, the seed that does not, and — where the diagnostic carries one — the fix applied,
 * after which the diagnostic is gone.
 */
import { describe, expect, it } from 'vitest';
import { codes, dmzDesign, fixed, host, lint, seedDesign, type Doc } from './lint.test-support.ts';

const only = (doc: Doc, code: string) => lint(doc).diagnostics.filter((d) => d.code === code);

/** The backup server in its own management network behind the production router. */
function vbsElsewhere(): Doc {
  const d = seedDesign();
  d.segments.push({ id: 'mgmt', kind: 'production', subnet: '10.0.0.0/24', gateway: '10.0.0.1' } as never);
  d.devices[0]!.interfaces.push({ name: 'eth1', segment: 'mgmt', addresses: ['10.0.0.1/24'] });
  d.devices[1] = host('vbs', 'mgmt', '10.0.0.22/24', '10.0.0.1') as never;
  return d;
}

describe('the seed design', () => {
  it('compiles and lints clean', () => {
    const r = lint(seedDesign());
    expect([r.designErrors, r.labErrors, r.diagnostics]).toEqual([[], [], []]);
  });
});

describe('VL-01 backup server outside the appliance network', () => {
  it('fires when nothing routes the masquerade network from the backup server to the appliance', () => {
    const [d] = only(dmzDesign(), 'VL-01');
    expect(d).toMatchObject({
      severity: 'error',
      paths: expect.arrayContaining(['virtualLabs[0].backupServer']),
    });
    expect(d!.message).toContain('192.168.161.0/24');
    expect(d!.message).toContain('no_route at gateway');
    expect(d!.why).toContain('[V8]');
  });
  it('the fix adds the route on the production router, and the trace then reaches the appliance', () => {
    const f = fixed(dmzDesign(), 'VL-01');
    expect(f.devices[0]!.routes).toEqual([{ to: '192.168.161.0/24', via: '192.168.149.50' }]);
    expect(codes(lint(f))).toEqual(['VL-24']);
  });
  it("the router's route works even when the lab copies the router's own network (accept_local)", () => {
    // the vNIC mimics 192.168.149.2, the router's own address there: the engine decides it still works
    const f = fixed(vbsElsewhere(), 'VL-01');
    expect(f.devices[0]!.routes).toEqual([{ to: '192.168.150.0/24', via: '192.168.149.50' }]);
    expect(codes(lint(f))).toEqual(['VL-24']);
  });
  it('when the router cannot reach the appliance, says so and moves the appliance instead', () => {
    const d = vbsElsewhere();
    (d.devices[0] as { iptables?: unknown }).iptables = {
      filter: { OUTPUT: ['-d 192.168.149.50 -j DROP'], FORWARD: ['-d 192.168.149.50 -j DROP'] },
    };
    const [x] = only(d, 'VL-01');
    expect(x!.message).toContain(
      "A route on gateway cannot help: gateway's own packets do not reach the appliance",
    );
    expect(x!.fix!.patch).toEqual([
      { op: 'replace', path: '/virtualLabs/0/appliance/productionNetwork', value: 'mgmt' },
      { op: 'replace', path: '/virtualLabs/0/appliance/ip', value: '10.0.0.254/24' },
    ]);
    expect(lint(fixed(d, 'VL-01')).diagnostics).toEqual([]);
  });
  it("a backup server behind another router: the route goes on the appliance network's router", () => {
    const d = dmzDesign();
    d.segments.push({ id: 'transit', kind: 'link' } as never);
    d.devices[0]!.interfaces[2] = { name: 'eth2', segment: 'transit', addresses: ['10.9.0.1/30'] };
    d.devices.push({
      id: 'edge',
      kind: 'router',
      interfaces: [
        { name: 'eth0', segment: 'transit', addresses: ['10.9.0.2/30'] },
        { name: 'eth1', segment: 'mgmt', addresses: ['10.0.0.1/24'] },
      ],
      routes: [{ to: 'default', via: '10.9.0.1' }],
      sysctls: { 'net.ipv4.ip_forward': 1 },
    } as never);
    const [x] = only(d, 'VL-01');
    expect(x!.fix!.label).toBe('Add 192.168.161.0/24 via 192.168.149.50 on gateway');
    expect(codes(lint(fixed(d, 'VL-01')))).toEqual(['VL-24']);
  });
  it('does not fire when the backup server shares the appliance network', () => {
    expect(codes(lint(seedDesign()))).not.toContain('VL-01');
  });
});

describe('VL-02 clients without routes', () => {
  const withClient = () => {
    const d = seedDesign();
    d.virtualLabs[0]!.clients = ['sf0006'];
    return d;
  };
  it('warns about a client that cannot reach the masquerade network, with the trace', () => {
    const [d] = only(withClient(), 'VL-02');
    expect(d).toMatchObject({
      severity: 'warning',
      paths: ['virtualLabs[0].clients[0]', 'devices[2].routes'],
    });
    expect(d!.message).toContain('Destination Net Unreachable');
  });
  it('the fix adds the needed route on the client', () => {
    const f = fixed(withClient(), 'VL-02');
    expect(f.devices[2]!.routes).toContainEqual({ to: '192.168.150.0/24', via: '192.168.149.50' });
    expect(codes(lint(f))).not.toContain('VL-02');
  });
  it('is quiet when the design adds client routes, or the client routes it itself', () => {
    const add = withClient();
    add.virtualLabs[0]!.clientRoutes = 'add';
    expect(codes(lint(add))).not.toContain('VL-02');
    const own = withClient();
    own.devices[2]!.routes!.push({ to: '192.168.150.0/24', via: '192.168.149.50' });
    expect(codes(lint(own))).not.toContain('VL-02');
  });
  it('a client outside the appliance network gets its routes as its fix', () => {
    const d = dmzDesign();
    d.devices[0]!.routes = [{ to: '192.168.161.0/24', via: '192.168.149.50' }];
    d.devices.push(host('admin', 'mgmt', '10.0.0.30/24') as never);
    d.virtualLabs[0]!.clients = ['admin'];
    const diag = only(d, 'VL-02')[0]!;
    expect(diag.fix?.patch).toEqual([
      { op: 'add', path: '/devices/4/routes', value: [{ to: '192.168.161.0/24', via: '10.0.0.1' }] },
    ]);
    expect(codes(lint(fixed(d, 'VL-02')))).toEqual(['VL-24']);
  });
});

describe('VL-03 / VL-04 static mapping access IPs', () => {
  const mapping = (accessIp: string, isolatedIp = '192.168.149.36') => {
    const d = seedDesign();
    d.virtualLabs[0]!.staticMappings = [{ productionNetwork: 'prod', isolatedIp, accessIp }];
    return d;
  };
  it('VL-03: an access IP outside the subnet that the production router does not route', () => {
    const [d] = only(mapping('10.9.9.9'), 'VL-03');
    expect(d).toMatchObject({
      severity: 'error',
      paths: ['virtualLabs[0].staticMappings[0].accessIp', 'virtualLabs[0].appliance.ip'],
    });
    expect(d!.message).toContain('from gateway');
    const f = fixed(mapping('10.9.9.9'), 'VL-03');
    expect(f.virtualLabs[0]!.staticMappings![0]!.accessIp).toBe('192.168.149.254');
    expect(lint(f).diagnostics).toEqual([]);
  });
  it('VL-03: quiet when the production router routes the access IP to the appliance', () => {
    const d = dmzDesign();
    d.devices[0]!.routes = [
      { to: '192.168.161.0/24', via: '192.168.149.50' },
      { to: '10.9.9.9', via: '192.168.149.50' },
    ];
    d.virtualLabs[0]!.staticMappings = [
      { productionNetwork: 'dmz', isolatedIp: '192.168.160.10', accessIp: '10.9.9.9' },
    ];
    expect(codes(lint(d))).toEqual(['VL-24']);
    d.devices[0]!.routes.pop();
    expect(codes(lint(d))).toEqual(['VL-03', 'VL-24']);
  });
  it('VL-04: an access IP already used by a production host, fixed with a free one', () => {
    const [d] = only(mapping('192.168.149.22'), 'VL-04');
    expect(d).toMatchObject({
      severity: 'error',
      paths: ['virtualLabs[0].staticMappings[0].accessIp', 'devices[1].interfaces[0].addresses[0]'],
    });
    expect(lint(fixed(mapping('192.168.149.22'), 'VL-04')).diagnostics).toEqual([]);
  });
  it("VL-04: the production gateway, the appliance's own address, the broadcast address", () => {
    expect(only(mapping('192.168.149.2'), 'VL-04')[0]!.message).toContain('gateway');
    expect(only(mapping('192.168.149.50'), 'VL-04')[0]!.message).toContain('appliance vlab');
    expect(only(mapping('192.168.149.255'), 'VL-04')[0]!.message).toContain('broadcast');
  });
  it('VL-04: an isolated IP outside its production network', () => {
    const r = lint(mapping('192.168.149.136', '10.1.1.1'));
    expect(r.designErrors.join()).toContain('isolatedIp');
    expect(r.diagnostics.find((d) => d.code === 'VL-04')?.paths).toContain(
      'virtualLabs[0].staticMappings[0].isolatedIp',
    );
  });
  it('a free access IP in the subnet is quiet', () => {
    expect(lint(mapping('192.168.149.136')).diagnostics).toEqual([]);
  });
});

describe('VL-05 / VL-06 masquerade networks', () => {
  const masq = (m: string) => {
    const d = seedDesign();
    d.virtualLabs[0]!.isolatedNetworks[0]!.masquerade = m;
    return d;
  };
  it('VL-05: the production network itself', () => {
    const [d] = only(masq('192.168.149.0/24'), 'VL-05');
    expect(d!.message).toContain('production network "prod" (192.168.149.0/24)');
    expect(d!.paths[0]).toBe('virtualLabs[0].isolatedNetworks[0].masquerade');
    expect(d!.fix?.patch).toEqual([
      { op: 'replace', path: '/virtualLabs/0/isolatedNetworks/0/masquerade', value: '192.168.150.0/24' },
    ]);
    expect(lint(fixed(masq('192.168.149.0/24'), 'VL-05')).diagnostics).toEqual([]);
  });
  it('VL-05: a route of a drawn device that sends the range elsewhere', () => {
    const d = seedDesign();
    d.devices[2]!.routes!.push({ to: '192.168.150.0/23', via: '192.168.149.2' });
    const [x] = only(d, 'VL-05');
    expect(x!.message).toContain("sf0006's route to 192.168.150.0/23");
    expect(x!.paths).toContain('devices[2].routes[1]');
    expect(lint(fixed(d, 'VL-05')).diagnostics).toEqual([]);
  });
  it("VL-05: not a route that leads into the lab (the engine's trace reaches the appliance)", () => {
    const d = seedDesign();
    d.devices[2]!.routes!.push({ to: '192.168.150.0/24', via: '192.168.149.50' });
    d.devices[1]!.routes!.push({ to: '192.168.150.0/23', via: '192.168.149.2' });
    expect(lint(d).diagnostics).toEqual([]);
  });
  it("VL-05: another lab's masquerade network (reported once)", () => {
    const d = seedDesign();
    d.segments.push({ id: 'iso2', kind: 'isolated' } as never);
    d.virtualLabs.push({
      id: 'lab2',
      name: 'second',
      mode: 'advanced-single-host',
      appliance: { id: 'vlab2', productionNetwork: 'prod', ip: '192.168.149.51/24' },
      isolatedNetworks: [
        { segment: 'iso2', name: 'copy', productionNetwork: 'prod', masquerade: '192.168.150.0/24' },
      ],
      backupServer: 'vbs',
    });
    const ds = only(d, 'VL-05');
    expect(ds).toHaveLength(1);
    expect(ds[0]!.paths[0]).toBe('virtualLabs[1].isolatedNetworks[0].masquerade');
    expect(codes(lint(fixed(d, 'VL-05')))).not.toContain('VL-05');
  });
  it('VL-06: a /25 for a /24', () => {
    const [d] = only(masq('192.168.150.0/25'), 'VL-06');
    expect(d!.message).toContain('only 128 of the 256');
    expect(lint(fixed(masq('192.168.150.0/25'), 'VL-06')).diagnostics).toEqual([]);
  });
  it('VL-06: a /23 for a /24 aliases addresses', () => {
    expect(only(masq('192.168.150.0/23'), 'VL-06')[0]!.message).toContain(
      '2 masquerade addresses onto each VM',
    );
  });
  it('a proposed masquerade network is quiet', () => {
    const d = seedDesign();
    delete d.virtualLabs[0]!.isolatedNetworks[0]!.masquerade;
    expect(lint(d).diagnostics).toEqual([]);
  });
});

describe('VL-07..VL-12 isolated network settings', () => {
  it('VL-07: a vNIC that is not the gateway: warning, error with routing between vNICs; fix', () => {
    const d = seedDesign();
    d.virtualLabs[0]!.isolatedNetworks[0]!.vnicIp = '192.168.149.1/24';
    expect(only(d, 'VL-07')[0]!.severity).toBe('warning');
    d.virtualLabs[0]!.appliance.routingBetweenVnics = true;
    expect(only(d, 'VL-07')[0]!.severity).toBe('error');
    expect(lint(fixed(d, 'VL-07')).diagnostics).toEqual([]);
    d.virtualLabs[0]!.isolatedNetworks[0]!.vnicIp = '192.168.149.2/24';
    expect(codes(lint(d))).not.toContain('VL-07');
  });
  /** A second production network, DMZ, and its isolated copy. */
  const withDmz = (dmzSubnet = '192.168.160.0/24', gw = '192.168.160.1') => {
    const d = seedDesign();
    d.segments.push({ id: 'dmz', kind: 'production', subnet: dmzSubnet, gateway: gw } as never);
    d.virtualLabs[0]!.isolatedNetworks.push({
      segment: 'iso-dmz',
      name: 'DMZ copy',
      productionNetwork: 'dmz',
      masquerade: '192.168.161.0/24',
    });
    return d;
  };
  it('VL-08: two vNICs in one subnet; quiet for disjoint networks', () => {
    const d = withDmz('192.168.149.128/25', '192.168.149.129');
    d.virtualLabs[0]!.isolatedNetworks[1]!.masquerade = '192.168.161.0/25';
    expect(only(d, 'VL-08')[0]!.paths).toEqual([
      'virtualLabs[0].isolatedNetworks[1].vnicIp',
      'virtualLabs[0].isolatedNetworks[0].vnicIp',
    ]);
    expect(lint(withDmz()).diagnostics).toEqual([]);
  });
  it('VL-09: two vNICs on one isolated network; the fix removes the duplicate', () => {
    const d = seedDesign();
    d.virtualLabs[0]!.isolatedNetworks.push({ segment: 'iso', name: 'again', productionNetwork: 'prod' });
    expect(only(d, 'VL-09')).toHaveLength(1);
    expect(lint(fixed(d, 'VL-09')).diagnostics).toEqual([]);
  });
  it('VL-10: one production network on two isolated networks', () => {
    const d = seedDesign();
    d.virtualLabs[0]!.isolatedNetworks.push({ segment: 'iso2', name: 'again', productionNetwork: 'prod' });
    expect(codes(lint(d))).toEqual(['VL-10']);
    expect(codes(lint(withDmz()))).not.toContain('VL-10');
  });
  it('VL-10: two production networks with different subnets on one isolated network', () => {
    const d = withDmz();
    d.virtualLabs[0]!.isolatedNetworks[1]!.segment = 'iso';
    expect(codes(lint(d))).toEqual(expect.arrayContaining(['VL-09', 'VL-10']));
  });
  it('VL-11: ten isolated networks', () => {
    const d = seedDesign();
    for (let k = 0; k < 9; k++) {
      d.segments.push({
        id: `p${k}`,
        kind: 'production',
        subnet: `10.${k}.0.0/24`,
        gateway: `10.${k}.0.1`,
      } as never);
      d.virtualLabs[0]!.isolatedNetworks.push({
        segment: `i${k}`,
        name: `net ${k}`,
        productionNetwork: `p${k}`,
      });
    }
    expect(codes(lint(d))).toEqual(['VL-11']);
    d.virtualLabs[0]!.isolatedNetworks.pop();
    expect(lint(d).diagnostics).toEqual([]);
  });
  it('VL-12: forbidden characters; the fix drops them', () => {
    const d = seedDesign();
    d.virtualLabs[0]!.isolatedNetworks[0]!.name = 'vLab #1 "test"';
    const [x] = only(d, 'VL-12');
    expect(x!.message).toContain('"#"');
    expect(x!.fix!.patch[0]).toMatchObject({ value: 'vLab 1 test' });
    expect(lint(fixed(d, 'VL-12')).diagnostics).toEqual([]);
  });
});

describe('VL-13, VL-15 modes and port groups', () => {
  it('VL-13: basic single-host with the backup server elsewhere; the fix switches mode', () => {
    const d = dmzDesign();
    d.devices[0]!.routes = [{ to: '192.168.161.0/24', via: '192.168.149.50' }];
    d.virtualLabs[0]!.mode = 'basic-single-host';
    expect(only(d, 'VL-13')[0]!.message).toContain('backup server vbs is not in "dmz"');
    expect(codes(lint(fixed(d, 'VL-13')))).not.toContain('VL-13');
  });
  it('VL-13: basic single-host with two production networks', () => {
    const d = seedDesign();
    d.segments.push({
      id: 'dmz',
      kind: 'production',
      subnet: '192.168.160.0/24',
      gateway: '192.168.160.1',
    } as never);
    d.virtualLabs[0]!.isolatedNetworks.push({ segment: 'iso-dmz', name: 'DMZ', productionNetwork: 'dmz' });
    d.virtualLabs[0]!.mode = 'basic-single-host';
    expect(only(d, 'VL-13')[0]!.message).toContain('2 production networks');
  });
  it('VL-13: basic single-host with a static IP mapping (only the advanced wizard has that step)', () => {
    const d = seedDesign();
    d.virtualLabs[0]!.mode = 'basic-single-host';
    d.virtualLabs[0]!.staticMappings = [
      { productionNetwork: 'prod', isolatedIp: '192.168.149.36', accessIp: '192.168.149.136' },
    ];
    const x = only(d, 'VL-13')[0]!;
    expect(x.message).toContain('static IP mappings');
    expect(x.paths).toContain('virtualLabs[0].staticMappings');
    expect(codes(lint(fixed(d, 'VL-13')))).not.toContain('VL-13');
  });
  it('VL-13: quiet for the seed in basic mode', () => {
    const d = seedDesign();
    d.virtualLabs[0]!.mode = 'basic-single-host';
    expect(lint(d).diagnostics).toEqual([]);
  });
  it('VL-15: one isolated port group in two labs', () => {
    const d = seedDesign();
    d.virtualLabs.push({
      id: 'lab2',
      name: 'second',
      mode: 'advanced-single-host',
      appliance: { id: 'vlab2', productionNetwork: 'prod', ip: '192.168.149.51/24' },
      isolatedNetworks: [
        { segment: 'iso', name: 'copy', productionNetwork: 'prod', masquerade: '192.168.151.0/24' },
      ],
      backupServer: 'vbs',
    });
    expect(codes(lint(d))).toEqual(['VL-15']);
  });
  it('VL-15: multi-host VLAN mismatch with the drawn port group; the fix takes the port group VLAN', () => {
    const d = seedDesign();
    d.virtualLabs[0]!.mode = 'advanced-multi-host';
    d.segments[1]!.vlan = 10;
    d.virtualLabs[0]!.isolatedNetworks[0]!.vlan = 20;
    expect(only(d, 'VL-15')[0]!.severity).toBe('warning');
    expect(lint(fixed(d, 'VL-15')).diagnostics).toEqual([]);
    d.virtualLabs[0]!.mode = 'advanced-single-host';
    expect(codes(lint(d))).not.toContain('VL-15');
  });
});

describe('VL-16..VL-22 the lab side', () => {
  it('VL-16: the internet proxy is HTTP(S) only', () => {
    const d = seedDesign();
    d.virtualLabs[0]!.appliance.internetProxy = { port: 3128 };
    expect(only(d, 'VL-16')[0]).toMatchObject({ severity: 'info' });
    expect(only(d, 'VL-16')[0]!.message).toContain('port 3128');
    expect(codes(lint(seedDesign()))).not.toContain('VL-16');
  });
  it('VL-17: TCP 443 to the appliance dropped by a firewall', () => {
    const d = seedDesign();
    (d.devices[1] as { iptables?: unknown }).iptables = {
      filter: { OUTPUT: ['-p tcp --dport 443 -j DROP'] },
    };
    const [x] = only(d, 'VL-17');
    expect(x!.message).toContain('dropped by vbs');
    const open = seedDesign();
    (open.devices[1] as { iptables?: unknown }).iptables = {
      filter: { OUTPUT: ['-p tcp --dport 22 -j DROP'] },
    };
    expect(codes(lint(open))).not.toContain('VL-17');
  });
  it('VL-18: DHCP with lab VMs without a static MAC', () => {
    const d = seedDesign();
    d.virtualLabs[0]!.isolatedNetworks[0]!.dhcp = true;
    expect(only(d, 'VL-18')[0]!.message).toContain('sf0006-copy');
    d.devices[3]!.interfaces[0]!.mac = '02:00:00:00:02:24';
    expect(codes(lint(d))).not.toContain('VL-18');
  });
  it('VL-19: a lab VM with two addresses', () => {
    const d = seedDesign();
    d.devices[3]!.interfaces[0]!.addresses!.push('192.168.149.37/24');
    expect(only(d, 'VL-19')[0]).toMatchObject({ severity: 'info', paths: ['devices[3].interfaces'] });
    expect(codes(lint(seedDesign()))).not.toContain('VL-19');
  });
  it('VL-21: DHCP without any DNS server; a DNS server outside the lab', () => {
    const d = seedDesign();
    d.virtualLabs[0]!.isolatedNetworks[0]!.dhcp = true;
    d.devices[3]!.interfaces[0]!.mac = '02:00:00:00:02:24';
    expect(codes(lint(d))).toEqual([]);
    delete d.segments[0]!.dns;
    expect(only(d, 'VL-21')[0]!.message).toContain('no DNS server');
    d.virtualLabs[0]!.isolatedNetworks[0]!.dns = ['8.8.8.8'];
    expect(only(d, 'VL-21')[0]!.message).toContain('8.8.8.8');
    d.virtualLabs[0]!.isolatedNetworks[0]!.dns = ['192.168.149.20'];
    expect(codes(lint(d))).toEqual([]);
  });
  it('VL-22: an isolated network on a segment with uplinks; the fix makes it isolated', () => {
    const d = seedDesign();
    d.segments[1]!.kind = 'production';
    const r = lint(d);
    expect(r.designErrors.join()).toContain('isolated segment');
    expect(codes(r)).toContain('VL-22');
    expect(lint(fixed(d, 'VL-22'))).toEqual({ diagnostics: [], designErrors: [], labErrors: [] });
  });
  it('VL-22: a lab VM also plugged into production', () => {
    const d = seedDesign();
    d.devices[3]!.interfaces.push({ name: 'eth1', segment: 'prod', addresses: ['192.168.149.99/24'] });
    expect(only(d, 'VL-22')[0]!.paths).toEqual(['devices[3].interfaces[1].segment']);
  });
});

describe('VL-24 the appliance network is final', () => {
  it('reminds when the appliance is not in the backup server network', () => {
    const d = dmzDesign();
    d.devices[0]!.routes = [{ to: '192.168.161.0/24', via: '192.168.149.50' }];
    expect(lint(d).diagnostics.map((x) => [x.code, x.severity])).toEqual([['VL-24', 'info']]);
  });
  it('is quiet when they share it', () => {
    expect(codes(lint(seedDesign()))).not.toContain('VL-24');
  });
});
