/**
 * A device's configuration pasted from the device itself — `iptables-save`, `ip rule show`, `ip route
 * show table all` — into the lab document's fields for that device (`iptables`, `rules` with
 * `defaultRules`, `routes`). Interfaces and addresses stay as the lab has them: the kernel's own routes of
 * the addresses are skipped. Every problem names the dump and the line. Exporting the device with the
 * engine's printers, importing that and exporting again gives the same text (device-dump.test.ts).
 */
import type { DeviceDoc, RouteDoc, RuleDoc } from '../../lab/format.ts';
import { parseIptables } from './iptables.ts';
import { parseIpRoute } from './ip-route.ts';
import { parseIpRule } from './ip-rule.ts';
import type { DumpIssue } from './issues.ts';

export { formatDumpIssue, type DumpIssue, type DumpSource } from './issues.ts';

/** The pasted texts; a dump left out leaves that part of the device as it is. */
export interface DeviceDump {
  readonly iptablesSave?: string;
  readonly ipRule?: string;
  readonly ipRoute?: string;
}

/** The device fields the dumps give (only those whose dump was pasted). */
export interface DeviceDumpFields {
  readonly iptables?: NonNullable<DeviceDoc['iptables']>;
  readonly rules?: readonly RuleDoc[];
  readonly defaultRules?: NonNullable<DeviceDoc['defaultRules']>;
  readonly routes?: readonly RouteDoc[];
}

export type DeviceDumpResult =
  | { readonly ok: true; readonly fields: DeviceDumpFields; readonly warnings: readonly DumpIssue[] }
  | { readonly ok: false; readonly errors: readonly DumpIssue[]; readonly warnings: readonly DumpIssue[] };

export function importDeviceDump(dump: DeviceDump): DeviceDumpResult {
  const errors: DumpIssue[] = [];
  const warnings: DumpIssue[] = [];
  const fields: { -readonly [K in keyof DeviceDumpFields]: DeviceDumpFields[K] } = {};
  if (dump.iptablesSave !== undefined) fields.iptables = parseIptables(dump.iptablesSave, errors);
  if (dump.ipRule !== undefined) {
    const r = parseIpRule(dump.ipRule, errors);
    fields.rules = r.rules;
    fields.defaultRules = r.defaultRules;
  }
  if (dump.ipRoute !== undefined) fields.routes = parseIpRoute(dump.ipRoute, errors, warnings);
  return errors.length ? { ok: false, errors, warnings } : { ok: true, fields, warnings };
}

/** The device with the imported fields in place of its own (empty ones removed, as the lab format writes them). */
export function applyDeviceDump(device: DeviceDoc, fields: DeviceDumpFields): DeviceDoc {
  const d: Record<string, unknown> = { ...device };
  const set = (key: keyof DeviceDumpFields, value: unknown, empty: boolean) => {
    if (empty) delete d[key];
    else d[key] = value;
  };
  if (fields.iptables) set('iptables', fields.iptables, Object.keys(fields.iptables).length === 0);
  if (fields.rules) set('rules', fields.rules, fields.rules.length === 0);
  if (fields.defaultRules)
    set('defaultRules', fields.defaultRules, Object.keys(fields.defaultRules).length === 0);
  if (fields.routes) set('routes', fields.routes, fields.routes.length === 0);
  return d as unknown as DeviceDoc;
}
