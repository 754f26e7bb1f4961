/**
 * VL-23 on the compiled network (custom edits): an `ip rule fwmark V/M` no MARK rule of its device can
 * satisfy, and a policy rule that only a MARK set too late (nat table, or after the routing decision)
 * could satisfy.
 */
import type { Device } from '../../model/device.ts';
import { TABLE_NAMES } from '../../model/route.ts';
import type { RpdbRule } from '../../model/rpdb.ts';
import { formatRule } from '../../netfilter/print-rule.ts';
import { fwmarkMatches, applyXmark } from '../../netfilter/mark.ts';
import type { LintContext } from './context.ts';
import { fwmarkSatisfiable, markSites, type MarkSite } from './mark-reach.ts';
import { applianceIds, devicePath, diag, docPathOfExpanded, type LintRule } from './rule.ts';
import type { Diagnostic } from './types.ts';

const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;

export function ruleText(r: RpdbRule): string {
  const fw = r.fwmark!;
  const action =
    r.action === 'lookup'
      ? `lookup ${TABLE_NAMES.get(r.table ?? 0) ?? r.table}`
      : r.action === 'goto'
        ? `goto ${r.goto}`
        : r.action;
  return `${r.pref}: fwmark ${hex(fw.value)}/${hex(fw.mask)} ${action}`;
}

function forwards(d: Device): boolean {
  return d.ifaces.some((i) => !i.loopback && i.conf.forwarding === 1);
}

function rulePath(ctx: LintContext, d: Device, r: RpdbRule): string {
  const p = ctx.provenance?.rules.get(r);
  return p ? docPathOfExpanded(ctx, p, d.id) : `${devicePath(ctx, d.id)}.rules`;
}

function sitePath(ctx: LintContext, d: Device, s: MarkSite): string {
  const p = ctx.provenance?.iptables.get(s.rule);
  return p ? docPathOfExpanded(ctx, p, d.id) : `${devicePath(ctx, d.id)}.iptables.${s.table}.${s.chain}`;
}

/** A site's mark applied to 0: could it, alone, satisfy the policy rule? */
function siteSatisfies(s: MarkSite, r: RpdbRule): boolean {
  const fw = r.fwmark!;
  if (s.op.kind === 'free') return true;
  return fwmarkMatches(applyXmark(0, s.op.value, s.op.mask), fw.value, fw.mask);
}

export const fwmarkRules: LintRule = {
  codes: ['VL-23'],
  title: 'an ip rule fwmark no MARK rule can satisfy, or one only a MARK after NAT/routing satisfies',
  needs: 'network',
  run(ctx) {
    const out: Diagnostic[] = [];
    if (!ctx.network) return out;
    const appliances = applianceIds(ctx);
    for (const d of ctx.network.devices) {
      const sites = markSites(d);
      const all = sites.map((s) => s.op);
      const early = sites.filter((s) => s.early).map((s) => s.op);
      for (const r of d.rules) {
        const fw = r.fwmark;
        if (!fw || r.not || fw.mask === 0) continue;
        if (!fwmarkSatisfiable(fw.value, fw.mask, all)) {
          const strong = forwards(d) || appliances.has(d.id) || d.kind === 'appliance';
          out.push(
            diag(
              'VL-23',
              strong ? 'error' : 'warning',
              `Policy rule "${ruleText(r)}" on ${d.id} can never match: no MARK or CONNMARK rule of ${d.id} produces a mark with (mark & ${hex(fw.mask)}) = ${hex(fw.value & fw.mask)}${strong ? '' : ' (only sockets with SO_MARK could)'}.`,
              [rulePath(ctx, d, r)],
            ),
          );
          continue;
        }
        if (fwmarkSatisfiable(fw.value, fw.mask, early)) continue;
        const late = sites.filter((s) => !s.early && siteSatisfies(s, r));
        if (!late.length) continue;
        const s = late[0]!;
        const where =
          s.table === 'nat'
            ? 'in the nat table, which only the first packet of a connection traverses'
            : `in ${s.table} ${s.chain}, after the routing decision it was meant to steer`;
        out.push(
          diag(
            'VL-23',
            'warning',
            `Policy rule "${ruleText(r)}" on ${d.id} relies on "-A ${s.chain} ${formatRule(s.rule)}" ${where}.`,
            [rulePath(ctx, d, r), ...late.map((x) => sitePath(ctx, d, x))],
          ),
        );
      }
    }
    return out;
  },
};
