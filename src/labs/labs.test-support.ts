/**
 * Helpers for the example-lab tests: load a lab from public/labs, run the engine's trace and read the
 * steps the seeds talk about (which rule and table routed a packet, which NAT happened, who answered
 * ARP, where and why a packet died), and run `natlab exec` commands against a device.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { formatIpv4 } from '../engine/addr/ipv4.ts';
import type { LabDocument } from '../engine/lab/format.ts';
import type { Network } from '../engine/model/network.ts';
import type { Packet } from '../engine/model/packet.ts';
import { routeGet } from '../engine/routing/route-get.ts';
import type { Leg, RoutePurpose, Seen, Step } from '../engine/sim/steps.ts';
import { execCommand } from '../engine/tools/exec.ts';
import { loadLab, loadLabValue } from '../lab/load.ts';

export { run } from '../engine/testing/probe.ts';

const labsDir = new URL('../../public/labs/', import.meta.url);

/** The lab document of `public/labs/NAME.lab.json`, as JSON (for variants of it). */
export function readLabDoc(name: string): LabDocument {
  return JSON.parse(readFileSync(new URL(`${name}.lab.json`, labsDir), 'utf8')) as LabDocument;
}

/** Loads `public/labs/NAME.lab.json` with the app's loader; it must load without errors or warnings. */
export function loadPublicLab(name: string): Network {
  const r = loadLab(readFileSync(new URL(`${name}.lab.json`, labsDir), 'utf8'));
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  expect(r.warnings).toEqual([]);
  return r.network;
}

/** Compiles a (modified) lab document. */
export function loadDoc(doc: LabDocument): Network {
  const r = loadLabValue(doc);
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return r.network;
}

/** `natlab exec LAB DEVICE -- CMD…`: what the real tool prints (stdout; stderr appended if any). */
export function exec(net: Network, device: string, cmd: string): string {
  const r = execCommand(net, device, cmd.split(' '), { routeGet });
  return r.stdout + r.stderr;
}

/** `src > dst` (with `:port` for TCP/UDP), as tcpdump prints the packet. */
export function addrs(p: Seen | Packet | null | undefined): string | null {
  if (!p) return null;
  const port = (n: number | undefined) => (p.proto === 6 || p.proto === 17 ? `:${n}` : '');
  return `${formatIpv4(p.src)}${port(p.sport)} > ${formatIpv4(p.dst)}${port(p.dport)}`;
}

/** The devices a leg went through, in order (a device visited twice appears twice). */
export const path = (leg: Leg | null): string[] => leg?.hops.map((h) => h.device) ?? [];

/** Every step of one kind at a device on a leg (all its visits). */
export function steps<K extends Step['kind']>(
  leg: Leg | null,
  device: string,
  kind: K,
): Extract<Step, { kind: K }>[] {
  return (leg?.hops ?? [])
    .filter((h) => h.device === device)
    .flatMap((h) => h.steps)
    .filter((s): s is Extract<Step, { kind: K }> => s.kind === kind);
}

/**
 * A routing decision at a device, in one line: `[rule 32764] table 222: 192.0.2.0/24 dev eth1 => forward`
 * (the RPDB rule that hit, the table, the route as `ip route show` prints it, the result).
 */
export function routeAt(leg: Leg | null, device: string, purpose: RoutePurpose = 'input', nth = 0): string {
  const r = steps(leg, device, 'route').filter((s) => s.purpose === purpose)[nth];
  if (!r) return `(no ${purpose} route step at ${device})`;
  const hit = r.rules.find((x) => x.outcome === 'hit');
  const table = r.route
    ? r.route.table === 254
      ? 'main'
      : r.route.table === 255
        ? 'local'
        : r.route.table
    : '-';
  const route = r.route ? r.route.text.replace(/ proto kernel| scope \w+| src [\d.]+/g, '') : 'none';
  return `[rule ${hit?.pref ?? '-'}] table ${table}: ${route} => ${r.result}`;
}

/** The RPDB rules a lookup tried, as `pref:outcome`. */
export function rulesTried(leg: Leg | null, device: string, purpose: RoutePurpose = 'input'): string[] {
  const r = steps(leg, device, 'route').find((s) => s.purpose === purpose);
  return r ? r.rules.map((x) => `${x.pref}:${x.outcome}`) : [];
}

/** NAT rewrites at a device: `DNAT 202.44.98.174 → 202.125.41.97 (prerouting, rule)`. */
export function natAt(leg: Leg | null, device: string): string[] {
  return steps(leg, device, 'nat').map((n) => {
    const [a, b] =
      n.manip === 'DNAT'
        ? [n.before.dst, n.after.dst].map(formatIpv4)
        : [n.before.src, n.after.src].map(formatIpv4);
    return `${n.manip} ${a} → ${b} (${n.hook}, ${n.cause})`;
  });
}

/** ARP resolutions at a device: `eth1 192.0.2.11 → node2 eth1 (proxy_arp)`, or `… failed`. */
export function arpAt(leg: Leg | null, device: string): string[] {
  return steps(leg, device, 'neighbour').map((n) =>
    n.result === 'failed'
      ? `${n.iface} ${formatIpv4(n.nexthop)} failed`
      : n.answeredBy
        ? `${n.iface} ${formatIpv4(n.nexthop)} → ${n.answeredBy.device} ${n.answeredBy.iface} (${n.answeredBy.why})`
        : `${n.iface} ${formatIpv4(n.nexthop)} cached`,
  );
}

/** Conntrack at a device: `prerouting NEW ORIGINAL`, `prerouting INVALID`. */
export function ctAt(leg: Leg | null, device: string): string[] {
  return steps(leg, device, 'conntrack').map((c) => `${c.hook} ${c.state}${c.dir ? ` ${c.dir}` : ''}`);
}

/** The iptables rules that matched at a device: `filter FORWARD 1 => drop`. */
export function rulesHit(leg: Leg | null, device: string): string[] {
  return steps(leg, device, 'rule').map((r) => `${r.table} ${r.chain} ${r.index} => ${r.verdict}`);
}
