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

// Routes and rules are immutable: their text is computed once, and their views (plain read-only
// data, like every step) are shared by the traces that show them.
const routeTexts = new WeakMap<Route, RouteView>();
type Outcome = RuleVisitView['outcome'];
type RouteStep = Extract<Step, { kind: 'route' }>;
interface RuleViews {
  readonly text: string;
  readonly byOutcome: Partial<Record<Outcome, RuleVisitView>>;
}
const ruleViews = new WeakMap<RpdbRule, RuleViews>();
function ruleVisitView(r: RpdbRule, outcome: Outcome): RuleVisitView {
  let c = ruleViews.get(r);
  if (c === undefined) ruleViews.set(r, (c = { text: formatRuleLine(r), byOutcome: {} }));
  return (c.byOutcome[outcome] ??= { pref: r.pref, text: c.text, outcome });
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

/** What a route step shows of a lookup's flow. */
export type StepFlow = Pick<Flow, 'dst' | 'src' | 'iif' | 'oif' | 'mark'>;

function flowView(dev: Device, fl: StepFlow): FlowView {
  return {
    dst: fl.dst,
    src: fl.src,
    iif: dev.ifByIndex.get(fl.iif)?.name ?? 'lo',
    oif: fl.oif ? (dev.ifByIndex.get(fl.oif)?.name ?? null) : null,
    mark: fl.mark,
  };
}

const NO_VISITS: FibLookup['visits'] = [];

export function routeStep(
  dev: Device,
  purpose: RoutePurpose,
  fl: StepFlow,
  lookup: FibLookup | null,
  result: string,
  extra: { src?: Ipv4; nexthop?: Ipv4; route?: Route | null } = {},
): Step {
  const visits = lookup?.visits ?? NO_VISITS;
  const rules = new Array<RuleVisitView>(visits.length);
  for (let i = 0; i < visits.length; i++) rules[i] = ruleVisitView(visits[i]!.rule, visits[i]!.outcome);
  const route = extra.route !== undefined ? extra.route : lookup?.ok ? lookup.route : (lookup?.route ?? null);
  const step: { -readonly [K in keyof RouteStep]: RouteStep[K] } = {
    kind: 'route',
    purpose,
    flow: flowView(dev, fl),
    rules,
    route: route ? routeView(route) : null,
    result,
  };
  if (extra.src !== undefined) step.src = extra.src;
  if (extra.nexthop !== undefined) step.nexthop = extra.nexthop;
  return step;
}
