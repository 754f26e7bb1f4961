/**
 * What the compiled designs do, traced by the engine (which src/kernel/vlab-layout.test.ts and
 * src/kernel/public-labs.test.ts hold to the kernel): every production client of a design reaches every
 * lab VM through its masquerade address and through its access IPs, answered by that VM; nothing a lab
 * VM sends reaches production. And, over random single-network designs, the generated NETMAP maps
 * every masquerade address onto the isolated address with the same host bits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCidr, formatIpv4, inPrefix, maskOf, type Cidr, type Ipv4 } from '../addr/ipv4.ts';
import { netmapAddress } from '../conntrack/netmap.ts';
import type { LabDocument } from '../lab/format.ts';
import type { Network } from '../model/network.ts';
import { trace } from '../sim/trace.ts';
import { labVms } from './reach-matrix.ts';
import { network, publicLab } from './vlab.test-support.ts';

/** Every lab VM of the design's isolated networks and the production addresses it is reached by. */
const targets = (doc: LabDocument, net: Network) =>
  labVms(doc, net).map((v) => ({
    vm: v.id,
    segment: v.segment,
    vmAddr: v.addr,
    via: v.via.map((p) => p.addr),
  }));

const clients = (doc: LabDocument) =>
  (doc.virtualLabs ?? []).flatMap((l) => [l.backupServer, ...(l.clients ?? [])]);

describe.each(['surebackup-basic', 'surebackup-static-mapping', 'surebackup-multi-network'])('%s', (name) => {
  const doc = publicLab(name);
  const net = network(doc);
  const lab = targets(doc, net);

  it('has lab VMs and production clients', () => {
    expect(lab.length).toBeGreaterThan(0);
    expect(clients(doc).length).toBeGreaterThan(0);
  });

  it('every production client reaches every lab VM by each of its production addresses', () => {
    const seen: string[] = [];
    for (const from of clients(doc))
      for (const t of lab)
        for (const to of t.via) {
          const r = trace(net, { from, to });
          if (!r.ok) throw new Error(r.error);
          const what = `${from} → ${formatIpv4(to)}`;
          expect(r.value.outcome, what).toBe('answered');
          expect(r.value.request.receiver, what).toBe(t.vm);
          expect(r.value.request.seen?.dst, what).toBe(t.vmAddr);
          // the answer comes from the address the client asked
          expect(r.value.reply?.socket?.src, what).toBe(to);
          seen.push(what);
        }
    expect(seen.length).toBe(clients(doc).length * lab.reduce((n, t) => n + t.via.length, 0));
  });

  it('the reverse direction: nothing a lab VM sends leaves its isolated network', () => {
    const addresses = new Set<number>();
    for (const d of net.devices)
      for (const i of d.ifaces) for (const a of i.addrs) if (a.local >>> 24 !== 127) addresses.add(a.local);
    for (const t of lab) for (const a of t.via) addresses.add(a);
    const appliances = new Set((doc.virtualLabs ?? []).map((l) => l.appliance.id));
    for (const t of lab)
      for (const to of addresses) {
        if (to === t.vmAddr) continue;
        const r = trace(net, { from: t.vm, to: to as Ipv4 });
        if (!r.ok) throw new Error(r.error);
        const what = `${t.vm} → ${formatIpv4(to)}`;
        // the request reaches nothing but its own isolated network and the appliance, which keeps it
        const neighbours = new Set(lab.filter((l) => l.segment === t.segment).map((l) => l.vm));
        for (const h of r.value.request.hops) {
          expect(neighbours.has(h.device) || appliances.has(h.device), `${what}: reached ${h.device}`).toBe(
            true,
          );
          if (appliances.has(h.device)) expect(h.out, `${what}: forwarded by ${h.device}`).toBe(null);
        }
        const receiver = r.value.request.receiver;
        expect(receiver === null || neighbours.has(receiver), `${what}: delivered to ${receiver}`).toBe(true);
      }
  });
});

