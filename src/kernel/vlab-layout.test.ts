/**
 * The compiler's layout for N isolated networks, proven on the kernel (docs/vlab-compiler.md): the
 * multi-network example built in namespaces, every production client probing every lab VM through its
 * masquerade address and its access IP (the DMZ client web01 through the production router), and every
 * lab VM probing production — the kernel answering each as the engine predicts, and the answers being
 * what the design promises. Then the choices the layout rests on, each undone on the kernel:
 * rp_filter loose works as well as off, strict drops every answer from the lab; without the isolation
 * filter the lab leaks into production; without accept_local the production router cannot reach the
 * appliance. Root on Linux (CI); skipped loudly elsewhere.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileLab } from '../engine/lab/compile.ts';
import type { DeviceDoc, LabDocument } from '../engine/lab/format.ts';
import type { Network } from '../engine/model/network.ts';
import { compileDesign } from '../engine/vlab/compile-design.ts';
import type { ProbeSpec } from './default-probes.ts';
import { kernelUnavailable, namespacesWithPrefix } from './host.ts';
import { verifyLab, type ProbeVerdict, type VerifyReport } from './verify.ts';

const why = kernelUnavailable();
if (why) console.warn(`\n*** the virtual-lab layout NOT PROVEN on the kernel (${why}) ***\n`);

const MULTI = JSON.parse(
  readFileSync(new URL('../../public/labs/surebackup-multi-network.lab.json', import.meta.url), 'utf8'),
) as LabDocument;

/** The expanded lab with the generated appliance changed by `edit`. */
function withAppliance(edit: (vlab: DeviceDoc & { sysctls: Record<string, number> }) => void): Network {
  const doc = structuredClone(compileDesign(MULTI).doc) as LabDocument;
  edit(doc.devices.find((d) => d.id === 'vlab') as DeviceDoc & { sysctls: Record<string, number> });
  const c = compileLab(doc);
  if (!c.network) throw new Error(c.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return c.network;
}

/** Production clients × lab VMs × the addresses they name them by, and who must answer. */
const MATRIX: [ProbeSpec, string][] = ['vbs', 'sf0006', 'web01'].flatMap((from) =>
  [
    ['192.168.150.36', 'sf0006-copy'], // masquerade address of the copy in "vLab VM Network"
    ['10.10.21.10', 'web01-copy'], // masquerade address (proposed network) of the copy in "vLab DMZ"
    ['192.168.149.110', 'web01-copy'], // static mapping: access IP → 10.10.20.10 in "vLab DMZ"
  ].map(([to, vm]) => [{ from, to: to!, proto: 'icmp' as const }, vm!] as [ProbeSpec, string]),
);
/** Lab VMs → production: their twins' neighbours, the routers, the appliance, the other network. */
const REVERSE: ProbeSpec[] = (
  [
    ['sf0006-copy', '192.168.149.36'],
    ['web01-copy', '10.10.20.10'],
  ] as const
).flatMap(([from, own]) =>
  ['192.168.149.22', '192.168.149.2', '192.168.149.50', '10.10.20.1', '10.10.20.10', '192.168.150.36']
    .filter((to) => to !== own)
    .map((to) => ({ from, to, proto: 'icmp' as const })),
);

const kernel = (v: ProbeVerdict, field: string) => v.fields.find((f) => f.field === field)?.kernel ?? null;
const disagreements = (r: VerifyReport) =>
  r.probes
    .filter((v) => !v.agree)
    .map((v) => `${v.probe.from} → ${v.probe.to}: kernel ${v.summary} | engine ${v.engineSummary}`);

describe.skipIf(why !== null)('the N-network layout on the kernel (surebackup-multi-network)', () => {
  it('every production client reaches every lab VM by every address; nothing from the lab reaches production', async () => {
    const net = compileLab(MULTI).network!;
    const r = await verifyLab(net, [...MATRIX.map(([p]) => p), ...REVERSE]);
    expect(disagreements(r)).toEqual([]);
    for (const [i, [p, vm]] of MATRIX.entries()) {
      const v = r.probes[i]!;
      expect([p.from, p.to, kernel(v, 'outcome'), kernel(v, 'receiver')]).toEqual([
        p.from,
        p.to,
        'answered',
        vm,
      ]);
    }
    for (const v of r.probes.slice(MATRIX.length)) {
      const receiver = kernel(v, 'receiver');
      // dropped at the appliance or unanswered on the isolated segment: never a production device
      expect([v.probe.from, v.probe.to, receiver === null || receiver === '-']).toEqual([
        v.probe.from,
        v.probe.to,
        true,
      ]);
      expect(kernel(v, 'outcome'), `${v.probe.from} → ${v.probe.to}`).not.toBe('answered');
    }
    expect(namespacesWithPrefix(r.prefix)).toEqual([]);
  }, 600000);

  it('routing between vNICs: the lab VMs reach each other by their own addresses, and nothing else changes', async () => {
    const doc = structuredClone(MULTI) as unknown as {
      virtualLabs: { appliance: Record<string, unknown> }[];
    };
    doc.virtualLabs[0]!.appliance.routingBetweenVnics = true;
    const c = compileLab(doc as unknown as LabDocument);
    const lab: ProbeSpec[] = [
      { from: 'sf0006-copy', to: '10.10.20.10', proto: 'icmp' },
      { from: 'web01-copy', to: '192.168.149.36', proto: 'icmp' },
    ];
    const r = await verifyLab(c.network!, [...lab, ...MATRIX.map(([p]) => p), ...REVERSE]);
    expect(disagreements(r)).toEqual([]);
    // between the isolated networks: answered by the other copy, which sees the real source
    expect(
      r.probes.slice(0, 2).map((v) => [kernel(v, 'receiver'), kernel(v, 'seen by the receiver')]),
    ).toEqual([
      ['web01-copy', '192.168.149.36 > 10.10.20.10 id 4242'],
      ['sf0006-copy', '10.10.20.10 > 192.168.149.36 id 4242'],
    ]);
    // production still reaches every VM
    expect(r.probes.slice(2, 2 + MATRIX.length).map((v) => kernel(v, 'receiver'))).toEqual(
      MATRIX.map(([, vm]) => vm),
    );
    // and no lab VM reaches production (a probe into the other isolated network may reach a lab VM)
    for (const v of r.probes.slice(2 + MATRIX.length)) {
      const receiver = kernel(v, 'receiver');
      expect([v.probe.to, receiver === null || receiver.endsWith('-copy')]).toEqual([v.probe.to, true]);
    }
  }, 600000);

  it('rp_filter: loose (2) works as off (0) does; strict (1) drops every answer from the lab', async () => {
    const loose = await verifyLab(
      withAppliance((v) => {
        v.sysctls['net.ipv4.conf.all.rp_filter'] = 2;
        v.sysctls['net.ipv4.conf.default.rp_filter'] = 2;
      }),
      MATRIX.map(([p]) => p),
    );
    expect(disagreements(loose)).toEqual([]);
    expect(loose.probes.map((v) => kernel(v, 'outcome'))).toEqual(MATRIX.map(() => 'answered'));
    const strict = await verifyLab(
      withAppliance((v) => (v.sysctls['net.ipv4.conf.all.rp_filter'] = 1)),
      MATRIX.filter(([p]) => p.from === 'vbs').map(([p]) => p),
    );
    expect(disagreements(strict)).toEqual([]);
    for (const v of strict.probes) {
      expect(kernel(v, 'receiver')).not.toBe(null); // the request reaches the VM …
      expect(kernel(v, 'outcome')).not.toBe('answered'); // … its answer dies at the appliance
    }
  }, 600000);

  it('without the isolation filter lab VMs reach production, and the answers go to their production twins', async () => {
    const r = await verifyLab(
      withAppliance((v) => delete (v.iptables as Record<string, unknown>).filter),
      [
        { from: 'web01-copy', to: '192.168.149.22', proto: 'icmp' },
        { from: 'sf0006-copy', to: '10.10.20.10', proto: 'icmp' },
      ],
    );
    expect(disagreements(r)).toEqual([]);
    expect(r.probes.map((v) => [kernel(v, 'receiver'), kernel(v, 'outcome')])).toEqual([
      ['vbs', 'no-reply'],
      ['web01', 'no-reply'],
    ]);
  }, 600000);

  it('without accept_local the production router cannot reach the appliance: web01 never gets in', async () => {
    const r = await verifyLab(
      withAppliance((v) => delete v.sysctls['net.ipv4.conf.eth0.accept_local']),
      MATRIX.filter(([p]) => p.from === 'web01' || p.from === 'sf0006').map(([p]) => p),
    );
    expect(disagreements(r)).toEqual([]);
    expect(r.probes.map((v) => [v.probe.from, kernel(v, 'outcome')])).toEqual([
      ['sf0006', 'answered'],
      ['sf0006', 'answered'],
      ['sf0006', 'answered'],
      ['web01', 'error'],
      ['web01', 'error'],
      ['web01', 'error'],
    ]);
    // the router's ARP for the appliance goes unanswered: host unreachable, from the router
    expect(r.probes.at(-1)!.summary).toBe('ICMP error 3/1 from 10.10.20.1');
  }, 600000);
});
