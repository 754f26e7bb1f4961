/**
 * Suite `iptables`: import and export of a 10 000-rule `iptables-save` (issue 7), on the perimeter
 * firewall of bench/iptables-ruleset.ts — `natlab import` of the lab script that restores it, the paste
 * of the raw `iptables-save` into a device, the compile and the load of the imported lab, and the
 * exports of the device (`iptables-save`, `nft`) and of the lab (`netns-script`).
 *
 * Before anything is timed the round trip must hold (a broken generator, importer or exporter fails the
 * suite instead of producing fast, meaningless numbers): the script imports with no problem at all to
 * exactly 10 000 rules; the lab compiles without issues; the device's `iptables-save` export is the
 * generated text byte for byte; that export pasted back into the device compiles to the same text; the
 * lab's namespace script re-imports to the same script; every rule has an nft translation.
 */
import { exportLab, type ExportFormat } from '../src/engine/export/formats.ts';
import { netnsScript } from '../src/engine/export/netns-script.ts';
import {
  applyDeviceDump,
  formatDumpIssue,
  importDeviceDump,
} from '../src/engine/import/device-dump/device-dump.ts';
import { importScript } from '../src/engine/import/import-script.ts';
import { compileLab } from '../src/engine/lab/compile.ts';
import type { ChainDoc, LabDocument } from '../src/engine/lab/format.ts';
import type { Network } from '../src/engine/model/network.ts';
import { loadLab } from '../src/lab/load.ts';
import { generateRuleset, type GeneratedRuleset } from './iptables-ruleset.ts';
import { rowOf, type BenchRow } from './lib/row.ts';
import type { SuiteOptions } from './lib/suite.ts';

export const RULES = 10_000;
const LAB_NAME = 'iptables benchmark';

const fail = (what: string, detail: string): never => {
  throw new Error(`iptables benchmark: ${what}\n  ${detail}`);
};

function compiled(doc: LabDocument, what: string): Network {
  const c = compileLab(doc);
  const errors = c.issues.filter((i) => i.severity === 'error');
  if (errors.length || !c.network)
    fail(`${what} does not compile`, errors.map((e) => `${e.path}: ${e.message}`).join('\n  '));
  if (c.issues.length) fail(`${what} compiles with warnings`, c.issues.map((e) => e.message).join('\n  '));
  return c.network!;
}

function docRules(doc: LabDocument, device: string): number {
  const d = doc.devices.find((x) => x.id === device);
  let n = 0;
  for (const chains of Object.values(d?.iptables ?? {}))
    for (const c of Object.values(chains ?? {}) as ChainDoc[])
      n += (Array.isArray(c) ? (c as readonly string[]) : ((c as { rules?: readonly string[] }).rules ?? []))
        .length;
  return n;
}

function networkRules(net: Network, device: string): number {
  let n = 0;
  for (const t of net.byId.get(device)?.ruleset.values() ?? [])
    for (const c of t.chains.values()) n += c.rules.length;
  return n;
}

function exported(
  net: Network,
  format: ExportFormat,
  device?: string,
): { text: string; warnings: readonly string[] } {
  const r = exportLab(net, format, device !== undefined ? { device } : {});
  if (!r.ok) fail(`export --format ${format} fails`, r.error);
  return r.ok ? r.value : { text: '', warnings: [] };
}

