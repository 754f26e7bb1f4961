import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIpv4, ipv4 } from '../addr/ipv4.ts';
import type { LabDocument } from '../lab/format.ts';
import { trace } from '../sim/trace.ts';
import { whatIfCompile } from '../whatif/apply.ts';
import { alikeLab, compiled, hostIp, loadPublic, vmHost } from '../whatif/whatif.test-support.ts';
import { reachMatrix, type ReachCell, type ReachMatrix } from './reach-matrix.ts';

function matrix(doc: LabDocument, net = compiled(doc), opts = {}): ReachMatrix {
  const m = reachMatrix(doc, net, opts);
  if (!m.ok) throw new Error(m.error);
  return m.value;
}

const row = (m: ReachMatrix, client: string) => m.forward[m.clients.findIndex((c) => c.id === client)]!;
const show = (c: ReachCell) => `${c.ok ? '✓' : '✗'} ${c.reason}`;

describe('reachMatrix on the example labs', () => {
  it('surebackup-static-mapping: both the masquerade and the access path of the copy', () => {
    const { doc, network } = loadPublic('surebackup-static-mapping');
    const m = matrix(doc, network);
    expect(m.clients.map((c) => c.id)).toEqual(['vbs', 'gateway', 'sf0006', 'ws01']);
    expect(m.columns.map((c) => `${c.vm} ${c.kind} ${formatIpv4(c.addr)}`)).toEqual([
      'sf0006-copy masquerade 192.168.150.36',
      'sf0006-copy access 192.168.149.136',
    ]);
    expect(row(m, 'vbs').map(show)).toEqual(['✓ answered by sf0006-copy', '✓ answered by sf0006-copy']);
    // the workstation has no route to the masquerade network, but the access IP is on its own subnet
    expect(row(m, 'ws01').map(show)).toEqual([
      '✗ request dropped at gateway: forwarding_disabled',
      '✓ answered by sf0006-copy',
    ]);
    const cell = row(m, 'vbs')[1]!;
    expect(cell.probe).toEqual({ from: 'vbs', to: ipv4('192.168.149.136') });
    expect(cell.outcome).toBe('answered');
    expect(cell.detail).toBe('the echo-reply comes from 192.168.149.136');
  });

  it('the reverse direction: every lab VM → every client is stopped, with the reason', () => {
    const { doc, network } = loadPublic('surebackup-basic');
    const m = matrix(doc, network);
    expect(m.reverse).toHaveLength(1);
    expect(m.reverse[0]!.map((c) => `${c.target} ${show(c)}`)).toEqual([
      'vbs ✗ request dropped at sf0006-copy: neighbour_unreachable (Destination Host Unreachable back)',
      'gateway ✗ request dropped at vlab: filter_drop',
      'sf0006 ✗ answered by sf0006-copy itself (same address as sf0006), not sf0006',
    ]);
    expect(m.reverse[0]![1]!.detail).toBe('-t filter -A INPUT -i eth1 -j DROP');
    expect(m.reverse.flat().every((c) => !c.expected && c.dir === 'reverse')).toBe(true);
  });

  it('a what-if with rp_filter=1 on the appliance: the reply dies at vlab, reason rp_filter', () => {
    const { doc, expanded } = loadPublic('surebackup-basic');
    const net = whatIfCompile(expanded, [
      { kind: 'sysctl', device: 'vlab', key: 'net.ipv4.conf.all.rp_filter', value: 1 },
    ]);
    if (!net.ok) throw new Error(net.error);
    const c = row(matrix(doc, net.value), 'vbs')[0]!;
    expect(show(c)).toBe('✗ reply dropped at vlab: rp_filter');
    expect(c.outcome).toBe('reply-dropped');
    expect(c.drop).toMatchObject({ leg: 'reply', device: 'vlab', reason: 'rp_filter' });
  });

  it('a reply from the production original instead of the copy is ✗', () => {
    const { doc, expanded } = loadPublic('surebackup-static-mapping');
    // without the access IP's mark, the DNATed packet is routed by main: out eth0, to sf0006 itself
    const net = whatIfCompile(expanded, [
      { kind: 'rule-off', device: 'vlab', table: 'mangle', chain: 'PREROUTING', index: 1 },
    ]);
    if (!net.ok) throw new Error(net.error);
    const c = row(matrix(doc, net.value), 'vbs')[1]!;
    expect(show(c)).toBe('✗ answered by sf0006, not its copy');
    expect(c.outcome).toBe('answered');
    expect(c.receiver).toBe('sf0006');
  });

  it('every cell says what its own trace says', () => {
    for (const name of ['surebackup-basic', 'surebackup-static-mapping', 'surebackup-multi-network']) {
      const { doc, network } = loadPublic(name);
      const m = matrix(doc, network);
      for (const c of [...m.forward.flat(), ...m.reverse.flat()]) {
        const t = trace(network, c.probe);
        if (!t.ok) throw new Error(t.error);
        expect(c.outcome, c.key).toBe(t.value.outcome);
        expect(c.receiver, c.key).toBe(t.value.request.receiver);
      }
      expect(m.stats.cells).toBe(m.forward.flat().length + m.reverse.flat().length);
    }
  });

  it('TCP and UDP probes', () => {
    const { doc, network } = loadPublic('surebackup-basic');
    expect(reachMatrix(doc, network, { proto: 'tcp' })).toEqual({
      ok: false,
      error: 'a tcp probe needs a destination port',
    });
    const tcp = matrix(doc, network, { proto: 'tcp', dport: 22 });
    expect(tcp.forward[0]![0]!.probe).toEqual({
      from: 'vbs',
      to: ipv4('192.168.150.36'),
      proto: 'tcp',
      dport: 22,
    });
    expect(show(tcp.forward[0]![0]!)).toBe('✓ answered by sf0006-copy (tcp rst: nothing listens there)');
    const udp = matrix(doc, network, { proto: 'udp', dport: 53 });
    expect(show(udp.forward[0]![0]!)).toBe('✗ sf0006-copy answers Destination Port Unreachable');
  });

  it('a lab without designs has an empty matrix; a broken design is an error', () => {
    const { doc, network } = loadPublic('asymmetric-firewall');
    expect(matrix(doc, network)).toMatchObject({ clients: [], vms: [], forward: [], reverse: [] });
    const bad = { ...loadPublic('surebackup-basic').doc };
    const labs = bad.virtualLabs!;
    const broken = { ...bad, virtualLabs: [{ ...labs[0]!, backupServer: 'nobody' }] };
    const r = reachMatrix(broken, loadPublic('surebackup-basic').network);
    expect(r.ok).toBe(false);
  });
});

