/**
 * The per-device exporters against their golden files (the seed lab's appliance and backup server, and
 * a rich appliance with every route type, rule selector and iptables rule form), and properties over
 * generated labs. src/kernel/export-tools.test.ts feeds the same texts to the real tools.
 *
 * Regenerate the golden files after an intended change: UPDATE_GOLDEN=1 npx vitest run src/engine/export
 */
import { readFileSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rawLabArb, repair } from '../import/lab-arbitrary.test-support.ts';
import { compileLab } from '../lab/compile.ts';
import { SysctlState, parseSysctlName } from '../lab/sysctl.ts';
import type { LabDocument } from '../lab/format.ts';
import type { Network } from '../model/network.ts';
import { formatIptablesSave } from '../netfilter/iptables-save.ts';
import { parseIptablesSave } from '../netfilter/parse-save.ts';
import { EXPORT_FORMATS, exportLab, type ExportFormat } from './formats.ts';
import { sysctlWrites } from './ip-commands.ts';
import { remText } from './windows-routes.ts';

const lab = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as LabDocument;
export const SEED = lab('../../../public/labs/surebackup-basic.lab.json');
export const RICH = lab('./__golden__/rich.lab.json');

function compiled(doc: LabDocument): Network {
  const c = compileLab(doc);
  const errors = c.issues.filter((i) => i.severity === 'error');
  if (errors.length || !c.network) throw new Error(errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return c.network;
}

/** Golden file name suffix per format. */
export const GOLDEN_EXT: Record<Exclude<ExportFormat, 'netns-script'>, string> = {
  'iptables-save': 'iptables-save',
  nft: 'nft',
  ip: 'ip.sh',
  ifupdown: 'interfaces',
  'linux-routes': 'routes.sh',
  'windows-routes': 'routes.cmd',
};

const CASES: [string, LabDocument, string[]][] = [
  ['surebackup-basic', SEED, ['vlab', 'vbs']],
  ['rich', RICH, ['fw', 'h1']],
];

describe('golden files (__golden__/LAB.DEVICE.FORMAT)', () => {
  for (const [name, doc, devices] of CASES)
    for (const device of devices)
      for (const [format, ext] of Object.entries(GOLDEN_EXT))
        it(`${name} ${device} ${format}`, () => {
          const r = exportLab(compiled(doc), format as ExportFormat, { device });
          if (!r.ok) throw new Error(r.error);
          const file = new URL(`./__golden__/${name}.${device}.${ext}`, import.meta.url);
          if (process.env.UPDATE_GOLDEN) writeFileSync(file, r.value.text);
          expect(r.value.text).toBe(readFileSync(file, 'utf8'));
        });
});

describe('per-device formats', () => {
  const net = compiled(SEED);
  it.each(EXPORT_FORMATS.filter((f) => f.perDevice).map((f) => f.name))('%s needs a known device', (f) => {
    const ids = net.devices.map((d) => d.id).join(', ');
    expect(exportLab(net, f)).toEqual({
      ok: false,
      error: `this format is per device: name one with --device (devices: ${ids})`,
    });
    expect(exportLab(net, f, { device: 'nope' })).toEqual({
      ok: false,
      error: `no device "nope" in lab "${net.name}" (devices: ${ids})`,
    });
  });

  it('iptables-save is what `natlab exec … iptables-save` prints; empty for a device without tables', () => {
    const r = exportLab(net, 'iptables-save', { device: 'gateway' });
    expect(r.ok && r.value.text).toBe('');
    const n = exportLab(net, 'nft', { device: 'gateway' });
    expect(n.ok && n.value.text).toContain('# the device has no iptables rules');
  });

  it('the nft export lists what it could not translate as warnings too', () => {
    const r = exportLab(compiled(RICH), 'nft', { device: 'fw' });
    if (!r.ok) throw new Error(r.error);
    const comments = r.value.text.split('\n').filter((l) => l.includes('# untranslatable:'));
    expect(comments.length).toBe(r.value.warnings.filter((w) => w.includes('untranslatable')).length);
    expect(r.value.warnings).toContain('filter chain log untranslatable: chain name "log" is an nft keyword');
  });

  it('Windows comments cannot run anything in cmd.exe', () => {
    expect(remText('a & b | c > d < e ^ f % g " h \n')).toBe('a ? b ? c ? d ? e ? f ? g ? h ?');
  });
});

describe('properties over generated labs', () => {
  it('iptables-save export parses back (parse-save.ts) to the same ruleset', () => {
    const check = (net: Network) => {
      for (const d of net.devices) {
        const text = formatIptablesSave(d.ruleset);
        const back = parseIptablesSave(text);
        if (!back.ok) throw new Error(JSON.stringify(back.error));
        expect(back.value).toEqual(d.ruleset);
        expect(formatIptablesSave(back.value)).toBe(text);
      }
    };
    check(compiled(SEED));
    check(compiled(RICH));
    let n = 0;
    fc.assert(
      fc.property(rawLabArb, (raw) => {
        const fixed = repair(raw);
        fc.pre(fixed !== null);
        check(fixed!.network);
        n++;
      }),
      { numRuns: 150 },
    );
    expect(n).toBeGreaterThan(100);
  }, 60_000); // 150 generated labs: several seconds on a loaded machine, like the other property tests

  it('the sysctl writes of the ip script give the device’s values (applied with the kernel’s propagation)', () => {
    const check = (net: Network) => {
      for (const d of net.devices) {
        const names = d.ifaces.map((i) => i.name);
        const s = new SysctlState(names);
        for (const w of sysctlWrites(d)) {
          const [name, value] = w.split('=') as [string, string];
          const t = parseSysctlName(name, names);
          if (!t.ok) throw new Error(t.error);
          s.apply(t.value, Number(value));
        }
        expect({ all: s.all, dflt: s.dflt, net: s.net }).toEqual({
          all: d.confAll,
          dflt: d.confDefault,
          net: d.net,
        });
        for (const i of d.ifaces) expect([i.name, s.perIface.get(i.name)]).toEqual([i.name, i.rawConf]);
      }
    };
    check(compiled(RICH));
    fc.assert(
      fc.property(rawLabArb, (raw) => {
        const fixed = repair(raw);
        fc.pre(fixed !== null);
        check(fixed!.network);
      }),
      { numRuns: 150 },
    );
  });

  it('every per-device format exports every generated device', () => {
    fc.assert(
      fc.property(rawLabArb, (raw) => {
        const fixed = repair(raw);
        fc.pre(fixed !== null);
        for (const d of fixed!.network.devices)
          for (const f of EXPORT_FORMATS.filter((x) => x.perDevice)) {
            const r = exportLab(fixed!.network, f.name, { device: d.id });
            expect(r.ok).toBe(true);
            if (r.ok) expect(r.value.text === '' || r.value.text.endsWith('\n')).toBe(true);
          }
      }),
      { numRuns: 100 },
    );
  });
});
