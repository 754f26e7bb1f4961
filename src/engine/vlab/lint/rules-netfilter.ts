/**
 * Netfilter and address footguns on the compiled network: NF-03 a NETMAP whose match prefix is not
 * the size of its --to prefix, NF-04 one address on two devices of a production segment.
 */
import { formatCidr } from '../../addr/ipv4.ts';
import type { Device } from '../../model/device.ts';
import { formatRule } from '../../netfilter/print-rule.ts';
import { applianceIds, devicePath, diag, docPathOfExpanded, ip, list, type LintRule } from './rule.ts';
import type { Diagnostic } from './types.ts';

const SOURCE_CHAINS = new Set(['POSTROUTING', 'INPUT']);

export const netmapSize: LintRule = {
  codes: ['NF-03'],
  title: 'a NETMAP rule maps a prefix onto one of another size',
  needs: 'network',
  run(ctx) {
    const out: Diagnostic[] = [];
    if (!ctx.network) return out;
    // generated appliances follow their design, where VL-06 reports the same thing
    const generated = applianceIds(ctx);
    for (const d of ctx.network.devices) {
      if (generated.has(d.id) && ctx.deviceIndex(d.id) < 0) continue;
      const nat = d.ruleset.get('nat');
      for (const [chain, c] of nat?.chains ?? [])
        for (const rule of c.rules) {
          const t = rule.target;
          if (t.kind !== 'NETMAP') continue;
          // NETMAP maps the destination in PREROUTING/OUTPUT and the source in POSTROUTING/INPUT
          const m = SOURCE_CHAINS.has(chain) ? (rule.src ?? rule.dst) : (rule.dst ?? rule.src);
          if (!m || m.invert || m.len === t.to.len || m.len === 32) continue;
          const aliasing = m.len < t.to.len;
          const p = ctx.provenance?.iptables.get(rule);
          out.push(
            diag(
              'NF-03',
              aliasing ? 'error' : 'warning',
              `"-A ${chain} ${formatRule(rule)}" on ${d.id} maps a /${m.len} onto ${formatCidr(t.to)}: ${
                aliasing
                  ? `${2 ** (t.to.len - m.len)} addresses of ${formatCidr({ addr: m.addr, len: m.len })} land on each address`
                  : `only ${2 ** (32 - m.len)} of its ${2 ** (32 - t.to.len)} addresses can be reached`
              }.`,
              [p ? docPathOfExpanded(ctx, p, d.id) : `${devicePath(ctx, d.id)}.iptables.nat`],
            ),
          );
        }
    }
    return out;
  },
};

export const duplicateAddresses: LintRule = {
  codes: ['NF-04'],
  title: 'one address on two devices of a production segment',
  needs: 'network',
  run(ctx) {
    const out: Diagnostic[] = [];
    if (!ctx.network) return out;
    const access = new Set<number>();
    for (const l of ctx.labs)
      for (const m of l.mappings) if (m.accessIp !== undefined) access.add(m.accessIp);
    for (const [sid, seg] of ctx.network.segments) {
      if (seg.kind !== 'production') continue;
      const owners = new Map<number, { d: Device; iface: string }[]>();
      for (const p of seg.ports) {
        const d = ctx.network.byId.get(p.device);
        const iface = d?.ifByName.get(p.iface);
        if (!d || !iface) continue;
        for (const a of iface.addrs) {
          const list0 = owners.get(a.local) ?? [];
          if (!list0.some((o) => o.d === d)) list0.push({ d, iface: p.iface });
          owners.set(a.local, list0);
        }
      }
      for (const [addr, who] of owners) {
        // an access IP in use is VL-04's finding
        if (who.length < 2 || access.has(addr)) continue;
        out.push(
          diag(
            'NF-04',
            'error',
            `${ip(addr)} is configured on ${list(who.map((w) => `${w.d.id} (${w.iface})`))} in production segment "${sid}".`,
            who.map((w) => `${devicePath(ctx, w.d.id)}.interfaces`),
          ),
        );
      }
    }
    return out;
  },
};
