/** Turning routing results into trace steps (plain data with the text ip(8) would print). */
import { formatIpv4, type Ipv4 } from '../addr/ipv4.ts';
import type { Device } from '../model/device.ts';
import { tableName, type Route } from '../model/route.ts';
import type { RpdbRule } from '../model/rpdb.ts';
import type { Flow } from '../routing/flow.ts';
import type { FibLookup } from '../routing/rpdb.ts';
import type { FlowView, RoutePurpose, RouteView, RuleVisitView, Step } from './steps.ts';

const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;

/** One RPDB rule as `ip rule show` prints it after `PREF:\t`. */
export function ruleText(r: RpdbRule): string {
  const parts: string[] = [];
  if (r.not) parts.push('not');
  parts.push(
    r.from ? `from ${formatIpv4(r.from.addr)}${r.from.len === 32 ? '' : `/${r.from.len}`}` : 'from all',
  );
  if (r.to) parts.push(`to ${formatIpv4(r.to.addr)}${r.to.len === 32 ? '' : `/${r.to.len}`}`);
  if (r.fwmark && r.fwmark.mask !== 0)
    parts.push(
      r.fwmark.mask === 0xffffffff
        ? `fwmark ${hex(r.fwmark.value)}`
        : `fwmark ${hex(r.fwmark.value)}/${hex(r.fwmark.mask)}`,
    );
  if (r.iif) parts.push(`iif ${r.iif}`);
  if (r.oif) parts.push(`oif ${r.oif}`);
  if (r.ipproto !== undefined) parts.push(`ipproto ${r.ipproto}`);
  if (r.sport)
    parts.push(`sport ${r.sport.min === r.sport.max ? r.sport.min : `${r.sport.min}-${r.sport.max}`}`);
  if (r.dport)
    parts.push(`dport ${r.dport.min === r.dport.max ? r.dport.min : `${r.dport.min}-${r.dport.max}`}`);
  if (r.action === 'lookup') parts.push(`lookup ${tableName(r.table ?? 254)}`);
  else if (r.action === 'goto') parts.push(`goto ${r.goto}`);
  else parts.push(r.action);
  if (r.suppressPrefixlength !== undefined) parts.push(`suppress_prefixlength ${r.suppressPrefixlength}`);
  return parts.join(' ');
}

/** One route as `ip route show table T` prints it (without the trailing space). */
export function routeText(r: Route): string {
  const parts: string[] = [];
  if (r.type !== 'unicast') parts.push(r.type);
  parts.push(r.len === 0 ? 'default' : r.len === 32 ? formatIpv4(r.dst) : `${formatIpv4(r.dst)}/${r.len}`);
  if (r.gateway !== undefined) parts.push(`via ${formatIpv4(r.gateway)}`);
  if (r.dev) parts.push(`dev ${r.dev}`);
  if (r.proto !== 'boot') parts.push(`proto ${r.proto}`);
  if (r.scope !== 'global') parts.push(`scope ${r.scope}`);
  if (r.prefsrc !== undefined) parts.push(`src ${formatIpv4(r.prefsrc)}`);
  if (r.metric) parts.push(`metric ${r.metric}`);
  if (r.onlink) parts.push('onlink');
  return parts.join(' ');
}

export function routeView(r: Route): RouteView {
  return {
    type: r.type,
    table: r.table,
    text: routeText(r),
    ...(r.dev !== undefined ? { dev: r.dev } : {}),
    ...(r.gateway !== undefined ? { gateway: r.gateway } : {}),
  };
}

function flowView(dev: Device, fl: Pick<Flow, 'dst' | 'src' | 'iif' | 'oif' | 'mark'>): FlowView {
  return {
    dst: fl.dst,
    src: fl.src,
    iif: dev.ifByIndex.get(fl.iif)?.name ?? 'lo',
    oif: fl.oif ? (dev.ifByIndex.get(fl.oif)?.name ?? null) : null,
    mark: fl.mark,
  };
}

export function routeStep(
  dev: Device,
  purpose: RoutePurpose,
  fl: Pick<Flow, 'dst' | 'src' | 'iif' | 'oif' | 'mark'>,
  lookup: FibLookup | null,
  result: string,
  extra: { src?: Ipv4; nexthop?: Ipv4; route?: Route | null } = {},
): Step {
  const rules: RuleVisitView[] = (lookup?.visits ?? []).map((v) => ({
    pref: v.rule.pref,
    text: ruleText(v.rule),
    outcome: v.outcome,
  }));
  const route = extra.route !== undefined ? extra.route : lookup?.ok ? lookup.route : (lookup?.route ?? null);
  return {
    kind: 'route',
    purpose,
    flow: flowView(dev, fl),
    rules,
    route: route ? routeView(route) : null,
    result,
    ...(extra.src !== undefined ? { src: extra.src } : {}),
    ...(extra.nexthop !== undefined ? { nexthop: extra.nexthop } : {}),
  };
}
