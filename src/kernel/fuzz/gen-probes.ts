/**
 * Random probes for a generated lab: from hosts mostly (routers and the appliance too), ICMP/TCP/UDP,
 * to addresses that exist somewhere in the lab (another device, the sender itself, a NETMAP/DNAT
 * address) and to some that do not (a free address in a lab subnet, an address no route knows); with
 * listening or closed ports, sometimes a mark, a small TTL, or a bound source address.
 */
import type { ProbeSpec } from '../probe.ts';
import { ip, type LabBuilder } from './lab-builder.ts';

const NOWHERE = ['203.0.113.7', '198.51.100.9', '10.99.0.5'];

export function generateProbes(b: LabBuilder): ProbeSpec[] {
  const rng = b.rng;
  const owners = b.devs.flatMap((d) =>
    d.addrs.flatMap((list) => list.map((a) => ({ dev: d, addr: a.address.split('/')[0]! }))),
  );
  const probes: ProbeSpec[] = [];
  const keys = new Set<string>();
  const n = rng.int(4, 6);
  for (let k = 0, tries = 0; probes.length < n && tries < 50; tries++) {
    const hosts = b.devs.filter((d) => d.kind === 'host');
    const from = rng.chance(0.75) && hosts.length ? rng.pick(hosts) : rng.pick(b.devs);
    const others = owners.filter((o) => o.dev !== from);
    const own = owners.filter((o) => o.dev === from);
    const target = rng.weighted<() => { to: string; listen: readonly string[] }>([
      [
        40,
        () => {
          if (!others.length) return none();
          const o = rng.pick(others);
          return { to: o.addr, listen: o.dev.listen };
        },
      ],
      [5, () => (own.length ? { to: rng.pick(own).addr, listen: from.listen } : none())],
      [
        b.mapped.length ? 15 : 0,
        () => ({ to: rng.pick(b.mapped), listen: ['tcp/22', 'tcp/80', 'tcp/443', 'udp/53'] }),
      ],
      [15, () => free()],
      [8, () => none()],
    ])();
    const proto = rng.weighted([
      [4, 'icmp'],
      [3, 'tcp'],
      [3, 'udp'],
    ] as const);
    let dport: number | undefined;
    if (proto !== 'icmp') {
      const open = target.listen.filter((l) => l.startsWith(proto)).map((l) => Number(l.slice(4)));
      dport = open.length && rng.chance(0.6) ? rng.pick(open) : rng.pick([7, 9999, 8080, 22, 53, ...b.ports]);
    }
    const key = `${from.id} ${target.to} ${proto} ${dport}`;
    if (keys.has(key)) continue;
    keys.add(key);
    const mine = own.map((o) => o.addr);
    probes.push({
      from: from.id,
      to: target.to,
      proto,
      sport: proto === 'icmp' ? 4242 + 17 * k : 40000 + 17 * k,
      ...(dport !== undefined ? { dport } : {}),
      ...(mine.length > 1 && rng.chance(0.1) ? { src: rng.pick(mine) } : {}),
      ...(rng.chance(0.15) ? { mark: rng.pick([1, 2, 4, 6, 0x10]) } : {}),
      ...(rng.chance(0.15) ? { ttl: rng.int(1, 3) } : {}),
    });
    k++;
  }
  return probes;

  // helpers (hoisted): a free address in a lab subnet, or one no lab subnet holds
  function free(): { to: string; listen: readonly string[] } {
    const seg = rng.pick(b.segs);
    const h = b.freeHost(seg, rng.int(100, 120));
    return h === null ? none() : { to: ip(seg.net + h), listen: [] };
  }
  function none(): { to: string; listen: readonly string[] } {
    return { to: rng.pick(NOWHERE), listen: [] };
  }
}