/** The round trip, checked once; returns the imported lab. */
function sanity(g: GeneratedRuleset): { doc: LabDocument; network: Network; labText: string } {
  const dev = g.device;
  if (g.rules !== RULES) fail('the generator is off', `${g.rules} rules instead of ${RULES}`);
  const r = importScript(g.script, { name: LAB_NAME });
  if (!r.ok)
    fail('the lab script does not import', r.issues.map((i) => `${i.line}: ${i.message}`).join('\n  '));
  if (!r.ok) throw new Error('unreachable');
  if (r.warnings.length)
    fail(
      'the lab script imports with warnings',
      r.warnings.map((i) => `${i.line}: ${i.message}`).join('\n  '),
    );
  if (docRules(r.doc, dev) !== RULES)
    fail('the import lost rules', `${docRules(r.doc, dev)} rules in the lab`);
  const network = compiled(r.doc, 'the imported lab');
  if (networkRules(network, dev) !== RULES)
    fail('the compile lost rules', `${networkRules(network, dev)} rules on ${dev}`);

  const save = exported(network, 'iptables-save', dev).text;
  if (save !== g.save) {
    const a = g.save.split('\n');
    const b = save.split('\n');
    const k = a.findIndex((l, i) => l !== b[i]);
    fail(
      'the iptables-save export differs from the imported text',
      `line ${k + 1}:\n  < ${a[k]}\n  > ${b[k]}`,
    );
  }
  // pasted back into the device: the same rules (compared as the device-dump tests do, by the text)
  const dump = importDeviceDump({ iptablesSave: save });
  if (!dump.ok) fail('the export does not import back', dump.errors.map(formatDumpIssue).join('\n  '));
  if (!dump.ok) throw new Error('unreachable');
  if (dump.warnings.length)
    fail('the export imports back with warnings', dump.warnings.map(formatDumpIssue).join('\n  '));
  const devices = r.doc.devices.map((d) => (d.id === dev ? applyDeviceDump(d, dump.fields) : d));
  const again = exported(
    compiled({ ...r.doc, devices }, 'the lab with the pasted export'),
    'iptables-save',
    dev,
  );
  if (again.text !== save) fail('export → paste → export changes the ruleset', 'the second export differs');

  // the whole lab: its namespace script re-imports to the same script (src/engine/import/roundtrip.test.ts)
  const script = netnsScript(network, { prefix: 'ib-' });
  const back = importScript(script);
  if (!back.ok || netnsScript(compiled(back.doc, 'the re-imported lab'), { prefix: 'ib-' }) !== script)
    fail(
      'export → import → export of the lab script changes it',
      back.ok ? 'the scripts differ' : 'import failed',
    );

  const nft = exported(network, 'nft', dev);
  const statements = nft.text.split('\n').filter((l) => /^\t\t(?!type |#)/.test(l)).length;
  if (nft.warnings.length || statements !== RULES)
    fail('the nft export is incomplete', `${statements} rule statements, ${nft.warnings.length} warnings`);

  return { doc: r.doc, network, labText: JSON.stringify(r.doc) };
}

function composition(g: GeneratedRuleset): string[] {
  const list = (m: ReadonlyMap<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  return [
    `iptables: ${g.rules} rules on one device, ${(g.save.length / 1024).toFixed(0)} KiB of iptables-save, ${(g.script.length / 1024).toFixed(0)} KiB of lab script`,
    `  tables   ${[...g.tables].map(([t, s]) => `${t} ${s.rules} (${s.userChains} user chains)`).join(', ')}`,
    `  targets  ${list(g.targets)}`,
    `  matches  ${list(g.matches)}`,
  ];
}

/** Wall time of `runs` calls after one warm-up call, in ms. */
function samples(runs: number, fn: () => unknown): number[] {
  let sink: unknown = fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    sink = fn();
    out.push(performance.now() - t);
  }
  void sink;
  return out;
}

export async function iptablesBench(opts: SuiteOptions): Promise<BenchRow[]> {
  const g = generateRuleset(RULES);
  for (const l of composition(g)) opts.log(l);
  const started = performance.now();
  const { doc, network, labText } = sanity(g);
  opts.log(`  round trip checked in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const runs = opts.quick ? 3 : 15;
  const n = RULES.toLocaleString('en-US').replace(',', ' ');
  const tasks: [task: string, what: string, fn: () => unknown][] = [
    [
      `iptables: import lab script → lab (${n} rules)`,
      'importScript: shell, iptables-restore here-document, lab, compile check',
      () => importScript(g.script, { name: LAB_NAME }),
    ],
    [
      `iptables: paste iptables-save → device (${n} rules)`,
      'importDeviceDump: a pasted iptables-save → the device’s iptables',
      () => importDeviceDump({ iptablesSave: g.save }),
    ],
    [`iptables: compile imported lab (${n} rules)`, 'compileLab(imported lab)', () => compileLab(doc)],
    [
      `iptables: load lab file (${n} rules)`,
      'loadLab: JSON.parse, validate, compile',
      () => loadLab(labText),
    ],
    [
      `iptables: export iptables-save (${n} rules)`,
      'exportLab(--format iptables-save --device fw)',
      () => exportLab(network, 'iptables-save', { device: g.device }),
    ],
    [
      `iptables: export nft (${n} rules)`,
      'exportLab(--format nft --device fw)',
      () => exportLab(network, 'nft', { device: g.device }),
    ],
    [
      `iptables: export netns-script (${n} rules)`,
      'exportLab(--format netns-script): the whole lab',
      () => exportLab(network, 'netns-script'),
    ],
  ];
  const rows: BenchRow[] = [];
  for (const [task, what, fn] of tasks) {
    const row = rowOf({ suite: 'iptables', task, unit: 'ms', lowerIsBetter: true, what }, samples(runs, fn));
    opts.log(`  ${task}: p50 ${row.p50.toFixed(1)} ms, p95 ${row.p95.toFixed(1)} ms (${row.samples} runs)`);
    rows.push(row);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return rows;
}
