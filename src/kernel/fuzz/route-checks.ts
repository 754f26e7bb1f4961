/**
 * `ip route get` as a comparison: the questions a trace raises (each device's input lookups, each leg's
 * output lookup), the engine's answers (src/engine/tools/ip-route-get.ts, checked against the route the
 * trace took), and the kernel's and the engine's printed answers reduced to what is compared.
 */
import { formatIpv4, ipv4 } from '../../engine/addr/ipv4.ts';
import type { Network } from '../../engine/model/network.ts';
import { routeGet } from '../../engine/routing/route-get.ts';
import type { RouteView, TraceResult } from '../../engine/sim/steps.ts';
import { formatRouteGet, ROUTE_GET_ERRORS, type RouteGetRequest } from '../../engine/tools/ip-route-get.ts';
import type { RouteQuery } from '../probe.ts';

const addr = (a: number) => formatIpv4(a);

export interface RouteCheck {
  readonly query: RouteQuery;
  /** `ip route get`'s answer, normalised: `unicast dev eth1 via 10.0.0.1 table 2 src 10.0.0.2`, `error EACCES`. */
  readonly answer: string;
}

const ROUTE_TYPES = new Set([
  'local',
  'broadcast',
  'multicast',
  'unreachable',
  'prohibit',
  'blackhole',
  'throw',
]);
const ERRNO_OF_TEXT = new Map(Object.entries(ROUTE_GET_ERRORS).map(([k, v]) => [v as string, k]));

/** The parts of an `ip route get` answer that are compared: route type, device, gateway, table, source. */
export function routeSummary(stdout: string, stderr: string): string {
  const e = /RTNETLINK answers: (.+)/.exec(stderr);
  if (e) return `error ${ERRNO_OF_TEXT.get(e[1]!.trim()) ?? e[1]!.trim()}`;
  const tok = (stdout.split('\n')[0] ?? '').trim().split(/\s+/);
  if (!tok[0]) return `no answer: ${stderr.trim()}`;
  const get = (k: string) => {
    const i = tok.indexOf(k);
    return i >= 0 ? tok[i + 1] : undefined;
  };
  const via = get('via');
  const src = get('src');
  return [
    ROUTE_TYPES.has(tok[0]) ? tok[0] : 'unicast',
    `dev ${get('dev')}`,
    ...(via ? [`via ${via}`] : []),
    `table ${get('table') ?? 'main'}`,
    ...(src ? [`src ${src}`] : []),
  ].join(' ');
}

function routeGetRequest(q: RouteQuery): RouteGetRequest {
  return {
    dst: ipv4(q.dst),
    ...(q.from !== undefined && q.from !== '0.0.0.0' ? { from: ipv4(q.from) } : {}),
    ...(q.iif !== undefined ? { iif: q.iif } : {}),
    ...(q.mark ? { mark: q.mark } : {}),
  };
}

/** What the engine's `ip route get` prints for the question (src/engine/tools/ip-route-get.ts). */
export function engineRouteGet(net: Network, q: RouteQuery): { stdout: string; stderr: string } {
  const device = net.byId.get(q.device);
  if (!device) return { stdout: '', stderr: `no device ${q.device}` };
  const req = routeGetRequest(q);
  const out = formatRouteGet(device, req, routeGet(device, req));
  return { stdout: out.stdout, stderr: out.stderr };
}

export function engineRouteChecks(net: Network, queries: readonly RouteQuery[]): RouteCheck[] {
  return queries.map((query) => {
    const r = engineRouteGet(net, query);
    return { query, answer: routeSummary(r.stdout, r.stderr) };
  });
}

/** The questions worth asking: each device's input lookups, and the output lookups of each leg's sender. */
export function routeQueries(t: TraceResult): { queries: RouteQuery[]; steps: Map<string, RouteView> } {
  const out = new Map<string, RouteQuery>();
  const steps = new Map<string, RouteView>();
  for (const leg of [t.request, t.reply])
    for (const hop of leg?.hops ?? [])
      for (const s of hop.steps) {
        if (s.kind !== 'route') continue;
        const mark = s.flow.mark ? { mark: s.flow.mark } : {};
        let q: RouteQuery | null = null;
        if (s.purpose === 'input' && s.flow.iif !== 'lo')
          q = { device: hop.device, dst: addr(s.flow.dst), from: addr(s.flow.src), iif: s.flow.iif, ...mark };
        else if (s.purpose === 'output')
          q = {
            device: hop.device,
            dst: addr(s.flow.dst),
            ...(s.flow.src ? { from: addr(s.flow.src) } : {}),
            ...mark,
          };
        if (!q) continue;
        const key = JSON.stringify(q);
        out.set(key, q);
        if (s.route && !/^E[A-Z]+$/.test(s.result) && !steps.has(key)) steps.set(key, s.route);
      }
  return { queries: [...out.values()], steps };
}

/**
 * The engine's `ip route get` answers, checked against the route its trace took for the same question:
 * if the trace used another table or device than `ip route get` reports, the answer says so (and can then
 * only disagree with the kernel).
 */
export function checkedRouteChecks(
  net: Network,
  queries: readonly RouteQuery[],
  steps: Map<string, RouteView>,
): RouteCheck[] {
  return engineRouteChecks(net, queries).map((c) => {
    const step = steps.get(JSON.stringify(c.query));
    const r = routeGet(net.byId.get(c.query.device)!, routeGetRequest(c.query));
    if (!step || r.kind !== 'ok' || r.type !== 'unicast') return c;
    const same = step.table === r.table && step.dev === r.dev;
    return same ? c : { ...c, answer: `${c.answer} [the trace took table ${step.table} dev ${step.dev}]` };
  });
}
