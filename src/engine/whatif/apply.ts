/**
 * Toggles applied to the expanded lab: the lab as it would be had the rule, route or ip rule never
 * been added, or with the sysctl written last (so that its value is the one the namespace ends with,
 * propagation included: `net.ipv4.ip_forward=0` turns every interface's forwarding off). The result is
 * a lab like any other, compiled by `compileLab`.
 */
import { compileLab } from '../lab/compile.ts';
import type { ChainDoc, DeviceDoc, LabDocument } from '../lab/format.ts';
import { formatIssue } from '../lab/format.ts';
import { checkSysctlValue, parseSysctlName } from '../lab/sysctl.ts';
import type { TableName } from '../model/netfilter.ts';
import type { Network } from '../model/network.ts';
import { err, ok, type Result } from '../util/result.ts';
import type { WhatIfToggle } from './toggles.ts';

export function applyWhatIf(expanded: LabDocument, toggles: readonly WhatIfToggle[]): Result<LabDocument> {
  if (!toggles.length) return ok(expanded);
  const byDevice = new Map<string, WhatIfToggle[]>();
  for (const t of toggles) byDevice.set(t.device, [...(byDevice.get(t.device) ?? []), t]);
  const devices = [...expanded.devices];
  for (const [id, list] of byDevice) {
    const i = devices.findIndex((d) => d.id === id);
    if (i < 0) return err(`what-if: no device "${id}" in the lab`);
    const d = applyToDevice(devices[i]!, list);
    if (!d.ok) return d;
    devices[i] = d.value;
  }
  return ok({ ...expanded, devices });
}

/** The expanded lab with the toggles, compiled. */
export function whatIfCompile(expanded: LabDocument, toggles: readonly WhatIfToggle[]): Result<Network> {
  const doc = applyWhatIf(expanded, toggles);
  if (!doc.ok) return doc;
  const c = compileLab(doc.value);
  const errors = c.issues.filter((i) => i.severity === 'error');
  if (errors.length || !c.network) return err(`what-if: ${errors.map(formatIssue).join('; ')}`);
  return ok(c.network);
}

function applyToDevice(d: DeviceDoc, toggles: readonly WhatIfToggle[]): Result<DeviceDoc> {
  let out: DeviceDoc = d;
  const drop = <T>(list: readonly T[] | undefined, what: string, idx: readonly number[]): Result<T[]> => {
    const all = list ?? [];
    const bad = idx.find((k) => !Number.isInteger(k) || k < 0 || k >= all.length);
    if (bad !== undefined) return err(`what-if: ${d.id} has no ${what} ${bad}`);
    return ok(all.filter((_, k) => !idx.includes(k)));
  };
  const routes = toggles.flatMap((t) => (t.kind === 'route-off' ? [t.index] : []));
  if (routes.length) {
    const r = drop(d.routes, 'route', routes);
    if (!r.ok) return r;
    out = { ...out, routes: r.value };
  }
  const rules = toggles.flatMap((t) => (t.kind === 'ip-rule-off' ? [t.index] : []));
  if (rules.length) {
    const r = drop(d.rules, 'ip rule', rules);
    if (!r.ok) return r;
    out = { ...out, rules: r.value };
  }
  const chainsOff = new Map<string, { table: TableName; chain: string; idx: number[] }>();
  for (const t of toggles) {
    if (t.kind !== 'rule-off') continue;
    const k = `${t.table} ${t.chain}`;
    const e = chainsOff.get(k) ?? { table: t.table, chain: t.chain, idx: [] };
    e.idx.push(t.index);
    chainsOff.set(k, e);
  }
  for (const { table, chain, idx } of chainsOff.values()) {
    const chains = out.iptables?.[table];
    const doc: ChainDoc | undefined = chains?.[chain];
    if (!chains || doc === undefined) return err(`what-if: ${d.id} has no ${table} ${chain} chain`);
    const list = Array.isArray(doc)
      ? (doc as readonly string[])
      : ((doc as { rules?: readonly string[] }).rules ?? []);
    const kept = drop(list, `${table} ${chain} rule`, idx);
    if (!kept.ok) return kept;
    const next: ChainDoc = Array.isArray(doc) ? kept.value : { ...(doc as object), rules: kept.value };
    out = { ...out, iptables: { ...out.iptables, [table]: { ...chains, [chain]: next } } };
  }
  const ifaces = d.interfaces.map((i) => i.name);
  for (const t of toggles) {
    if (t.kind !== 'sysctl') continue;
    const target = parseSysctlName(t.key, ifaces);
    if (!target.ok) return err(`what-if: ${d.id}: ${target.error}`);
    const bad = checkSysctlValue(target.value, t.value);
    if (bad) return err(`what-if: ${d.id}: ${t.key}: ${bad}`);
    const rest = Object.fromEntries(Object.entries(out.sysctls ?? {}).filter(([k]) => k !== t.key));
    out = { ...out, sysctls: { ...rest, [t.key]: t.value } };
  }
  return ok(out);
}
