/**
 * Who reaches the lab (wizard step 5 and the job's routes, vlab-reference §4.1): VL-01 the backup
 * server, VL-02 other clients, VL-17 TCP 443 to the appliance, VL-24 the appliance's network is final.
 */
import { canonical, inPrefix, type Cidr } from '../../addr/ipv4.ts';
import { productionSubnet, type LintContext, type ResolvedIsolated, type ResolvedLab } from './context.ts';
import { freeAddress } from './free-space.ts';
import { pointer } from './patch.ts';
import { probeReaches } from './probe.ts';
import { masqueradeClashes } from './rules-masquerade.ts';
import { gatewayDevice, onApplianceNetwork, routerReach, unreachedMasquerades } from './reach.ts';
import { appendToDevice, diag, ip, list, net, type LintRule } from './rule.ts';
import type { Diagnostic, Fix, PatchOp } from './types.ts';
import { usedAddresses } from './used-space.ts';

/** Whether a drawn device has an address in the appliance's subnet (so it can route via the appliance). */
function onLinkWithAppliance(ctx: LintContext, lab: ResolvedLab, device: string): boolean {
  const a = lab.applianceIp;
  return (
    a !== undefined && ctx.addresses.some((x) => x.device === device && inPrefix(x.cidr.addr, canonical(a)))
  );
}

/** Fix: routes `masq via <appliance>` on `device`. */
function routeFix(
  ctx: LintContext,
  lab: ResolvedLab,
  device: string,
  masqs: readonly Cidr[],
): Fix | undefined {
  if (!lab.applianceIp || ctx.deviceIndex(device) < 0 || !masqs.length) return undefined;
  const via = ip(lab.applianceIp.addr);
  const patch = appendToDevice(
    ctx,
    device,
    'routes',
    masqs.map((m) => ({ to: net(m), via })),
  );
  return { label: `Add ${masqs.map((m) => `${net(m)} via ${via}`).join(', ')} on ${device}`, patch };
}

/**
 * The routes the design compiler says `path` (a backup server or client field) needs and the drawn
 * document lacks, as a fix: the client's own, and the production router's for a client outside the
 * appliance's subnet (src/engine/vlab/client-routes.ts) — unless that router cannot reach the appliance.
 */
function neededRoutesFix(ctx: LintContext, lab: ResolvedLab, path: string): Fix | undefined {
  const needed = (ctx.design?.neededRoutes ?? []).filter(
    (r) =>
      r.path === path &&
      r.kind !== 'backup-server' &&
      ctx.deviceIndex(r.device) >= 0 &&
      !(r.kind === 'router' && routerReach(ctx, lab, r.device)?.reached === false) &&
      !(ctx.device(r.device)?.routes ?? []).some((x) => x.to === r.route.to && x.via === r.route.via),
  );
  if (!needed.length) return undefined;
  const byDevice = new Map<string, unknown[]>();
  for (const r of needed) byDevice.set(r.device, [...(byDevice.get(r.device) ?? []), r.route]);
  return {
    label: `Add ${needed.map((r) => `${r.route.to}${r.route.via ? ` via ${r.route.via}` : ''} on ${r.device}`).join(', ')}`,
    patch: [...byDevice].flatMap(([d, routes]) => appendToDevice(ctx, d, 'routes', routes)),
  };
}

/**
 * Where to add the missing routes: the routes the design compiler lists for this machine, else a
 * route on the machine if it is on the appliance's subnet, else on its router — unless that router
 * cannot reach the appliance at all.
 */
function routeFixFor(
  ctx: LintContext,
  lab: ResolvedLab,
  from: string,
  path: string,
  masqs: readonly Cidr[],
): Fix | undefined {
  const local = onLinkWithAppliance(ctx, lab, from);
  const gw = gatewayDevice(ctx, from);
  if (!local && gw !== undefined && routerReach(ctx, lab, gw)?.reached === false) return undefined;
  const needed = neededRoutesFix(ctx, lab, path);
  if (needed) return needed;
  if (local) return routeFix(ctx, lab, from, masqs);
  return gw !== undefined && onLinkWithAppliance(ctx, lab, gw) ? routeFix(ctx, lab, gw, masqs) : undefined;
}

