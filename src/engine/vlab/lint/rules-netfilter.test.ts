/**
 * The footguns evaluated on the compiled network — NF-01..NF-04 and VL-23 — on the seed lab drawn by
 * hand (no design), plus VL-22's engine check and the loader's issues as diagnostics.
 */
import { describe, expect, it } from 'vitest';
import { compileLab } from '../../lab/compile.ts';
import type { LabDocument } from '../../lab/format.ts';
import { compileDesign } from '../compile-design.ts';
import { lintLab } from './lint.ts';
import { codes, fixed, handLab, host, lint, seedDesign, vlabOf, type Doc } from './lint.test-support.ts';
import { diagnosticsFromLoadIssues } from './load-issues.ts';

const only = (doc: Doc, code: string) => lint(doc).diagnostics.filter((d) => d.code === code);

describe('the hand-drawn seed lab', () => {
  it('lints clean', () => {
    expect(lint(handLab())).toEqual({ diagnostics: [], designErrors: [], labErrors: [] });
  });
});

describe('NF-01 strict rp_filter on an appliance', () => {
  const strict = (keys: Record<string, number>) => {
    const d = handLab();
    Object.assign(vlabOf(d).sysctls!, keys);
    return d;
  };
  it('conf.all = 1: the reverse-path check fails for lab VMs on eth1 (asked of the engine)', () => {
    const [x] = only(strict({ 'net.ipv4.conf.all.rp_filter': 1 }), 'NF-01');
    expect(x).toMatchObject({ severity: 'error' });
    expect(x!.message).toContain('on eth1');
    expect(x!.message).toContain('from 192.168.149.36');
    expect(x!.paths).toEqual([
      'devices[3].sysctls["net.ipv4.conf.eth1.rp_filter"]',
      'devices[3].sysctls["net.ipv4.conf.all.rp_filter"]',
    ]);
    expect(x!.why).toContain('semantics §6');
  });
  it('the fix makes every strict setting loose', () => {
    const d = strict({ 'net.ipv4.conf.all.rp_filter': 1, 'net.ipv4.conf.eth1.rp_filter': 1 });
    const f = fixed(d, 'NF-01');
    expect(vlabOf(f).sysctls).toMatchObject({
      'net.ipv4.conf.all.rp_filter': 2,
      'net.ipv4.conf.eth1.rp_filter': 2,
    });
    expect(lint(f).diagnostics).toEqual([]);
  });
  it('strict on eth0 only is harmless (requests from production pass), loose is quiet', () => {
    expect(codes(lint(strict({ 'net.ipv4.conf.eth0.rp_filter': 1 })))).toEqual([]);
    expect(codes(lint(strict({ 'net.ipv4.conf.all.rp_filter': 2 })))).toEqual([]);
  });
  it('strict where the isolated side is its own subnet (a routed design) is quiet', () => {
    const d = strict({ 'net.ipv4.conf.all.rp_filter': 1 });
    const v = vlabOf(d);
    v.interfaces[1]!.addresses = ['10.99.0.1/24'];
    d.devices[4]!.interfaces[0]!.addresses = ['10.99.0.36/24'];
    d.devices[4]!.routes = [{ to: 'default', via: '10.99.0.1' }];
    v.routes = [{ to: 'default', via: '192.168.149.2', dev: 'eth0' }];
    expect(codes(lint(d))).not.toContain('NF-01');
  });
});

describe('NF-02 proxy ARP on the isolated side', () => {
  it('proxy_arp on eth1: error, fixed by turning it off', () => {
    const d = handLab();
    vlabOf(d).sysctls!['net.ipv4.conf.eth1.proxy_arp'] = 1;
    const [x] = only(d, 'NF-02');
    expect(x!.message).toContain('proxy_arp on eth1');
    expect(lint(fixed(d, 'NF-02')).diagnostics).toEqual([]);
  });
  it('a proxy neighbour on eth1: error, fixed by removing it', () => {
    const d = handLab();
    (vlabOf(d) as { proxyNeighbours?: unknown }).proxyNeighbours = [
      { address: '192.168.149.22', dev: 'eth1' },
    ];
    expect(only(d, 'NF-02')[0]!.paths).toEqual(['devices[3].proxyNeighbours[0]']);
    expect(lint(fixed(d, 'NF-02')).diagnostics).toEqual([]);
  });
  it('proxy_arp on the production side is not this rule', () => {
    const d = handLab();
    vlabOf(d).sysctls!['net.ipv4.conf.eth0.proxy_arp'] = 1;
    expect(codes(lint(d))).not.toContain('NF-02');
  });
});

describe('NF-03 NETMAP prefix sizes', () => {
  const netmap = (rule: string) => {
    const d = handLab();
    (vlabOf(d).iptables!.nat!.PREROUTING as string[])[0] = rule;
    return d;
  };
  it('a /23 onto a /24 aliases: error', () => {
    const [x] = only(netmap('-i eth0 -d 192.168.150.0/23 -j NETMAP --to 192.168.149.0/24'), 'NF-03');
    expect(x).toMatchObject({ severity: 'error', paths: ['devices[3].iptables.nat.PREROUTING[0]'] });
    expect(x!.message).toContain('2 addresses of 192.168.150.0/23 land on each address');
  });
  it('a /25 onto a /24 leaves half unreachable: warning', () => {
    expect(
      only(netmap('-i eth0 -d 192.168.150.0/25 -j NETMAP --to 192.168.149.0/24'), 'NF-03')[0]!.severity,
    ).toBe('warning');
  });
  it('equal sizes, or a single address, are quiet', () => {
    expect(codes(lint(handLab()))).toEqual([]);
    expect(codes(lint(netmap('-i eth0 -d 192.168.150.36/32 -j NETMAP --to 192.168.149.0/24')))).not.toContain(
      'NF-03',
    );
  });
});

