/**
 * The acceptance scripts: a kernel-selftest-style script written by hand imports and traces end to end
 * without edits, and shared/kernel-lab/lab-lib.sh's lab_up, written out, imports to the worked example.
 * (Both scripts were also run as root on Linux 6.18 with the names prefixed nlF-: they build cleanly
 * and ping across the NAT.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatIpv4 } from '../addr/ipv4.ts';
import { netnsScript } from '../export/netns-script.ts';
import { compileLab } from '../lab/compile.ts';
import type { LabDocument } from '../lab/format.ts';
import type { Network } from '../model/network.ts';
import { kernelLabDoc } from '../testing/kernel-lab.ts';
import { hopAt, run, stepsOf } from '../testing/probe.ts';
import { importScript } from './import-script.ts';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

function compiled(doc: LabDocument): Network {
  const c = compileLab(doc);
  const errors = c.issues.filter((i) => i.severity === 'error');
  if (errors.length || !c.network) throw new Error(errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return c.network;
}

function imported(name: string, opts: { name?: string } = {}): LabDocument {
  const r = importScript(fixture(name), opts);
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.line}: ${i.command}: ${i.message}`).join('\n'));
  expect(r.warnings).toEqual([]);
  return r.doc;
}

describe('__fixtures__/selftest-style.sh (namespaces, veth, ip rule fwmark, iptables -t nat)', () => {
  const doc = imported('selftest-style.sh');
  const net = compiled(doc);

  it('becomes four devices on three point-to-point links', () => {
    expect(doc.devices.map((d) => `${d.id}:${d.kind}`)).toEqual([
      'ns1:host',
      'r1:router',
      'ns2:host',
      'ns3:host',
    ]);
    expect(doc.segments).toEqual([
      { id: 'ns1-r1', kind: 'link' },
      { id: 'r1-ns2', kind: 'link' },
      { id: 'r1-ns3', kind: 'link' },
    ]);
    const r1 = doc.devices[1]!;
    expect(r1.rules).toEqual([{ pref: 100, fwmark: '0x2/0x2', table: 2 }]);
    expect(r1.iptables).toEqual({
      mangle: { PREROUTING: ['-i veth0 -p tcp -m tcp --dport 80 -j MARK --set-xmark 0x2/0x2'] },
      nat: { POSTROUTING: ['-o veth1 -j MASQUERADE', '-o veth2 -j MASQUERADE'] },
    });
    expect(doc.devices[2]!.interfaces.at(-1)).toEqual({ name: 'lo', addresses: ['203.0.113.10/32'] });
  });

  it('TCP to port 80 is marked, routed by table 2 out of veth1 and masqueraded', () => {
    const t = run(net, 'ns1', '203.0.113.10', { proto: 'tcp', dport: 80 });
    expect(t.request.receiver).toBe('ns2');
    expect(formatIpv4(t.request.seen!.src)).toBe('192.0.2.1');
    const route = stepsOf(hopAt(t.request, 'r1'), 'route').find((s) => s.result === 'forward');
    expect(route?.route?.table).toBe(2);
    expect(route?.route?.dev).toBe('veth1');
    expect(t.reply?.receiver).toBe('ns1');
    expect(formatIpv4(t.reply!.seen!.src)).toBe('203.0.113.10');
  });

  it('everything else takes the main table out of veth2', () => {
    const t = run(net, 'ns1', '203.0.113.10');
    expect(t.outcome).toBe('answered');
    expect(t.request.receiver).toBe('ns3');
    expect(formatIpv4(t.request.seen!.src)).toBe('198.51.100.1');
  });
});

describe('__fixtures__/kernel-lab-expanded.sh (lab-lib.sh lab_up, written out)', () => {
  it('imports to the worked example of testing/kernel-lab.ts', () => {
    const doc = imported('kernel-lab-expanded.sh', { name: 'kernel-lab' });
    const want = kernelLabDoc(true);
    // what a script cannot say: the MACs it never set, that vlab is an appliance
    for (const d of want.devices) {
      for (const i of d.interfaces) delete i.mac;
      if (d.kind === 'appliance') d.kind = 'router';
    }
    expect(netnsScript(compiled(doc))).toBe(netnsScript(compiled(want as LabDocument)));
    expect(doc.segments.map((s) => s.id)).toEqual(['sw1', 'sw2']);
    expect(doc.devices.map((d) => d.id)).toEqual(['vbs', 'prod', 'vlab', 'copy']);
    expect(doc.devices[2]!.interfaces[1]!.addresses).toEqual([
      { address: '192.168.149.2/24', noprefixroute: true },
    ]);
  });

  it('the worked example traces: vbs reaches the copy through the masquerade network', () => {
    const net = compiled(imported('kernel-lab-expanded.sh'));
    const t = run(net, 'vbs', '192.168.150.36');
    expect(t.outcome).toBe('answered');
    expect(t.request.receiver).toBe('copy');
    expect(formatIpv4(t.request.seen!.src)).toBe('192.168.149.2');
  });
});