describe('progress', () => {
  it('reports growing counts and ends with total/total', () => {
    const doc = alikeLab(4, 30);
    const seen: [number, number][] = [];
    const m = matrix(doc, compiled(doc), { onProgress: (d: number, t: number) => seen.push([d, t]) });
    const total = m.stats.cells;
    // the production gateway is a client too
    expect(total).toBe(5 * 30 + 30 * 5);
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.every(([, t]) => t === total)).toBe(true);
    expect(seen.every(([d], i) => i === 0 || d >= seen[i - 1]![0])).toBe(true);
    expect(seen.at(-1)).toEqual([total, total]);
  });
});

describe('alike machines share one trace', () => {
  const strip = (m: ReachMatrix) =>
    [...m.forward.flat(), ...m.reverse.flat()].map(({ sharedWith: _s, ...c }) => c);

  it('a big lab of alike clients and VMs needs a handful of traces', () => {
    const doc = alikeLab(40, 300);
    const m = matrix(doc);
    expect(m.clients.map((c) => c.id).slice(0, 3)).toEqual(['c0', 'c1', 'c10']);
    expect(m.stats.cells).toBe(41 * 300 * 2);
    // c0 and the gateway (a client too, configured differently) to vm0, and vm0 back to both
    expect(m.stats.traces).toBe(4);
    const fromClients = m.forward.flat().filter((c) => c.from !== 'gw');
    expect(fromClients.every((c) => c.ok)).toBe(true);
    expect(row(m, 'gw').every((c) => c.reason === 'request dropped at gw: no_route')).toBe(true);
    expect(m.reverse.flat().every((c) => !c.ok)).toBe(true);
    const c = row(m, 'c7')[11]!;
    expect(show(c)).toBe('✓ answered by vm11');
    expect(c.sharedWith).toBe('forward|c0|vm0|masquerade|10.1.11.184');
    const r = m.reverse[5]![3]!;
    expect(r.target).toBe('c11');
    expect(r.detail).toBe(`no answer to ARP "who-has ${hostIp(2011)} tell ${hostIp(vmHost(5))}" on eth0`);
    expect(show(r)).toBe(
      '✗ request dropped at vm5: neighbour_unreachable (Destination Host Unreachable back)',
    );
  });

  /** Things that make machines differ (or that the sharing must not be fooled by). */
  type Twist =
    | { kind: 'mapping'; vm: number }
    | { kind: 'client-route'; client: number; vm: number }
    | { kind: 'vm-drop'; vm: number; client: number }
    | { kind: 'rp-filter'; vm: number }
    | { kind: 'duplicate'; vm: number; client: number }
    | { kind: 'split'; client: number; vm: number }
    | { kind: 'nat-range' };

  function twisted(clients: number, vms: number, twists: readonly Twist[]): LabDocument {
    const doc = alikeLab(clients, vms) as unknown as {
      devices: Record<string, unknown>[];
      virtualLabs: Record<string, unknown>[];
    };
    const dev = (id: string) => doc.devices.find((d) => d.id === id)!;
    const masq = (vm: number) => hostIp(vmHost(vm), 1);
    const mappings: unknown[] = [];
    for (const t of twists) {
      if (t.kind === 'mapping')
        mappings.push({
          productionNetwork: 'prod',
          isolatedIp: hostIp(vmHost(t.vm)),
          accessIp: hostIp(900 + t.vm),
        });
      else if (t.kind === 'client-route')
        (dev(`c${t.client}`).routes as unknown[]).push({ to: `${masq(t.vm)}/32`, via: '10.0.0.1' });
      else if (t.kind === 'vm-drop')
        dev(`vm${t.vm}`).iptables = { filter: { INPUT: [`-s ${hostIp(2000 + t.client)} -j DROP`] } };
      else if (t.kind === 'rp-filter') dev(`vm${t.vm}`).sysctls = { 'net.ipv4.conf.all.rp_filter': 1 };
      else if (t.kind === 'split')
        // VMs up to t.vm are dropped, the others not; no address of a VM is named
        dev(`c${t.client}`).iptables = {
          filter: { OUTPUT: [`-m iprange --dst-range 10.1.0.1-${hostIp(vmHost(t.vm) + 1, 1)} -j DROP`] },
        };
      else if (t.kind === 'duplicate')
        (dev(`vm${t.vm}`).interfaces as { addresses: string[] }[])[0]!.addresses = [
          `${hostIp(2000 + t.client)}/16`,
        ];
      else
        // every client: a hash of the addresses picks vm0 or vm1 (or nobody)
        for (const d of doc.devices.filter((x) => /^c\d/.test(x.id as string)))
          d.iptables = { nat: { OUTPUT: [`-d 10.1.0.0/16 -j DNAT --to-destination ${masq(0)}-${masq(1)}`] } };
    }
    doc.virtualLabs[0] = { ...doc.virtualLabs[0], staticMappings: mappings };
    return doc as unknown as LabDocument;
  }

  it('gives every cell its own trace would give (random twists)', () => {
    const n = fc.record({ clients: fc.integer({ min: 2, max: 4 }), vms: fc.integer({ min: 2, max: 6 }) });
    const arb = n.chain(({ clients, vms }) => {
      const c = fc.nat(clients - 1);
      const v = fc.nat(vms - 1);
      const twist: fc.Arbitrary<Twist> = fc.oneof(
        fc.record({ kind: fc.constant('mapping' as const), vm: v }),
        fc.record({ kind: fc.constant('client-route' as const), client: c, vm: v }),
        fc.record({ kind: fc.constant('vm-drop' as const), vm: v, client: c }),
        fc.record({ kind: fc.constant('rp-filter' as const), vm: v }),
        fc.record({ kind: fc.constant('duplicate' as const), vm: v, client: c }),
        fc.record({ kind: fc.constant('split' as const), client: c, vm: v }),
        fc.constant({ kind: 'nat-range' as const }),
      );
      return fc.record({
        clients: fc.constant(clients),
        vms: fc.constant(vms),
        twists: fc.uniqueArray(twist, { maxLength: 3, selector: (t) => `${t.kind}${'vm' in t ? t.vm : ''}` }),
      });
    });
    fc.assert(
      fc.property(arb, ({ clients, vms, twists }) => {
        const doc = twisted(clients, vms, twists);
        const net = compiled(doc);
        const shared = matrix(doc, net);
        const each = matrix(doc, net, { exhaustive: true });
        expect(strip(shared)).toEqual(strip(each));
        expect([...each.forward.flat(), ...each.reverse.flat()].some((c) => c.sharedWith)).toBe(false);
      }),
      { numRuns: 40 },
    );
  });
});