describe('NF-04 duplicate production addresses', () => {
  it('two hosts with one address on a production segment', () => {
    const d = handLab();
    d.devices.push(host('twin', 'prod', '192.168.149.22/24') as never);
    const [x] = only(d, 'NF-04');
    expect(x!.message).toContain('192.168.149.22 is configured on vbs (eth0) and twin (eth0)');
  });
  it('a copy with the production address on the isolated segment is the point of the lab', () => {
    expect(codes(lint(handLab()))).not.toContain('NF-04');
  });
});

describe('VL-23 marks and policy rules', () => {
  it('an ip rule fwmark no MARK rule satisfies: error on a forwarding device', () => {
    const d = handLab();
    vlabOf(d).rules = [
      { fwmark: '0x2/0x2', table: 2 },
      { fwmark: '0x8/0x8', table: 3 },
    ];
    const [x] = only(d, 'VL-23');
    expect(x).toMatchObject({ severity: 'error', paths: ['devices[3].rules[1]'] });
    expect(x!.message).toContain('fwmark 0x8/0x8 lookup 3');
  });
  it('on a host it is a warning (sockets may set SO_MARK)', () => {
    const d = handLab();
    d.devices[1]!.rules = [{ fwmark: '0x4', table: 5 }];
    expect(only(d, 'VL-23')[0]!.severity).toBe('warning');
  });
  it('the seed: --set-xmark 0x6 satisfies fwmark 0x2/0x2', () => {
    expect(codes(lint(handLab()))).toEqual([]);
  });
  it('a MARK only in mangle POSTROUTING (after routing), or only in nat (first packet only)', () => {
    const late = handLab();
    vlabOf(late).iptables!.mangle = { POSTROUTING: ['-j MARK --set-mark 2'] };
    expect(only(late, 'VL-23')[0]!.message).toContain('after the routing decision');
    const nat = handLab();
    vlabOf(nat).iptables!.mangle = {};
    (vlabOf(nat).iptables!.nat!.PREROUTING as string[]).unshift('-i eth0 -j MARK --set-mark 6');
    const [x] = only(nat, 'VL-23');
    expect(x!.message).toContain('only the first packet');
    expect(x!.paths).toEqual(['devices[3].rules[0]', 'devices[3].iptables.nat.PREROUTING[0]']);
  });
  it('CONNMARK --restore-mark can produce the bits', () => {
    const d = handLab();
    vlabOf(d).iptables!.mangle = { PREROUTING: ['-j CONNMARK --restore-mark'] };
    expect(codes(lint(d))).not.toContain('VL-23');
  });
});

describe("VL-22 the engine's leak check", () => {
  it('a lab VM whose packets the appliance forwards into production', () => {
    // the generated appliance drops what the lab starts; without that rule the copy reaches the router
    const doc = seedDesign();
    doc.segments.push({
      id: 'mgmt',
      kind: 'production',
      subnet: '10.0.0.0/24',
      gateway: '10.0.0.1',
    } as never);
    doc.devices[0]!.interfaces.push({ name: 'eth1', segment: 'mgmt', addresses: ['10.0.0.1/24'] });
    doc.devices[1] = host('vbs', 'mgmt', '10.0.0.22/24', '10.0.0.1') as never;
    doc.virtualLabs[0]!.appliance.productionNetwork = 'mgmt';
    doc.virtualLabs[0]!.appliance.ip = '10.0.0.50/24';
    const design = compileDesign(doc as LabDocument);
    const clean = compileLab(design.doc);
    expect(lintLab({ doc: doc as LabDocument, design, network: clean.network! })).toEqual([]);
    const leaky = {
      ...design.doc,
      devices: design.doc.devices.map((d) =>
        d.id === 'vlab' ? { ...d, iptables: { ...d.iptables, filter: {} } } : d,
      ),
    };
    const network = compileLab(leaky).network!;
    const found = lintLab({ doc: doc as LabDocument, design: { ...design, doc: leaky }, network });
    expect(found.map((x) => x.code)).toEqual(['VL-22']);
    expect(found[0]!.message).toContain('delivered to vbs outside the lab');
  });
});

describe('the loader issues as diagnostics', () => {
  it('errors are LAB-01, warnings LAB-02, NETMAP outside nat is VL-23', () => {
    const ds = diagnosticsFromLoadIssues([
      { path: 'devices[0].routes[0]', message: 'the kernel refuses it', severity: 'error' },
      {
        path: 'devices[1].interfaces[0].addresses',
        message: '192.168.1.1 is also configured on x',
        severity: 'warning',
      },
      {
        path: 'devices[3].iptables.mangle.PREROUTING[1]',
        message:
          'RULE_APPEND failed (Invalid argument): rule in chain PREROUTING — the NETMAP target is only valid in the nat table. (at column 32)',
        severity: 'error',
      },
    ]);
    expect(ds.map((d) => [d.code, d.severity, d.paths])).toEqual([
      ['LAB-01', 'error', ['devices[0].routes[0]']],
      ['LAB-02', 'warning', ['devices[1].interfaces[0].addresses']],
      ['VL-23', 'error', ['devices[3].iptables.mangle.PREROUTING[1]']],
    ]);
    expect(ds[2]!.why).toContain('[L4]');
    expect(ds[0]!.message).toBe('the kernel refuses it.');
  });
});
