/** A two-namespace base script for the importer's command tests, and helpers to import on top of it. */
import type { DeviceDoc, LabDocument } from '../lab/format.ts';
import { importScript, type ScriptIssue } from './import-script.ts';

export const BASE = [
  'ip netns add t-a',
  'ip netns add t-b',
  'ip -n t-a link set lo up',
  'ip -n t-b link set lo up',
  'ip link add v0 netns t-a type veth peer name v0 netns t-b',
  'ip -n t-a link set v0 up',
  'ip -n t-b link set v0 up',
  'ip -n t-a addr add 10.0.0.1/24 dev v0',
  'ip -n t-b addr add 10.0.0.2/24 dev v0',
];
export const L = BASE.length;

export function ok(...lines: string[]): { doc: LabDocument; warnings: ScriptIssue[] } {
  const r = importScript([...BASE, ...lines].join('\n'));
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.line}: ${i.command}: ${i.message}`).join('\n'));
  return r;
}
export const a = (...lines: string[]): DeviceDoc => ok(...lines).doc.devices.find((d) => d.id === 'a')!;

/** The problems of a script that does not import, as "LINE: message". */
export function fails(...lines: string[]): string[] {
  const r = importScript([...BASE, ...lines].join('\n'));
  if (r.ok) throw new Error(`imported: ${JSON.stringify(r.doc)}`);
  return r.issues.map((i) => `${i.line - L}: ${i.message}`);
}
