import { describe, expect, it } from 'vitest';
import { ipv4 } from '../addr/ipv4.ts';
import type { LabDocument } from '../lab/format.ts';
import { trace } from '../sim/trace.ts';
import { alikeLab, compiled, hostIp, loadPublic, vmHost } from './whatif.test-support.ts';
import { disjoint, NetworkSymmetry, swapAddr, swapText, traceIsPortable, type Swap } from './symmetry.ts';

const lab = (edit: (doc: { devices: Record<string, unknown>[] }) => void = () => {}) => {
  const doc = structuredClone(alikeLab(3, 4)) as unknown as { devices: Record<string, unknown>[] };
  edit(doc);
  return compiled(doc as unknown as LabDocument);
};
const dev = (doc: { devices: Record<string, unknown>[] }, id: string) =>
  doc.devices.find((d) => d.id === id)!;
const masq = (i: number) => ipv4(hostIp(vmHost(i), 1));
const reps = (s: NetworkSymmetry, ids: string[], extra?: (id: string) => ReturnType<typeof ipv4>[]) =>
  [...s.classes(ids, extra)].map(([id, c]) => `${id}→${c.rep}`);

describe('NetworkSymmetry', () => {
  it('alike VMs swap with their masquerade addresses (the NETMAP pairs them)', () => {
    const s = new NetworkSymmetry(lab());
    const w = s.swap('vm0', 'vm2')!;
    expect(w.devices.get('vm0')).toBe('vm2');
    expect(swapAddr([w], ipv4(hostIp(vmHost(0))))).toBe(ipv4(hostIp(vmHost(2))));
    expect(swapAddr([w], masq(0))).toBe(masq(2));
    expect(swapAddr([w], masq(2))).toBe(masq(0));
    expect(swapAddr([w], masq(1))).toBe(masq(1));
    expect(reps(s, ['c0', 'c1', 'c2', 'gw'])).toEqual(['c0→c0', 'c1→c0', 'c2→c0', 'gw→gw']);
  });

  it('keeps apart what a rule names, a prefix splits, a NAT range hashes, or an address shares', () => {
    const named = new NetworkSymmetry(
      lab((d) => (dev(d, 'gw').iptables = { filter: { INPUT: [`-s ${hostIp(vmHost(1))} -j DROP`] } })),
    );
    expect(reps(named, ['vm0', 'vm1', 'vm2'])).toEqual(['vm0→vm0', 'vm1→vm1', 'vm2→vm0']);
    const split = new NetworkSymmetry(
      lab((d) => (dev(d, 'c0').routes as unknown[]).push({ to: '10.1.11.184/31', via: '10.0.0.1' })),
    );
    // 10.1.11.184/31 holds vm0's masquerade address (it is named: its network address) and not vm1's
    expect(reps(split, ['vm0', 'vm1', 'vm2'])).toEqual(['vm0→vm0', 'vm1→vm1', 'vm2→vm1']);
    const hashed = new NetworkSymmetry(
      lab(
        (d) => (dev(d, 'c0').iptables = { nat: { OUTPUT: ['-j DNAT --to-destination 10.9.0.1-10.9.0.2'] } }),
      ),
    );
    expect(hashed.enabled).toBe(false);
    expect(reps(hashed, ['vm0', 'vm1'])).toEqual(['vm0→vm0', 'vm1→vm1']);
    const same = new NetworkSymmetry(
      lab(
        (d) =>
          ((dev(d, 'vm1').interfaces as { addresses: string[] }[])[0]!.addresses = [`${hostIp(2001)}/16`]),
      ),
    );
    // vm1 is the copy of c1 (same address): neither swaps with its kind
    expect(reps(same, ['vm0', 'vm1', 'vm2'])).toEqual(['vm0→vm0', 'vm1→vm1', 'vm2→vm0']);
    expect(reps(same, ['c0', 'c1', 'c2'])).toEqual(['c0→c0', 'c1→c1', 'c2→c0']);
  });

  it('the extra addresses move with the device: different counts never swap', () => {
    const s = new NetworkSymmetry(lab());
    expect(s.swap('vm0', 'vm1', [masq(0)], [masq(1), ipv4('10.0.9.1')])).toBe(null);
    expect(s.swap('vm0', 'vm1', [ipv4('10.0.9.9')], [ipv4('10.0.9.9')])).toBe(null);
  });

  it('in the example labs, every machine is different', () => {
    const { network } = loadPublic('surebackup-multi-network');
    const s = new NetworkSymmetry(network);
    expect(reps(s, ['vbs', 'sf0006', 'web01', 'gateway'])).toEqual([
      'vbs→vbs',
      'sf0006→sf0006',
      'web01→web01',
      'gateway→gateway',
    ]);
  });
});

describe('swaps', () => {
  const s: Swap = {
    devices: new Map([
      ['vm1', 'vm10'],
      ['vm10', 'vm1'],
    ]),
    addrs: new Map([
      [ipv4('10.0.0.1'), ipv4('10.0.0.10')],
      [ipv4('10.0.0.10'), ipv4('10.0.0.1')],
    ]),
    moved: { devices: ['vm1', 'vm10'], addrs: [ipv4('10.0.0.1'), ipv4('10.0.0.10')] },
  };

  it('swap whole device ids and whole addresses in a sentence', () => {
    expect(swapText([s], 'vm1 asks who-has 10.0.0.1 tell 10.0.0.10 (vm10, vm1-copy, 10.0.0.100).')).toBe(
      'vm10 asks who-has 10.0.0.10 tell 10.0.0.1 (vm1, vm1-copy, 10.0.0.100).',
    );
    expect(swapText([null, s], 'at vm10.')).toBe('at vm1.');
  });

  it('two swaps apply together only when they move different things', () => {
    const t: Swap = {
      devices: new Map([
        ['c1', 'c2'],
        ['c2', 'c1'],
      ]),
      addrs: new Map(),
      moved: { devices: ['c1', 'c2'], addrs: [] },
    };
    expect(disjoint(s, t)).toBe(true);
    expect(disjoint(s, s)).toBe(false);
    expect(disjoint(null, s)).toBe(true);
  });

  it('a trace where two devices answered ARP is not portable', () => {
    const net = lab(
      (d) =>
        ((dev(d, 'vm1').interfaces as { addresses: string[] }[])[0]!.addresses = [`${hostIp(vmHost(0))}/16`]),
    );
    const r = trace(net, { from: 'c0', to: masq(0) });
    if (!r.ok) throw new Error(r.error);
    expect(
      r.value.request.hops.some((h) => h.steps.some((x) => x.kind === 'neighbour' && x.alsoAnswered)),
    ).toBe(true);
    expect(traceIsPortable(r.value)).toBe(false);
    const plain = trace(lab(), { from: 'c0', to: masq(0) });
    if (!plain.ok) throw new Error(plain.error);
    expect(traceIsPortable(plain.value)).toBe(true);
  });
});
