/**
 * The probes `natlab verify` runs when none are given: every host to every address it can name — every
 * address configured anywhere in the lab (outside 127/8), plus the addresses NAT makes up (the masquerade addresses a
 * PREROUTING NETMAP maps onto configured addresses, and DNAT `-d` addresses) — in both directions.
 */
import { formatIpv4, inPrefix, parseIpv4, type Ipv4 } from '../engine/addr/ipv4.ts';
import { netmapAddress } from '../engine/conntrack/netmap.ts';
import type { Network } from '../engine/model/network.ts';

export interface ProbeSpec {
  readonly from: string;
  readonly to: string;
  readonly proto: 'icmp' | 'tcp' | 'udp';
  readonly port?: number;
}

/** `FROM TO [proto] [port]`, as given with `--probe`. */
export function parseProbeSpec(text: string): ProbeSpec | string {
  const w = text.trim().split(/\s+/);
  if (w.length < 2 || w.length > 4) return `--probe "${text}": expected "FROM TO [icmp|tcp|udp] [port]"`;
  const [from, to, p = 'icmp', port] = w as [string, string, string?, string?];
  const addr = parseIpv4(to);
  if (!addr.ok) return `--probe "${text}": ${addr.error}`;
  if (p !== 'icmp' && p !== 'tcp' && p !== 'udp')
    return `--probe "${text}": protocol must be icmp, tcp or udp`;
  if (
    p !== 'icmp' &&
    (port === undefined || !/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535)
  )
    return `--probe "${text}": ${p} needs a port 1..65535`;
  return { from, to, proto: p, ...(port !== undefined ? { port: Number(port) } : {}) };
}

/** 127.0.0.0/8: every device has it; nobody else can reach it. */
const isLoopbackNet = (a: number) => a >>> 24 === 127;

/** Every address a host could name in this lab (service addresses on `lo` included, 127/8 not). */
export function nameableAddresses(net: Network): Ipv4[] {
  const configured: Ipv4[] = [];
  for (const d of net.devices)
    for (const i of d.ifaces) for (const a of i.addrs) if (!isLoopbackNet(a.local)) configured.push(a.local);
  const out = new Set<number>(configured);
  for (const d of net.devices) {
    for (const r of d.ruleset.get('nat')?.chains.get('PREROUTING')?.rules ?? []) {
      const t = r.target;
      if (t.kind === 'NETMAP' && r.dst && !r.dst.invert) {
        // masquerade addresses: the -d prefix's address for each configured host address inside --to
        for (const a of configured)
          if (inPrefix(a, t.to) && r.dst.len === t.to.len) out.add(netmapAddress(a, r.dst));
      }
      if (t.kind === 'DNAT' && r.dst && !r.dst.invert && r.dst.len === 32) out.add(r.dst.addr);
    }
  }
  return [...out].filter((a) => a !== 0).map((a) => a as Ipv4);
}

export function defaultProbes(net: Network): ProbeSpec[] {
  const addrs = nameableAddresses(net);
  const probes: ProbeSpec[] = [];
  for (const d of net.devices) {
    if (d.kind !== 'host') continue;
    const own = new Set(d.ifaces.flatMap((i) => i.addrs.map((a) => a.local as number)));
    for (const a of addrs) if (!own.has(a)) probes.push({ from: d.id, to: formatIpv4(a), proto: 'icmp' });
    for (const other of net.devices)
      if (other !== d)
        for (const s of other.services)
          for (const i of other.ifaces)
            for (const a of i.addrs.filter((x) => !isLoopbackNet(x.local)))
              probes.push({ from: d.id, to: formatIpv4(a.local), proto: s.proto, port: s.port });
  }
  return probes;
}
