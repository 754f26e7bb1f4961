/** The example labs traced, for the explainers' tests. */
import { ipv4, type Ipv4 } from '../addr/ipv4.ts';
import type { Network } from '../model/network.ts';
import type { Hop, Step, TraceResult } from '../sim/steps.ts';
import { trace, type Probe } from '../sim/trace.ts';
import { compileOrThrow } from '../testing/kernel-lab.ts';
import { network, publicLab } from '../vlab/vlab.test-support.ts';

const nets = new Map<string, Network>();

/** A lab of public/labs, compiled once per test file. */
export function labNetwork(name: string): Network {
  let n = nets.get(name);
  if (!n) nets.set(name, (n = network(publicLab(name))));
  return n;
}

/** The trace of a probe, or an exception. */
export function traced(net: Network, probe: Omit<Probe, 'to'> & { to: string }): TraceResult {
  const r = trace(net, { ...probe, to: ipv4(probe.to) });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** The acceptance trace: surebackup-basic, vbs → 192.168.150.36. */
export function seedTrace(): { net: Network; result: TraceResult } {
  const net = labNetwork('surebackup-basic');
  return { net, result: traced(net, { from: 'vbs', to: '192.168.150.36' }) };
}

export interface Located {
  readonly leg: 'request' | 'reply';
  readonly hop: Hop;
  readonly hopIndex: number;
  readonly step: Step;
  readonly index: number;
}

/** Every step of a trace with where it is. */
export function allSteps(result: TraceResult): Located[] {
  const out: Located[] = [];
  for (const leg of ['request', 'reply'] as const) {
    const l = result[leg];
    if (!l) continue;
    l.hops.forEach((hop, hopIndex) =>
      hop.steps.forEach((step, index) => out.push({ leg, hop, hopIndex, step, index })),
    );
  }
  return out;
}

/** The first step on `device` in `leg` that satisfies `pred`. */
export function findStep<K extends Step['kind']>(
  result: TraceResult,
  leg: 'request' | 'reply',
  device: string,
  kind: K,
  pred: (s: Extract<Step, { kind: K }>) => boolean = () => true,
): Located & { step: Extract<Step, { kind: K }> } {
  const hit = allSteps(result).find(
    (l) => l.leg === leg && l.hop.device === device && l.step.kind === kind && pred(l.step as never),
  );
  if (!hit) throw new Error(`no ${kind} step on ${device} in the ${leg}`);
  return hit as Located & { step: Extract<Step, { kind: K }> };
}

/**
 * A small routed lab for the drop and route explainers: h (10.0.0.2) → r → g (10.0.0.3, no forwarding,
 * ignores echo). r has eth0 and eth1 in the same /24 (two connected routes), two routes to 10.9.0.0/16
 * (metric 5 and 20), a default, an unreachable route, a table 5 reached `from 10.0.0.2`, a prohibit
 * rule for 10.7.0.0/16, and filter FORWARD rules that DROP 10.4.0.0/16 and REJECT 10.5.0.0/16.
 */
export function routingLab(): Network {
  let n = nets.get('(routing)');
  if (n) return n;
  n = compileOrThrow({
    schemaVersion: 2,
    name: 'routing',
    segments: [
      { id: 'a', kind: 'link' },
      { id: 'b', kind: 'link' },
    ],
    devices: [
      {
        id: 'h',
        kind: 'host',
        interfaces: [{ name: 'eth0', segment: 'a', addresses: ['10.0.0.2/24'] }],
        routes: [{ to: 'default', via: '10.0.0.1' }],
      },
      {
        id: 'g',
        kind: 'host',
        interfaces: [{ name: 'eth0', segment: 'a', addresses: ['10.0.0.3/24'] }],
        sysctls: { 'net.ipv4.icmp_echo_ignore_all': 1 },
      },
      {
        id: 'r',
        kind: 'router',
        interfaces: [
          { name: 'eth0', segment: 'a', addresses: ['10.0.0.1/24'] },
          { name: 'eth1', segment: 'b', addresses: ['10.0.0.254/24'] },
        ],
        sysctls: { 'net.ipv4.ip_forward': 1 },
        routes: [
          { to: '10.9.0.0/16', via: '10.0.0.3', metric: 20 },
          { to: '10.9.0.0/16', via: '10.0.0.3', metric: 5 },
          { to: 'default', via: '10.0.0.3' },
          { to: '10.8.0.0/16', type: 'unreachable' },
          { to: '10.6.0.0/16', via: '10.0.0.3', table: 5 },
        ],
        rules: [
          { from: '10.0.0.2', table: 5 },
          { to: '10.7.0.0/16', action: 'prohibit' },
        ],
        iptables: { filter: { FORWARD: ['-d 10.4.0.0/16 -j DROP', '-d 10.5.0.0/16 -j REJECT'] } },
      },
    ],
  });
  nets.set('(routing)', n);
  return n;
}

export const PUBLIC_LABS = [
  'surebackup-basic',
  'surebackup-static-mapping',
  'surebackup-multi-network',
  'asymmetric-firewall',
  'dnat-redirect',
  'policy-routing-vrf',
  'snf-routed',
] as const;

/**
 * Every device pinging (and opening TCP port 80 on) every address of every other device and one address
 * (.36 or the last) inside every routed prefix — the masquerade networks of the Veeam labs — traced.
 */
export function sweep(net: Network): TraceResult[] {
  const targets = new Set<number>();
  for (const d of net.devices) {
    for (const f of d.ifaces) if (!f.loopback) for (const a of f.addrs) targets.add(a.local);
    for (const [id, routes] of d.tables)
      if (id !== 255)
        for (const r of routes)
          if (r.len >= 8 && r.len <= 30) targets.add((r.dst + Math.min(36, 2 ** (32 - r.len) - 2)) >>> 0);
  }
  const out: TraceResult[] = [];
  for (const from of net.devices)
    for (const to of targets)
      for (const proto of ['icmp', 'tcp'] as const) {
        const r = trace(net, {
          from: from.id,
          to: to as Ipv4,
          proto,
          ...(proto === 'tcp' ? { dport: 80 } : {}),
        });
        if (r.ok) out.push(r.value);
      }
  return out;
}
