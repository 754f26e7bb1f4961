/**
 * Properties of the linter on generated designs: a clean design (every network distinct, the appliance
 * and the backup server in the same network, vNICs mimicking the gateways, masquerade networks
 * proposed, free access IPs, routed clients) lints empty; one injected mistake is found, and its fix,
 * applied, makes the diagnostic disappear.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIpv4, maskOf, type Ipv4 } from '../../addr/ipv4.ts';
import type { NetworkingMode } from '../design.ts';
import { codes, lint, type Doc } from './lint.test-support.ts';
import { applyPatch } from './patch.ts';

interface Spec {
  readonly nets: readonly { readonly len: number; readonly third: number; readonly vlan: number }[];
  readonly mode: NetworkingMode;
  readonly mapping: boolean;
  readonly client: boolean;
  readonly dhcp: boolean;
  readonly between: boolean;
  readonly drawIsolated: boolean;
  readonly names: readonly string[];
}

const spec: fc.Arbitrary<Spec> = fc
  .record({
    nets: fc.array(
      fc.record({
        len: fc.integer({ min: 22, max: 26 }),
        third: fc.integer({ min: 0, max: 255 }),
        vlan: fc.integer({ min: 1, max: 4094 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    mode: fc.constantFrom<NetworkingMode>('basic-single-host', 'advanced-single-host', 'advanced-multi-host'),
    mapping: fc.boolean(),
    client: fc.boolean(),
    dhcp: fc.boolean(),
    between: fc.boolean(),
    drawIsolated: fc.boolean(),
    names: fc.array(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,20}$/), { minLength: 3, maxLength: 3 }),
  })
  .map((s) => ({
    ...s,
    mode: s.nets.length > 1 && s.mode === 'basic-single-host' ? 'advanced-single-host' : s.mode,
  }));

/** Each production network in its own 172.(16+i).0.0/16, so nothing overlaps. */
function build(s: Spec): Doc {
  const nets = s.nets.map((n, i) => {
    const base = ((172 << 24) | ((16 + i) << 16) | (n.third << 8)) & maskOf(n.len);
    const at = (h: number) => formatIpv4(((base >>> 0) + h) as Ipv4);
    return { ...n, i, at, subnet: `${at(0)}/${n.len}`, cidr: (h: number) => `${at(h)}/${n.len}` };
  });
  const mac = (i: number, j: number) => `02:00:00:00:${(16 + i).toString(16)}:${(16 + j).toString(16)}`;
  const host = (id: string, seg: string, addr: string, gw: string, m?: string) => ({
    id,
    kind: 'host' as const,
    interfaces: [{ name: 'eth0', segment: seg, addresses: [addr], ...(m ? { mac: m } : {}) }],
    routes: [{ to: 'default', via: gw }],
  });
  return {
    schemaVersion: 2,
    name: 'generated',
    segments: [
      ...nets.map((n) => ({
        id: `p${n.i}`,
        kind: 'production' as const,
        subnet: n.subnet,
        gateway: n.at(1),
        dns: [n.at(2)],
      })),
      ...(s.drawIsolated
        ? nets.map((n) => ({ id: `i${n.i}`, kind: 'isolated' as const, vlan: n.vlan }))
        : []),
    ],
    devices: [
      {
        id: 'router',
        kind: 'router',
        interfaces: nets.map((n) => ({ name: `eth${n.i}`, segment: `p${n.i}`, addresses: [n.cidr(1)] })),
        sysctls: { 'net.ipv4.ip_forward': 1 },
      },
      host('vbs', 'p0', nets[0]!.cidr(10), nets[0]!.at(1)),
      ...(s.client ? [host('client', 'p0', nets[0]!.cidr(40), nets[0]!.at(1))] : []),
      ...nets.flatMap((n) => [
        host(`vm${n.i}`, `p${n.i}`, n.cidr(20), n.at(1)),
        host(`vm${n.i}-copy`, `i${n.i}`, n.cidr(20), n.at(1), s.dhcp ? mac(n.i, 20) : undefined),
        host(`dns${n.i}-copy`, `i${n.i}`, n.cidr(2), n.at(1), s.dhcp ? mac(n.i, 2) : undefined),
      ]),
    ],
    virtualLabs: [
      {
        id: 'lab',
        name: 'generated lab',
        mode: s.mode,
        appliance: {
          id: 'appliance',
          productionNetwork: 'p0',
          ip: nets[0]!.cidr(5),
          ...(s.between ? { routingBetweenVnics: true } : {}),
        },
        isolatedNetworks: nets.map((n) => ({
          segment: `i${n.i}`,
          name: s.names[n.i]!,
          productionNetwork: `p${n.i}`,
          ...(s.mode === 'advanced-multi-host' ? { vlan: n.vlan } : {}),
          ...(s.dhcp ? { dhcp: true } : {}),
        })),
        // static IP mappings exist in the advanced wizard only (VL-13)
        ...(s.mapping && s.mode !== 'basic-single-host'
          ? {
              staticMappings: [
                { productionNetwork: 'p0', isolatedIp: nets[0]!.at(20), accessIp: nets[0]!.at(30) },
              ],
            }
          : {}),
        backupServer: 'vbs',
        ...(s.client ? { clients: ['client'], clientRoutes: 'add' as const } : {}),
      },
    ],
  } as Doc;
}

