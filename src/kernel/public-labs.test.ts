/**
 * Every example lab in public/labs is verified on the kernel (issue 3): built in namespaces, every host
 * probing every address it can name, and the engine's prediction compared field by field and hook by
 * hook. Runs as root on Linux (CI does); skipped loudly elsewhere.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadLab } from '../lab/load.ts';
import { defaultProbes } from './default-probes.ts';
import { kernelUnavailable, namespacesWithPrefix } from './host.ts';
import { verifyLab, type ProbeVerdict } from './verify.ts';

const why = kernelUnavailable();
if (why) console.warn(`\n*** public/labs NOT VERIFIED against the kernel (${why}) ***\n`);

const dir = new URL('../../public/labs/', import.meta.url);
const labs = readdirSync(dir).filter((f) => f.endsWith('.lab.json'));

/** A disagreement, readable in the test output. */
const explain = (v: ProbeVerdict) =>
  `${v.probe.from} → ${v.probe.to} ${v.probe.proto}${v.probe.port ? `/${v.probe.port}` : ''}: ` +
  [
    ...v.fields.filter((f) => !f.agree).map((f) => `${f.field}: engine ${f.engine} | kernel ${f.kernel}`),
    ...v.hooks.filter((h) => !h.agree).map((h) => `netfilter at ${h.device} (${h.leg}) differs`),
  ].join('; ');

describe.skipIf(why !== null)('every example lab agrees with the kernel (natlab verify)', () => {
  it('there are example labs', () => expect(labs.length).toBeGreaterThan(0));
  it.each(labs)(
    '%s',
    async (file) => {
      const r = loadLab(readFileSync(new URL(file, dir), 'utf8'));
      if (!r.ok) throw new Error(`${file} does not load`);
      const probes = defaultProbes(r.network);
      expect(probes.length).toBeGreaterThan(0);
      const report = await verifyLab(r.network, probes);
      expect(report.probes.filter((v) => !v.agree).map(explain)).toEqual([]);
      // every kind of check ran: fields, a routing decision at every device crossed, netfilter hooks
      expect(report.probes.every((v) => v.fields.some((f) => f.field.startsWith('ip route get')))).toBe(true);
      expect(report.probes.some((v) => v.hooks.length > 0)).toBe(true);
      expect(namespacesWithPrefix(report.prefix)).toEqual([]);
    },
    600000,
  );
});