/** A single-network design around a random isolated network, its copy at a random host. */
function randomDesign(iso: Cidr, host: number, masq: Cidr | undefined): LabDocument {
  const at = (k: number) => formatIpv4(((iso.addr + k) >>> 0) as Ipv4);
  const cidrAt = (k: number) => `${at(k)}/${iso.len}`;
  const nic = (name: string, segment: string, address: string) => ({ name, segment, addresses: [address] });
  return {
    schemaVersion: 2,
    name: 'random design',
    segments: [
      { id: 'prod', kind: 'production', subnet: formatCidr(iso), gateway: at(1) },
      { id: 'iso', kind: 'isolated' },
    ],
    devices: [
      { id: 'gw', kind: 'router', interfaces: [nic('eth0', 'prod', cidrAt(1))] },
      {
        id: 'vbs',
        kind: 'host',
        interfaces: [nic('eth0', 'prod', cidrAt(2))],
        routes: [{ to: 'default', via: at(1) }],
      },
      {
        id: 'copy',
        kind: 'host',
        interfaces: [nic('eth0', 'iso', cidrAt(host))],
        routes: [{ to: 'default', via: at(1) }],
      },
    ],
    virtualLabs: [
      {
        id: 'l',
        name: 'l',
        mode: 'basic-single-host',
        appliance: { id: 'app', productionNetwork: 'prod', ip: cidrAt(3) },
        isolatedNetworks: [
          {
            segment: 'iso',
            name: 'iso',
            productionNetwork: 'prod',
            ...(masq ? { masquerade: formatCidr(masq) } : {}),
          },
        ],
        backupServer: 'vbs',
      },
    ],
  };
}

describe('NETMAP of the generated rules (property)', () => {
  const isoArb = fc
    .tuple(
      fc.constantFrom(0x0a000000, 0xac100000, 0xc0a80000),
      fc.integer({ min: 0, max: 0xffff }),
      fc.integer({ min: 16, max: 28 }),
    )
    .map(([base, off, len]) => ({ addr: (((base + (off << 8)) & maskOf(len)) >>> 0) as Ipv4, len }));

  it('the masquerade address of any host is mapped onto that host, and marked for table 2', () => {
    fc.assert(
      fc.property(isoArb, fc.nat(), fc.boolean(), fc.nat(), (iso, h, given, k) => {
        const size = 2 ** (32 - iso.len);
        const host = 4 + (h % (size - 5));
        // a stated masquerade network: the same size, anywhere in 11.0.0.0/8 (not used in the lab)
        const masq = given
          ? { addr: ((0x0b000000 + (k % (2 ** 24 / size)) * size) >>> 0) as Ipv4, len: iso.len }
          : undefined;
        const doc = randomDesign(iso, host, masq);
        const net = network(doc);
        const app = net.byId.get('app')!;
        const netmaps = app.ruleset.get('nat')!.chains.get('PREROUTING')!.rules;
        const marks = app.ruleset.get('mangle')!.chains.get('PREROUTING')!.rules;
        expect(netmaps).toHaveLength(1);
        const rule = netmaps[0]!;
        if (rule.target.kind !== 'NETMAP' || !rule.dst) throw new Error('not a NETMAP rule');
        expect(rule.dst.len).toBe(iso.len);
        if (masq) expect(rule.dst.addr).toBe(masq.addr);
        // any address of the masquerade network: NETMAP keeps its host bits, the MARK rule matches it
        const any = ((rule.dst.addr + ((h * 7919) % size)) >>> 0) as Ipv4;
        const mapped = netmapAddress(any, rule.target.to);
        expect(inPrefix(mapped, iso)).toBe(true);
        expect((mapped & ~maskOf(iso.len)) >>> 0).toBe((any & ~maskOf(iso.len)) >>> 0);
        expect(marks[0]!.dst).toEqual(rule.dst);
        // and the engine delivers the copy's masquerade address to the copy, as its own address
        const to = netmapAddress(((iso.addr + host) >>> 0) as Ipv4, rule.dst);
        const r = trace(net, { from: 'vbs', to });
        if (!r.ok) throw new Error(r.error);
        expect(r.value.request.receiver).toBe('copy');
        expect(r.value.request.seen?.dst).toBe(((iso.addr + host) >>> 0) as Ipv4);
        expect(r.value.outcome).toBe('answered');
      }),
      { numRuns: 150 },
    );
  });
});
