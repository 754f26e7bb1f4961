/** The sentence for a route step: which RPDB rule sent the lookup to which table, and which route won. */
import { formatIpv4 } from '../addr/ipv4.ts';
import type { Device } from '../model/device.ts';
import { tableName } from '../model/route.ts';
import { fwmarkMatches } from '../netfilter/mark.ts';
import type { FibErrno } from '../routing/fib.ts';
import { ERRNO_TEXT } from '../sim/stack.ts';
import type { Hop, RuleVisitView } from '../sim/steps.ts';
import { hex, shortRoute } from './phrases.ts';
import { fwmarkClause, rpdbRuleOfVisit, visitFwmark, visitHasSelector, visitTable } from './rpdb-visit.ts';
import type { RouteStep } from './step-context.ts';

interface RouteCtx {
  readonly hop: Hop;
  readonly device: Device | undefined;
}

function lead(s: RouteStep, dev: string): string {
  const f = s.flow;
  const dst = formatIpv4(f.dst);
  const mark = f.mark ? `, mark ${hex(f.mark)}` : '';
  switch (s.purpose) {
    case 'input':
      return `${dev} looks up the route to ${dst} (from ${formatIpv4(f.src)}, in ${f.iif}${mark})`;
    case 'output':
      return `${dev} looks up the route for its packet to ${dst}${f.src ? ` from ${formatIpv4(f.src)}` : ''}${f.oif ? ` out ${f.oif}` : ''}${mark}`;
    case 'connect':
      return `To pick a source address, connect() on ${dev} looks up ${dst}`;
    case 'reroute':
      return `The mark or an address changed in OUTPUT, so ${dev} looks up the route to ${dst} again`;
    case 'rp_filter':
      return `The reverse-path check on ${dev} looks up the way back to ${dst} (as if arriving on ${f.iif}${f.oif ? `, out ${f.oif}` : ''}${mark})`;
  }
}

const isErrno = (r: string): r is FibErrno => r in ERRNO_TEXT;

function tableClause(s: RouteStep, hit: RuleVisitView, ctx: RouteCtx): string {
  const rule = rpdbRuleOfVisit(hit, ctx.device);
  const table = visitTable(hit, rule) ?? (s.route ? tableName(s.route.table) : '?');
  const fw = visitFwmark(hit, rule);
  if (fw) {
    const m = fwmarkMatches(s.flow.mark, fw.value, fw.mask);
    return `the RPDB sends the packet to table ${table} (${fwmarkClause(s.flow.mark, fw, m)})`;
  }
  if (visitHasSelector(hit)) return `RPDB rule ${hit.pref} (${hit.text}) sends the lookup to table ${table}`;
  if (s.route?.type === 'local')
    return `table local says ${formatIpv4(s.flow.dst)} is ${ctx.hop.device}'s own address`;
  return `the RPDB finds it in table ${table}`;
}

function missClause(s: RouteStep, ctx: RouteCtx): string {
  const missed = s.rules
    .filter(
      (v) => (v.outcome === 'miss' || v.outcome === 'throw' || v.outcome === 'suppressed') && v.pref !== 0,
    )
    .map((v) => visitTable(v, rpdbRuleOfVisit(v, ctx.device)))
    .filter((t): t is string => t !== undefined);
  if (!missed.length) return '';
  return ` after table ${missed.join(', then table ')} had no route for it`;
}

function resultClause(s: RouteStep): string {
  switch (s.result) {
    case 'local':
      return ': the packet is for this machine';
    case 'forward': {
      const via =
        s.nexthop !== undefined && s.nexthop !== s.flow.dst ? ` to the gateway ${formatIpv4(s.nexthop)}` : '';
      return `: the packet is forwarded${via}${s.route?.dev ? ` out of ${s.route.dev}` : ''}`;
    }
    case 'output':
      return `: it leaves by ${s.route?.dev ?? '?'}${s.src !== undefined ? ` with source ${formatIpv4(s.src)}` : ''}`;
    case 'ok':
      return ': a way back exists';
    case 'broadcast':
      return ': it is a broadcast, which natlab does not model';
    case 'martian':
      return ', but the packet is a martian';
    default:
      return ` (${s.result})`;
  }
}

export function narrateRoute(s: RouteStep, ctx: RouteCtx): string {
  const head = lead(s, ctx.hop.device);
  const decisive = [...s.rules].reverse().find((v) => v.outcome === 'hit' || v.outcome === 'error');
  const errno = isErrno(s.result) ? s.result : null;
  if (errno) {
    const why = `${ERRNO_TEXT[errno]} (${errno})`;
    if (decisive && /\b(unreachable|prohibit|blackhole)$/.test(decisive.text))
      return `${head}: RPDB rule ${decisive.pref} (${decisive.text}) refuses it: ${why}.`;
    const fwdOff = s.purpose === 'input' && errno === 'EHOSTUNREACH';
    if (s.route && (s.route.type === 'unicast' || s.route.type === 'local'))
      return `${head}: the route ${shortRoute(s.route.text)} exists${fwdOff ? `, but forwarding is off on ${s.flow.iif}` : ''}: ${why}.`;
    if (s.route)
      return `${head}: the route ${shortRoute(s.route.text)} in table ${tableName(s.route.table)} answers ${why}.`;
    return `${head}: no table the RPDB tried has a route for it${fwdOff ? `, and forwarding is off on ${s.flow.iif}` : ''}: ${why}.`;
  }
  if (!decisive || !s.route) return `${head}${resultClause(s)}.`;
  const table = tableClause(s, decisive, ctx);
  const winner = s.route.type === 'local' ? '' : `; the route ${shortRoute(s.route.text)} wins`;
  return `${head}: ${table}${missClause(s, ctx)}${winner}${resultClause(s)}.`;
}