/** Why the client's router cannot carry its packets to the appliance, or ''. */
function shadowNote(ctx: LintContext, lab: ResolvedLab, from: string): string {
  const gw = gatewayDevice(ctx, from);
  const r = gw === undefined ? undefined : routerReach(ctx, lab, gw);
  return r && !r.reached
    ? ` A route on ${gw} cannot help: ${gw}'s own packets do not reach the appliance (the engine's trace: ${r.summary}).`
    : '';
}

/** Fix: move the appliance into the backup server's network, at a free address there. */
function moveApplianceFix(ctx: LintContext, lab: ResolvedLab, vbs: string): Fix | undefined {
  const home = ctx.addresses.find((a) => a.device === vbs && a.segment !== null && a.cidr.len < 31);
  if (!home || ctx.segment(home.segment!)?.seg.kind !== 'production') return undefined;
  const subnet = productionSubnet(ctx, home.segment!, canonical(home.cidr));
  const free = subnet && freeAddress(subnet, usedAddresses(ctx));
  if (!subnet || free === undefined) return undefined;
  const app = (k: string) => pointer('virtualLabs', lab.index, 'appliance', k);
  const patch: PatchOp[] = [
    { op: 'replace', path: app('productionNetwork'), value: home.segment! },
    { op: 'replace', path: app('ip'), value: `${ip(free)}/${subnet.len}` },
    ...(lab.design.appliance.gateway !== undefined ? [{ op: 'remove' as const, path: app('gateway') }] : []),
  ];
  return {
    label: `Put the appliance in the backup server's network "${home.segment}" at ${ip(free)}/${subnet.len}`,
    patch,
  };
}

/**
 * A route to a proposed masquerade network would make the design compiler propose another one (a
 * routed prefix counts as used): fixes that add such routes write the proposal into the design too.
 */
function pinProposals(lab: ResolvedLab, fix: Fix | undefined): Fix | undefined {
  if (!fix) return fix;
  const pins: PatchOp[] = lab.isolated
    .filter((n) => n.masqueradeFrom === 'proposal' && n.masquerade)
    .map((n) => ({
      op: 'add',
      path: pointer('virtualLabs', lab.index, 'isolatedNetworks', n.index, 'masquerade'),
      value: net(n.masquerade!),
    }));
  if (!pins.length) return fix;
  return {
    label: `${fix.label} (and keep the proposed masquerade network${pins.length > 1 ? 's' : ''} in the design)`,
    patch: [...pins, ...fix.patch],
  };
}

/** A masquerade network that overlaps something (VL-05) says nothing about routes to it: skipped. */
const clashing = (ctx: LintContext, lab: ResolvedLab) => (n: ResolvedIsolated) =>
  masqueradeClashes(ctx, lab, n).length > 0;

const traced = (summary: string | undefined) => (summary ? ` (the engine's trace: ${summary})` : '');

export const backupServerRoute: LintRule = {
  codes: ['VL-01'],
  title:
    "the backup server is not in the appliance's network and nothing routes it to the masquerade networks",
  needs: 'design',
  run(ctx) {
    const out: Diagnostic[] = [];
    for (const lab of ctx.labs) {
      const vbs = lab.design.backupServer;
      if (!lab.applianceIp || ctx.deviceIndex(vbs) < 0 || onApplianceNetwork(ctx, lab, vbs)) continue;
      const { nets, summary } = unreachedMasquerades(ctx, lab, vbs, clashing(ctx, lab));
      if (!nets.length) continue;
      const masqs = nets.map((x) => x.masq);
      const fix =
        pinProposals(lab, routeFixFor(ctx, lab, vbs, `${lab.path}.backupServer`, masqs)) ??
        moveApplianceFix(ctx, lab, vbs);
      out.push(
        diag(
          'VL-01',
          'error',
          `Backup server ${vbs} is not in the appliance's network ${net(canonical(lab.applianceIp))} and its packets to ${list(masqs.map(net))} do not reach the appliance${traced(summary)}.${shadowNote(ctx, lab, vbs)}`,
          [`${lab.path}.backupServer`, `${lab.path}.appliance.productionNetwork`, `${lab.path}.appliance.ip`],
          fix,
        ),
      );
    }
    return out;
  },
};

