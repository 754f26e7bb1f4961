/** What a lint rule is, and the small helpers every rule file shares. */
import { formatCidr, formatIpv4, type Cidr, type Ipv4 } from '../../addr/ipv4.ts';
import type { DeviceDoc } from '../../lab/format.ts';
import { keyPath } from '../../lab/issues.ts';
import type { LintContext, ResolvedLab } from './context.ts';
import { pointer } from './patch.ts';
import { WHY } from './sources.ts';
import type { Diagnostic, Fix, PatchOp, Severity } from './types.ts';

export interface LintRule {
  /** The codes this rule can emit (one, or a family). */
  readonly codes: readonly string[];
  /** One line for the registry and the docs. */
  readonly title: string;
  /** What the rule needs: a virtual-lab design (the network is used when there is one), or the network. */
  readonly needs: 'design' | 'network';
  readonly run: (ctx: LintContext) => Diagnostic[];
}

export function diag(
  code: keyof typeof WHY,
  severity: Severity,
  message: string,
  paths: readonly string[],
  fix?: Fix,
  why: string = WHY[code],
): Diagnostic {
  return { code, severity, message, why, paths: [...new Set(paths)], ...(fix ? { fix } : {}) };
}

export const ip = (a: Ipv4 | number): string => formatIpv4(a);
export const net = (c: Cidr): string => formatCidr(c);

/** Ids of the appliances the designs generate. */
export function applianceIds(ctx: LintContext): Set<string> {
  return new Set(ctx.labs.map((l) => l.design.appliance.id));
}

/** The lab whose design generates device `id`, if any. */
export function labOfAppliance(ctx: LintContext, id: string): ResolvedLab | undefined {
  return ctx.labs.find((l) => l.design.appliance.id === id);
}

/** The JSON path of a device: the drawn one in `devices`, or the design that generates it. */
export function devicePath(ctx: LintContext, id: string): string {
  const i = ctx.deviceIndex(id);
  if (i >= 0) return `devices[${i}]`;
  const lab = labOfAppliance(ctx, id);
  return lab ? `${lab.path}.appliance` : `devices[?${id}]`;
}

/** A sysctl's path on a drawn device: `devices[3].sysctls["net.ipv4.conf.all.rp_filter"]`. */
export function sysctlPath(ctx: LintContext, id: string, name: string): string {
  return `${devicePath(ctx, id)}.sysctls${keyPath(name)}`;
}

/**
 * Maps a path of the expanded document (`devices[5].rules[0]`, from compileLab's provenance) to the
 * user's document: a drawn device keeps its path (the design compiler keeps drawn devices' indexes);
 * a generated element becomes the design field that produced it (the design's provenance), or the
 * design of its device.
 */
export function docPathOfExpanded(ctx: LintContext, expanded: string | undefined, deviceId: string): string {
  const base = devicePath(ctx, deviceId);
  if (expanded === undefined) return base;
  const from = ctx.design?.provenance?.get(expanded);
  if (from !== undefined) return from;
  const m = /^devices\[(\d+)\](.*)$/.exec(expanded);
  if (!m) return expanded;
  return ctx.deviceIndex(deviceId) >= 0 ? `${base}${m[2]}` : base;
}

/** Ops that append `value` to the array `devices[i].<field>`, creating it when absent. */
export function appendToDevice(
  ctx: LintContext,
  deviceId: string,
  field: 'routes',
  values: readonly unknown[],
): PatchOp[] {
  const i = ctx.deviceIndex(deviceId);
  const d = ctx.doc.devices[i] as DeviceDoc | undefined;
  if (!d) return [];
  if (d[field] === undefined) return [{ op: 'add', path: pointer('devices', i, field), value: [...values] }];
  return values.map((value) => ({ op: 'add', path: pointer('devices', i, field, '-'), value }));
}

/** Devices drawn on a lab's isolated segments (the lab VMs), not the appliances. */
export function labVms(ctx: LintContext, lab: ResolvedLab): DeviceDoc[] {
  const segs = new Set(lab.isolated.map((n) => n.design.segment));
  const appliances = applianceIds(ctx);
  return ctx.doc.devices.filter(
    (d) => !appliances.has(d.id) && d.interfaces.some((i) => i.segment != null && segs.has(i.segment)),
  );
}

/** The segments of kind `isolated`, and those used as isolated networks by a design. */
export function isolatedSegments(ctx: LintContext): Set<string> {
  const s = new Set(ctx.doc.segments.filter((x) => x.kind === 'isolated').map((x) => x.id));
  for (const l of ctx.labs) for (const n of l.isolated) s.add(n.design.segment);
  return s;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** `a, b and c`. */
export function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
