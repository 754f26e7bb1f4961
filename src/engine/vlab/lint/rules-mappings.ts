/**
 * Static IP mappings (wizard step 9, `New-VBRViVirtualLabIPMappingRule`): VL-03 an access IP outside
 * the appliance's subnet that nothing routes, VL-04 an access IP already in use, or an isolated IP
 * outside its production network.
 */
import { broadcastOf, canonical, inPrefix, networkOf, type Ipv4 } from '../../addr/ipv4.ts';
import { productionGateway, type LintContext, type ResolvedLab, type ResolvedMapping } from './context.ts';
import { freeAddress } from './free-space.ts';
import { pointer } from './patch.ts';
import { reachesAppliance } from './reach.ts';
import { diag, ip, net, type LintRule } from './rule.ts';
import type { Diagnostic, Fix } from './types.ts';
import { usedAddresses } from './used-space.ts';

function accessFix(ctx: LintContext, lab: ResolvedLab, m: ResolvedMapping): Fix | undefined {
  if (!lab.applianceIp) return undefined;
  const used = usedAddresses(ctx);
  const free = freeAddress(canonical(lab.applianceIp), used);
  if (free === undefined) return undefined;
  return {
    label: `Use the free address ${ip(free)} of the appliance's subnet as the access IP`,
    patch: [
      {
        op: 'replace',
        path: pointer('virtualLabs', lab.index, 'staticMappings', m.index, 'accessIp'),
        value: ip(free),
      },
    ],
  };
}

/** Who already uses an address: a drawn device, the appliance, another mapping, a gateway. */
function userOf(
  ctx: LintContext,
  lab: ResolvedLab,
  m: ResolvedMapping,
  a: Ipv4,
): { who: string; path: string } | undefined {
  const drawn = ctx.addresses.find((x) => x.cidr.addr === a);
  if (drawn) return { who: drawn.device, path: drawn.path };
  for (const l of ctx.labs) {
    if (l.applianceIp?.addr === a)
      return { who: `appliance ${l.design.appliance.id}`, path: `${l.path}.appliance.ip` };
    for (const o of l.mappings)
      if (o.accessIp === a && (l !== lab || o.index < m.index))
        return { who: `static mapping ${o.index} of "${l.design.name}"`, path: `${o.path}.accessIp` };
  }
  const gw = ctx.doc.segments.findIndex((s) => s.gateway === ip(a));
  if (gw >= 0)
    return { who: `the gateway of "${ctx.doc.segments[gw]!.id}"`, path: `segments[${gw}].gateway` };
  return undefined;
}

/**
 * Who should reach an access IP without help: the production router (what "a route to it exists"
 * means), the design's clients, then any other production host on the appliance's network — not the
 * backup server, whose routes the job manages.
 */
function accessProbeSource(ctx: LintContext, lab: ResolvedLab): string | undefined {
  const seg = lab.design.appliance.productionNetwork;
  const subnet = lab.applianceIp ? canonical(lab.applianceIp) : undefined;
  const gw = productionGateway(ctx, seg, subnet);
  const router = gw === undefined ? undefined : ctx.addresses.find((a) => a.cidr.addr === gw)?.device;
  const onSeg = ctx.addresses.filter((a) => a.segment === seg).map((a) => a.device);
  const candidates = [...(router ? [router] : []), ...(lab.design.clients ?? []), ...onSeg];
  return candidates.find((c) => c !== lab.design.backupServer && ctx.deviceIndex(c) >= 0);
}

export const accessIpRouted: LintRule = {
  codes: ['VL-03'],
  title: "a static mapping's access IP is outside the appliance's subnet and nothing routes it there",
  needs: 'design',
  run(ctx) {
    const out: Diagnostic[] = [];
    for (const lab of ctx.labs)
      for (const m of lab.mappings) {
        const a = m.accessIp;
        if (a === undefined || !lab.applianceIp || inPrefix(a, canonical(lab.applianceIp))) continue;
        const from = accessProbeSource(ctx, lab);
        const r = from === undefined ? undefined : reachesAppliance(ctx, lab, from, a);
        if (!r || r.reached) continue;
        out.push(
          diag(
            'VL-03',
            'error',
            `Access IP ${ip(a)} is outside the appliance's subnet ${net(canonical(lab.applianceIp))} and packets from ${from} to it do not reach the appliance${r.summary ? ` (the engine's trace: ${r.summary})` : ''}.`,
            [`${m.path}.accessIp`, `${lab.path}.appliance.ip`],
            accessFix(ctx, lab, m),
          ),
        );
      }
    return out;
  },
};

export const accessIpFree: LintRule = {
  codes: ['VL-04'],
  title: "a static mapping's access IP is already used, or its isolated IP is outside its production network",
  needs: 'design',
  run(ctx) {
    const out: Diagnostic[] = [];
    for (const lab of ctx.labs)
      for (const m of lab.mappings) {
        const a = m.accessIp;
        if (a !== undefined) {
          const user = userOf(ctx, lab, m, a);
          const sub = lab.applianceIp ? canonical(lab.applianceIp) : undefined;
          const special = sub && (a === networkOf(sub) || a === broadcastOf(sub)) && sub.len < 31;
          if (user || special)
            out.push(
              diag(
                'VL-04',
                'error',
                user
                  ? `Access IP ${ip(a)} is already used by ${user.who}.`
                  : `Access IP ${ip(a)} is the ${a === networkOf(sub!) ? 'network' : 'broadcast'} address of ${net(sub!)}.`,
                [`${m.path}.accessIp`, ...(user ? [user.path] : [])],
                accessFix(ctx, lab, m),
              ),
            );
        }
        const n = lab.isolated.find((x) => x.design.productionNetwork === m.design.productionNetwork);
        if (!n)
          out.push(
            diag(
              'VL-04',
              'error',
              `Static mapping ${m.index} is for production network "${m.design.productionNetwork}", which no isolated network of this lab mirrors.`,
              [`${m.path}.productionNetwork`],
            ),
          );
        else if (m.isolatedIp !== undefined && n.subnet && !inPrefix(m.isolatedIp, n.subnet))
          out.push(
            diag(
              'VL-04',
              'error',
              `Isolated IP ${ip(m.isolatedIp)} of static mapping ${m.index} is not in production network "${m.design.productionNetwork}" (${net(n.subnet)}).`,
              [`${m.path}.isolatedIp`, `${m.path}.productionNetwork`],
            ),
          );
      }
    return out;
  },
};