export const clientRoutes: LintRule = {
  codes: ['VL-02'],
  title: 'a client that should reach the lab has no route to its masquerade networks',
  needs: 'design',
  run(ctx) {
    const out: Diagnostic[] = [];
    for (const lab of ctx.labs)
      (lab.design.clients ?? []).forEach((client, k) => {
        if (client === lab.design.backupServer || ctx.deviceIndex(client) < 0) return;
        const { nets, summary } = unreachedMasquerades(ctx, lab, client, clashing(ctx, lab));
        if (!nets.length) return;
        const masqs = nets.map((x) => x.masq);
        out.push(
          diag(
            'VL-02',
            'warning',
            `Client ${client} has no route to the masquerade network${masqs.length > 1 ? 's' : ''} ${list(masqs.map(net))}, so it cannot reach the lab VMs${traced(summary)}.${onLinkWithAppliance(ctx, lab, client) ? '' : shadowNote(ctx, lab, client)}`,
            [`${lab.path}.clients[${k}]`, `devices[${ctx.deviceIndex(client)}].routes`],
            pinProposals(lab, routeFixFor(ctx, lab, client, `${lab.path}.clients[${k}]`, masqs)),
          ),
        );
      });
    return out;
  },
};

export const applianceHttps: LintRule = {
  codes: ['VL-17'],
  title: 'TCP 443 from the backup server to the appliance is blocked by a firewall rule',
  needs: 'network',
  run(ctx) {
    const out: Diagnostic[] = [];
    if (!ctx.network) return out;
    for (const lab of ctx.labs) {
      const a = lab.applianceIp;
      if (!a) continue;
      const run = probeReaches(
        ctx.network,
        lab.design.backupServer,
        a.addr,
        lab.design.appliance.id,
        undefined,
        {
          proto: 'tcp',
          dport: 443,
        },
      );
      const r = run?.result;
      const drop = [r?.request.drop, r?.reply?.drop].find(
        (d) => d && (d.reason === 'filter_drop' || d.reason === 'filter_reject'),
      );
      if (!r || !drop) continue;
      const where = ctx.deviceIndex(drop.device);
      out.push(
        diag(
          'VL-17',
          'error',
          `TCP 443 from backup server ${lab.design.backupServer} to the appliance ${ip(a.addr)} is ${drop.reason === 'filter_drop' ? 'dropped' : 'rejected'} by ${drop.device} (${drop.detail}).`,
          [`${lab.path}.appliance.ip`, ...(where >= 0 ? [`devices[${where}].iptables`] : [])],
        ),
      );
    }
    return out;
  },
};

export const applianceNetworkFinal: LintRule = {
  codes: ['VL-24'],
  title: "reminder: the appliance's production network cannot be changed later",
  needs: 'design',
  run(ctx) {
    const out: Diagnostic[] = [];
    for (const lab of ctx.labs) {
      const vbs = lab.design.backupServer;
      if (ctx.deviceIndex(vbs) < 0 || !lab.applianceIp || onApplianceNetwork(ctx, lab, vbs)) continue;
      out.push(
        diag(
          'VL-24',
          'info',
          `The appliance is placed in production network "${lab.design.appliance.productionNetwork}", not the backup server's; Veeam cannot change this after the lab is created (and labs are redeployed after VBR upgrades).`,
          [`${lab.path}.appliance.productionNetwork`],
        ),
      );
    }
    return out;
  },
};
