/**
 * The masquerade networks (wizard step 8, `-MasqueradeIPAddress`): VL-05 overlaps with anything the
 * lab uses or routes, VL-06 a size other than the isolated network's.
 */
import { networkOf, prefixesOverlap, type Cidr } from '../../addr/ipv4.ts';
import type { LintContext, ResolvedIsolated, ResolvedLab } from './context.ts';
import { proposeMasquerade } from '../masquerade.ts';
import { pointer } from './patch.ts';
import { masqueradeProbe, reachesAppliance } from './reach.ts';
import { diag, list, net, type LintRule } from './rule.ts';
import type { Diagnostic, Fix } from './types.ts';
import { usedPrefixes, type UsedPrefix } from './used-space.ts';

/** Fix: set the masquerade network to `c` (add when it was the compiler's proposal). */
function setMasquerade(lab: ResolvedLab, n: ResolvedIsolated, c: Cidr, why: string): Fix {
  return {
    label: `Use ${net(c)} as the masquerade network${why}`,
    patch: [
      {
        op: n.design.masquerade === undefined ? 'add' : 'replace',
        path: pointer('virtualLabs', lab.index, 'isolatedNetworks', n.index, 'masquerade'),
        value: net(c),
      },
    ],
  };
}

/**
 * A free masquerade network of the isolated network's size, chosen as the design compiler proposes
 * one (src/engine/vlab/masquerade.ts), avoiding everything the linter knows is used or routed.
 */
export function freeMasquerade(ctx: LintContext, n: ResolvedIsolated): Cidr | undefined {
  if (!n.subnet) return undefined;
  return proposeMasquerade(
    n.subnet,
    usedPrefixes(ctx, n).map((u) => u.cidr),
  );
}

/** Global order of isolated networks (lab, then network): a masquerade clash is reported once. */
function order(n: ResolvedIsolated, labs: readonly ResolvedLab[]): number {
  for (const l of labs) {
    const i = l.isolated.indexOf(n);
    if (i >= 0) return l.index * 1000 + i;
  }
  return -1;
}

/**
 * Whether a device's route that overlaps the masquerade network is a way into the lab (a client's
 * route via its gateway, the router's via the appliance): asked of the engine — its packets to the
 * masquerade network arrive at the appliance.
 */
function leadsToLab(ctx: LintContext, lab: ResolvedLab, n: ResolvedIsolated, device: string): boolean {
  const target = masqueradeProbe(n);
  if (target === undefined || !ctx.network) return false;
  return reachesAppliance(ctx, lab, device, target)?.reached === true;
}

const clashCache = new WeakMap<ResolvedIsolated, UsedPrefix[]>();

/**
 * What the masquerade network of `n` overlaps (another lab's masquerade network only if listed
 * earlier). Several rules ask (VL-05, and VL-01/VL-02 skip such networks); `n` belongs to one lint
 * run, so the answer is kept with it.
 */
export function masqueradeClashes(ctx: LintContext, lab: ResolvedLab, n: ResolvedIsolated): UsedPrefix[] {
  const cached = clashCache.get(n);
  if (cached) return cached;
  const found = computeClashes(ctx, lab, n);
  clashCache.set(n, found);
  return found;
}

function computeClashes(ctx: LintContext, lab: ResolvedLab, n: ResolvedIsolated): UsedPrefix[] {
  const m = n.masquerade;
  if (!m) return [];
  const mine = order(n, ctx.labs);
  // (every used prefix, skipping n's own entry here rather than copying the list without it)
  return usedPrefixes(ctx).filter(
    (u) =>
      u.masquerade !== n &&
      prefixesOverlap(u.cidr, m) &&
      (!u.masquerade || order(u.masquerade, ctx.labs) < mine) &&
      !(u.routeOf !== undefined && leadsToLab(ctx, lab, n, u.routeOf)),
  );
}

export const masqueradeOverlap: LintRule = {
  codes: ['VL-05'],
  title:
    'a masquerade network overlaps a production network, an address, a route or another masquerade network',
  needs: 'design',
  run(ctx) {
    const out: Diagnostic[] = [];
    for (const lab of ctx.labs)
      for (const n of lab.isolated) {
        const m = n.masquerade;
        if (!m) continue;
        const clashes = masqueradeClashes(ctx, lab, n);
        if (!clashes.length) continue;
        // one description per prefix: the segment's subnet, the appliance's, a drawn address… say the same
        const byPrefix = new Map<string, string>();
        for (const c of clashes) {
          const k = net(c.cidr);
          if (!byPrefix.has(k)) byPrefix.set(k, c.what);
        }
        const shown = [...byPrefix.values()].slice(0, 3);
        if (byPrefix.size > 3) shown.push(`${byPrefix.size - 3} more`);
        const free = freeMasquerade(ctx, n);
        out.push(
          diag(
            'VL-05',
            'error',
            `The masquerade network ${net(m)} of isolated network "${n.design.name}" overlaps ${list(shown)}.`,
            [`${n.path}.masquerade`, ...clashes.map((c) => c.path)],
            free ? setMasquerade(lab, n, free, ' (unused in this lab)') : undefined,
          ),
        );
      }
    return out;
  },
};

export const masqueradeSize: LintRule = {
  codes: ['VL-06'],
  title: 'a masquerade network is not the size of its isolated network',
  needs: 'design',
  run(ctx) {
    const out: Diagnostic[] = [];
    for (const lab of ctx.labs)
      for (const n of lab.isolated) {
        const m = n.masquerade;
        if (!m || !n.subnet || m.len === n.subnet.len) continue;
        const resized = { addr: networkOf({ addr: m.addr, len: n.subnet.len }), len: n.subnet.len };
        const used = usedPrefixes(ctx, n).map((u) => u.cidr);
        const target = used.some((u) => prefixesOverlap(u, resized)) ? freeMasquerade(ctx, n) : resized;
        const effect =
          m.len < n.subnet.len
            ? `NETMAP maps ${2 ** (n.subnet.len - m.len)} masquerade addresses onto each VM`
            : `only ${2 ** (32 - m.len)} of the ${2 ** (32 - n.subnet.len)} addresses of ${net(n.subnet)} get a masquerade address`;
        out.push(
          diag(
            'VL-06',
            'error',
            `The masquerade network ${net(m)} of isolated network "${n.design.name}" is a /${m.len} but ${net(n.subnet)} is a /${n.subnet.len}: ${effect}.`,
            [`${n.path}.masquerade`, `${n.path}.productionNetwork`],
            target ? setMasquerade(lab, n, target, ` (a /${n.subnet.len})`) : undefined,
          ),
        );
      }
    return out;
  },
};