describe('a clean generated design', () => {
  it('compiles and lints empty', () => {
    fc.assert(
      fc.property(spec, (s) => {
        expect(lint(build(s))).toEqual({ diagnostics: [], designErrors: [], labErrors: [] });
      }),
      { numRuns: 60 },
    );
  });
});

/** One mistake each, with the code it must raise (every one of these has a fix). */
const FAULTS: readonly [string, (d: Doc) => void][] = [
  [
    'VL-02',
    (d) => {
      d.devices.push({
        id: 'other',
        kind: 'host',
        interfaces: [{ name: 'eth0', segment: 'p0', addresses: [addrIn(d, 41)] }],
      } as never);
      d.virtualLabs[0]!.clients = ['other'];
      d.virtualLabs[0]!.clientRoutes = 'report';
    },
  ],
  [
    'VL-03',
    (d) =>
      void (d.virtualLabs[0]!.staticMappings = [
        { productionNetwork: 'p0', isolatedIp: hostIn(d, 20), accessIp: '10.255.255.1' },
      ]),
  ],
  [
    'VL-04',
    (d) =>
      void (d.virtualLabs[0]!.staticMappings = [
        { productionNetwork: 'p0', isolatedIp: hostIn(d, 20), accessIp: hostIn(d, 10) },
      ]),
  ],
  ['VL-05', (d) => void (d.virtualLabs[0]!.isolatedNetworks[0]!.masquerade = d.segments[0]!.subnet)],
  ['VL-06', (d) => void (d.virtualLabs[0]!.isolatedNetworks[0]!.masquerade = '10.200.0.0/20')],
  ['VL-07', (d) => void (d.virtualLabs[0]!.isolatedNetworks[0]!.vnicIp = addrIn(d, 3))],
  ['VL-12', (d) => void (d.virtualLabs[0]!.isolatedNetworks[0]!.name += '#')],
];

const hostIn = (d: Doc, h: number) => addrIn(d, h).split('/')[0]!;
function addrIn(d: Doc, h: number): string {
  const [a, len] = d.segments[0]!.subnet!.split('/');
  const n = a!.split('.').reduce((x, o) => x * 256 + Number(o), 0);
  return `${formatIpv4((n + h) as Ipv4)}/${len}`;
}

describe('a design with one mistake', () => {
  it.each(FAULTS)('%s is found, and its fix removes it', (code, fault) => {
    fc.assert(
      fc.property(spec, (s) => {
        const d = build(s);
        fault(d);
        const found = lint(d).diagnostics.find((x) => x.code === code);
        expect(found, `${code} in ${JSON.stringify(lint(d).diagnostics.map((x) => x.code))}`).toBeDefined();
        expect(found!.fix).toBeDefined();
        const r = applyPatch(d, found!.fix!.patch);
        expect(r.ok).toBe(true);
        if (r.ok) expect(codes(lint(r.value))).not.toContain(code);
      }),
      { numRuns: 25 },
    );
  });
});
