/** Turning routing results into trace steps (plain data with the text ip(8) would print). */
import type { Ipv4 } from '../addr/ipv4.ts';
import type { Device } from '../model/device.ts';
import type { Route } from '../model/route.ts';
import type { RpdbRule } from '../model/rpdb.ts';
import { formatRouteLine } from '../tools/ip-route-show.ts';
import { formatRuleLine } from '../tools/ip-rule-show.ts';
import type { Flow } from '../routing/flow.ts';
import type { FibLookup } from '../routing/rpdb.ts';
import type { FlowView, RoutePurpose, RouteView, RuleVisitView, Step } from './steps.ts';

// Routes and rules are immutable: their text is computed once.
const routeTexts = new WeakMap<Route, RouteView>();
const ruleTexts = new WeakMap<RpdbRule, string>();
function ruleTextOf(r: RpdbRule): string {
  let t = ruleTexts.get(r);
  if (t === undefined) ruleTexts.set(r, (t = formatRuleLine(r)));
  return t;
}

export function routeView(r: Route): RouteView {
  const cached = routeTexts.get(r);
  if (cached) return cached;
  const v = makeRouteView(r);
  routeTexts.set(r, v);
  return v;
}

function makeRouteView(r: Route): RouteView {
  return {
    type: r.type,
    table: r.table,
    text: formatRouteLine(r),
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
    text: ruleTextOf(v.rule),
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
