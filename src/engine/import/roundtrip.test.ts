/**
 * Export then import gives the lab back: for generated labs, importScript(netnsScript(compiled doc))
 * compiles to a network whose own script is the very same text (namespaces, links, MACs, addresses,
 * every sysctl, rules, routes per table, proxy neighbours, iptables-save output).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { netnsScript } from '../export/netns-script.ts';
import { compileLab } from '../lab/compile.ts';
import type { LabDocument } from '../lab/format.ts';
import type { Network } from '../model/network.ts';
import { compileDesign } from '../vlab/compile-design.ts';
import { importScript } from './import-script.ts';
import { rawLabArb, repair } from './lab-arbitrary.test-support.ts';

/** The seed lab, a virtual-lab design, expanded: its drawn devices and the generated appliance. */
const SEED = compileDesign(
  JSON.parse(
    readFileSync(new URL('../../../public/labs/surebackup-basic.lab.json', import.meta.url), 'utf8'),
  ) as LabDocument,
).doc;

function compiled(doc: LabDocument): Network {
  const c = compileLab(doc);
  const errors = c.issues.filter((i) => i.severity === 'error');
  if (errors.length || !c.network) throw new Error(errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return c.network;
}

function roundTrip(net: Network, prefix: string): { before: string; after: string } {
  const before = netnsScript(net, { prefix });
  const r = importScript(before);
  if (!r.ok)
    throw new Error(
      `import failed:\n${r.issues.map((i) => `${i.line}: ${i.command}: ${i.message}`).join('\n')}\n${before}`,
    );
  return { before, after: netnsScript(compiled(r.doc), { prefix }) };
}

describe('export → import → export', () => {
  it('gives the seed lab back', () => {
    const { before, after } = roundTrip(compiled(SEED), 'nl-');
    expect(after).toBe(before);
    const r = importScript(before);
    expect(r.ok && r.warnings).toEqual([]);
    if (r.ok) {
      expect(r.doc.name).toBe(SEED.name);
      expect(r.doc.devices.map((d) => [d.id, d.kind])).toEqual(SEED.devices.map((d) => [d.id, d.kind]));
      expect(r.doc.segments.map((s) => s.id)).toEqual(['prod', 'iso']);
    }
  });

  it('gives generated labs back (property)', () => {
    const stats = {
      labs: 0,
      devices: 0,
      ifaces: 0,
      addresses: 0,
      routes: 0,
      rules: 0,
      iptables: 0,
      sysctls: 0,
      proxies: 0,
      unplugged: 0,
      removedDefaults: 0,
    };
    fc.assert(
      fc.property(rawLabArb, fc.constantFrom('nl-', '', 'x_', 'lab.1-'), (raw, prefix) => {
        const fixed = repair(raw);
        fc.pre(fixed !== null);
        const { doc, network } = fixed!;
        const { before, after } = roundTrip(network, prefix);
        expect(after).toBe(before);
        stats.labs++;
        for (const d of doc.devices) {
          stats.devices++;
          stats.ifaces += d.interfaces.length;
          stats.unplugged += d.interfaces.filter((i) => !i.segment && i.name !== 'lo').length;
          stats.addresses += d.interfaces.reduce((n, i) => n + (i.addresses?.length ?? 0), 0);
          stats.routes += d.routes?.length ?? 0;
          stats.rules += d.rules?.length ?? 0;
          stats.sysctls += Object.keys(d.sysctls ?? {}).length;
          stats.proxies += d.proxyNeighbours?.length ?? 0;
          stats.removedDefaults += Object.values(d.defaultRules ?? {}).filter((v) => v === false).length;
          for (const chains of Object.values(d.iptables ?? {}))
            for (const ch of Object.values(chains ?? {}))
              stats.iptables += Array.isArray(ch)
                ? ch.length
                : ((ch as { rules?: readonly string[] }).rules?.length ?? 0);
        }
      }),
      { numRuns: Number(process.env.ROUNDTRIP_RUNS ?? 300) },
    );
    console.log(`round trip: ${JSON.stringify(stats)}`);
    expect(stats.labs).toBeGreaterThan(200);
  }, 120_000);
});
