/**
 * Custom rules of a drawn device, written in the kernel's own syntax (`iptables-save`, `ip rule show`,
 * `ip route show table all` text), read with the engine's device-dump importer — the same parsers as
 * `iptables-restore` and the lab import — then checked by compiling the lab with them, so a rule the
 * kernel would refuse is shown at its line and never reaches the document.
 */
import type { DeviceDoc, LabDocument, LabIssue } from '../../engine/lab/format.ts';
import {
  applyDeviceDump,
  importDeviceDump,
  type DeviceDump,
  type DumpIssue,
  type DumpSource,
} from '../../engine/import/device-dump/device-dump.ts';
import { parseIpRoute } from '../../engine/import/device-dump/ip-route.ts';
import { parseIpRule } from '../../engine/import/device-dump/ip-rule.ts';
import { loadLabValue } from '../../lab/load.ts';
import { isInside } from '../derive.ts';
import { pathKeys } from '../paths.ts';
import type { DeviceView } from './device-view.ts';

export type DumpSection = 'iptables' | 'rules' | 'routes';
export const DUMP_SECTIONS: readonly DumpSection[] = ['iptables', 'rules', 'routes'];

export type CustomTexts = Readonly<Record<DumpSection, string>>;

export interface CustomError {
  /** The text the problem is in; `lab` for one that belongs to no single line. */
  readonly section: DumpSection | 'lab';
  /** 1-based line of that text (0: the text as a whole). */
  readonly line: number;
  readonly text: string;
  readonly message: string;
}

export type CustomPlan =
  | { readonly ok: true; readonly device?: DeviceDoc; readonly warnings: readonly CustomError[] }
  | { readonly ok: false; readonly errors: readonly CustomError[] };

const SECTION_OF: Record<DumpSource, DumpSection> = {
  'iptables-save': 'iptables',
  'ip rule': 'rules',
  'ip route': 'routes',
};
const FIELDS = ['iptables', 'rules', 'defaultRules', 'routes'] as const;

const fromDump = (i: DumpIssue): CustomError => ({
  section: SECTION_OF[i.source],
  line: i.line,
  text: i.text,
  message: i.message,
});

/**
 * The texts the editor opens with: what the tools print for the device, without the lines a virtual-lab
 * design added to it (those stay the design's).
 */
export function customTexts(view: DeviceView, docPath: string): CustomTexts {
  const text = (id: DumpSection) => {
    const lines = view.sections.find((s) => s.id === id)?.lines ?? [];
    const own = lines.filter((l) => l.path === undefined || l.path === docPath || isInside(l.path, docPath));
    return own.map((l) => `${l.text}\n`).join('');
  };
  return { iptables: text('iptables'), rules: text('rules'), routes: text('routes') };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What applying the edited texts makes of `doc.devices[index]`: the device with its `iptables`, `rules`,
 * `defaultRules` and `routes` read from the texts that changed since `opened` (`device` absent when
 * nothing changes), or the problems, each at its line.
 */
export function planCustomRules(
  doc: LabDocument,
  index: number,
  texts: CustomTexts,
  opened: CustomTexts,
): CustomPlan {
  const current = doc.devices[index];
  if (!current)
    return { ok: false, errors: [{ section: 'lab', line: 0, text: '', message: 'no such device' }] };
  const dump: { -readonly [K in keyof DeviceDump]: string } = {};
  if (texts.iptables !== opened.iptables) dump.iptablesSave = texts.iptables;
  if (texts.rules !== opened.rules) dump.ipRule = texts.rules;
  if (texts.routes !== opened.routes) dump.ipRoute = texts.routes;
  const r = importDeviceDump(dump);
  const warnings = r.warnings.map(fromDump);
  if (!r.ok) return { ok: false, errors: r.errors.map(fromDump) };
  const next = applyDeviceDump(current, r.fields);
  if (FIELDS.every((k) => same(next[k], current[k]))) return { ok: true, warnings };
  const candidate = { ...doc, devices: doc.devices.map((d, k) => (k === index ? next : d)) };
  const loaded = loadLabValue(candidate);
  if (loaded.ok) return { ok: true, device: next, warnings };
  const errors = loaded.issues
    .filter((i) => i.severity === 'error')
    .map((i) => locate(i, `devices[${index}]`, next, texts));
  return { ok: false, errors };
}

/** Writes the planned rule fields into the device (a draft inside one `run`: one undo step). */
export function writeRuleFields(target: DeviceDoc, planned: DeviceDoc): void {
  const t = target as { -readonly [K in keyof DeviceDoc]: DeviceDoc[K] };
  for (const k of FIELDS) {
    if (same(t[k], planned[k])) continue;
    if (planned[k] === undefined) delete t[k];
    else (t as Record<string, unknown>)[k] = planned[k];
  }
}

/** A compile problem of the candidate lab, at the line of the text that made the field it names. */
function locate(issue: LabIssue, devicePath: string, next: DeviceDoc, texts: CustomTexts): CustomError {
  const lab: CustomError = { section: 'lab', line: 0, text: '', message: `${issue.path}: ${issue.message}` };
  if (!(issue.path === devicePath || isInside(issue.path, devicePath))) return lab;
  const keys = pathKeys(issue.path).slice(2);
  const at = (section: DumpSection, line: number): CustomError => ({
    section,
    line,
    text: line > 0 ? (texts[section].split('\n')[line - 1] ?? '') : '',
    message: issue.message,
  });
  if (keys[0] === 'iptables') {
    const [, table, chain, a, b] = keys;
    const k = typeof a === 'number' ? a : typeof b === 'number' ? b : undefined;
    return at(
      'iptables',
      k === undefined ? 0 : iptablesLine(texts.iptables, String(table), String(chain), k),
    );
  }
  if (keys[0] === 'rules' && typeof keys[1] === 'number') {
    const want = next.rules?.[keys[1]];
    return at(
      'rules',
      findLine(texts.rules, (l) => parseIpRule(l, []).rules[0], want),
    );
  }
  if (keys[0] === 'defaultRules') return at('rules', 0);
  if (keys[0] === 'routes' && typeof keys[1] === 'number') {
    const want = next.routes?.[keys[1]];
    return at(
      'routes',
      findLine(texts.routes, (l) => parseIpRoute(l, [], [])[0], want),
    );
  }
  return lab;
}

/** The line of the k-th `-A CHAIN` rule of `*table`. */
function iptablesLine(text: string, table: string, chain: string, k: number): number {
  let t: string | undefined;
  let seen = 0;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    const head = /^\*(\S+)/.exec(line);
    if (head) t = head[1];
    if (t === table && (line === `-A ${chain}` || line.startsWith(`-A ${chain} `)) && seen++ === k)
      return n + 1;
  }
  return 0;
}

/** The first line that, read on its own, gives `want`. */
function findLine(text: string, read: (line: string) => unknown, want: unknown): number {
  if (want === undefined) return 0;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) if (same(read(lines[n]!), want)) return n + 1;
  return 0;
}
