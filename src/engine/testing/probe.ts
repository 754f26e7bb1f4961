/** Small helpers for engine tests: run a trace, read its steps. */
import { formatIpv4, ipv4 } from '../addr/ipv4.ts';
import type { Network } from '../model/network.ts';
import { routeGet } from '../routing/route-get.ts';
import type { SimState } from '../sim/state.ts';
import type { Hop, Leg, Step, TraceResult } from '../sim/steps.ts';
import { trace, type Probe } from '../sim/trace.ts';

export function run(
  net: Network,
  from: string,
  to: string,
  extra: Omit<Partial<Probe>, 'to' | 'src'> & { src?: string } = {},
  state?: SimState,
): TraceResult {
  const { src, ...rest } = extra;
  const r = trace(
    net,
    { from, to: ipv4(to), ...rest, ...(src ? { src: ipv4(src) } : {}) },
    state ? { state } : {},
  );
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

export const seenText = (l: Leg | null): string | null =>
  l?.seen ? `${formatIpv4(l.seen.src)} > ${formatIpv4(l.seen.dst)}` : null;

export function stepsOf<K extends Step['kind']>(hop: Hop | undefined, kind: K): Extract<Step, { kind: K }>[] {
  return (hop?.steps ?? []).filter((s): s is Extract<Step, { kind: K }> => s.kind === kind);
}

export const hopAt = (leg: Leg | null, device: string, nth = 0): Hop | undefined =>
  leg?.hops.filter((h) => h.device === device)[nth];

/** `ip route get` on a device, as one line: `dev eth1 table 2 src 192.168.149.2` or the errno. */
export function get(
  net: Network,
  device: string,
  dst: string,
  o: { from?: string; iif?: string; oif?: string; mark?: number } = {},
): string {
  const d = net.byId.get(device)!;
  const r = routeGet(d, {
    dst: ipv4(dst),
    ...(o.from ? { from: ipv4(o.from) } : {}),
    ...(o.iif ? { iif: o.iif } : {}),
    ...(o.oif ? { oif: o.oif } : {}),
    ...(o.mark !== undefined ? { mark: o.mark } : {}),
  });
  if (r.kind === 'error') return r.errno;
  const parts = [r.type === 'local' ? 'local' : '', `dev ${r.dev}`];
  if (r.table !== undefined && r.table !== 254 && r.type !== 'local') parts.push(`table ${r.table}`);
  if (r.gateway !== undefined) parts.push(`via ${formatIpv4(r.gateway)}`);
  if (r.src !== undefined && !o.iif) parts.push(`src ${formatIpv4(r.src)}`);
  return parts.filter(Boolean).join(' ');
}
