/**
 * `verifyLab` reports a disagreement, and explains it field by field and hook by hook: the lab is built
 * as it is, the engine predicts with a copy whose appliance lacks the MASQUERADE rule, so the engine
 * expects the copy to see vbs's own address while the kernel shows the appliance's. Root on Linux
 * (skipped loudly elsewhere).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadLab } from '../lab/load.ts';
import { namespacesWithPrefix } from './host.ts';
import { probesUnavailable } from './probe.ts';
import { verifyLab } from './verify.ts';

const why = probesUnavailable();
if (why) console.warn(`\n*** verifyLab disagreement reporting NOT TESTED (${why}) ***\n`);

/** The seed lab drawn by hand (the appliance `vlab` written out), whose appliance these tests edit. */
const text = readFileSync(
  new URL('../engine/testing/fixtures/surebackup-drawn.lab.json', import.meta.url),
  'utf8',
);

function network(change?: (doc: { devices: { id: string; iptables: Record<string, unknown> }[] }) => void) {
  const doc = JSON.parse(text) as { devices: { id: string; iptables: Record<string, unknown> }[] };
  change?.(doc);
  const r = loadLab(JSON.stringify(doc));
  if (!r.ok) throw new Error('seed lab does not load');
  return r.network;
}

describe.skipIf(why !== null)('natlab verify explains a disagreement', () => {
  it('engine without MASQUERADE vs the kernel with it', async () => {
    const real = network();
    const wrong = network((d) => {
      const vlab = d.devices.find((x) => x.id === 'vlab')!;
      (vlab.iptables['nat'] as Record<string, unknown>)['POSTROUTING'] = [];
    });
    const report = await verifyLab(
      real,
      [
        { from: 'vbs', to: '192.168.150.36', proto: 'icmp' },
        { from: 'sf0006', to: '192.168.149.22', proto: 'icmp' },
      ],
      undefined,
      { predictWith: wrong },
    );
    expect([report.agreed, report.disagreed]).toEqual([1, 1]);
    const v = report.probes[0]!;
    expect(v.agree).toBe(false);
    const bad = Object.fromEntries(v.fields.filter((f) => !f.agree).map((f) => [f.field, f]));
    expect(bad['seen by the receiver']).toMatchObject({
      engine: '192.168.149.22 > 192.168.149.36 id 4242',
      kernel: '192.168.149.2 > 192.168.149.36 id 4242',
    });
    // the per-hook trace at the appliance: the kernel went through nat POSTROUTING, the engine had no such chain
    const hooks = v.hooks.filter((h) => !h.agree);
    expect(hooks.map((h) => `${h.device} ${h.leg}`)).toContain('vlab request');
    const vlab = hooks.find((h) => h.device === 'vlab' && h.leg === 'request')!;
    const natPost = (l: string) => l.startsWith('nat POSTROUTING (postrouting) iif eth0 oif eth1');
    expect(vlab.kernel!.some(natPost)).toBe(true);
    expect(vlab.engine.some(natPost)).toBe(false);
    // the second probe does not cross the appliance: both agree
    expect(report.probes[1]!.agree).toBe(true);
    expect(namespacesWithPrefix(report.prefix)).toEqual([]);
  }, 120000);

  it('the rule that matched is compared by position: a rule the engine thinks comes first is caught', async () => {
    const real = network();
    // the engine sees an extra, never-matching mangle rule first: its MARK rule becomes rule 2
    const shifted = network((d) => {
      const vlab = d.devices.find((x) => x.id === 'vlab')!;
      const mangle = vlab.iptables['mangle'] as Record<string, string[]>;
      mangle['PREROUTING'] = ['-i eth0 -d 10.99.0.0/16 -j MARK --set-mark 9', ...mangle['PREROUTING']!];
    });
    const report = await verifyLab(real, [{ from: 'vbs', to: '192.168.150.36', proto: 'icmp' }], undefined, {
      predictWith: shifted,
    });
    const v = report.probes[0]!;
    // everything a packet shows agrees; only the per-hook trace tells the rules apart
    expect(v.fields.every((f) => f.agree)).toBe(true);
    const vlab = v.hooks.find((h) => h.device === 'vlab' && h.leg === 'request')!;
    expect(vlab.agree).toBe(false);
    expect(vlab.engine).toContain('  mangle PREROUTING rule 2 => continue');
    expect(vlab.kernel).toContain('  mangle PREROUTING rule 1 => continue');
    expect(v.agree).toBe(false);
  }, 120000);
});
