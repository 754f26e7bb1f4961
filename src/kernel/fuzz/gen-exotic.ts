/**
 * Less common kernel features, each in a few labs: untracked packets (raw `CT --notrack` / `NOTRACK`
 * beside NAT, `--ctstate UNTRACKED`), `-m iprange`, negated addresses, `-m comment`, `LOG`, DNAT in a
 * host's nat OUTPUT, source-based policy routing on hosts with two interfaces, `ip_default_ttl`,
 * `accept_local`, `route_localnet`.
 */
import { ip, type Dev, type LabBuilder } from './lab-builder.ts';

function hostAddresses(b: LabBuilder, not?: Dev): number[] {
  return b.devs
    .filter((d) => d.kind === 'host' && d !== not)
    .flatMap((d) => d.ports.flatMap((p) => (p.addr === null ? [] : [p.addr])));
}

function routerExtras(b: LabBuilder, r: Dev): void {
  const rng = b.rng;
  const hosts = hostAddresses(b);
  if (rng.chance(0.1))
    b.chain(r, 'raw', 'PREROUTING').push(
      rng.pick([
        '-p icmp -j CT --notrack',
        '-p udp -j NOTRACK',
        `-i ${rng.pick(r.ports).name} -j CT --notrack`,
      ]),
    );
  if (rng.chance(0.05)) b.chain(r, 'filter', 'FORWARD').push('-m conntrack --ctstate UNTRACKED -j DROP');
  if (rng.chance(0.08) && hosts.length) {
    const h = rng.pick(hosts);
    b.chain(r, 'filter', 'FORWARD').push(`-m iprange --src-range ${ip(h)}-${ip(h + 3)} -p udp -j DROP`);
  }
  if (rng.chance(0.06) && hosts.length)
    b.chain(r, 'filter', 'FORWARD').push(`! -s ${ip(rng.pick(hosts))}/32 -p tcp --dport 443 -j REJECT`);
  if (rng.chance(0.06))
    b.chain(r, 'filter', 'INPUT').push(
      '-p icmp -m comment --comment "natlab fuzz" -j LOG --log-prefix "natlab "',
    );
  if (rng.chance(0.04)) r.sysctls['net.ipv4.ip_default_ttl'] = rng.pick([2, 32, 255]);
  if (rng.chance(0.04)) r.sysctls['net.ipv4.conf.all.accept_local'] = 1;
  if (rng.chance(0.03)) r.sysctls['net.ipv4.conf.all.route_localnet'] = 1;
}

function hostExtras(b: LabBuilder, h: Dev, n: number): void {
  const rng = b.rng;
  const others = hostAddresses(b, h);
  if (rng.chance(0.05) && others.length) {
    // DNAT of a locally generated packet: routed first by the original destination, then re-routed
    b.chain(h, 'nat', 'OUTPUT').push(`-d 10.250.0.${n}/32 -j DNAT --to-destination ${ip(rng.pick(others))}`);
    b.mapped.push(`10.250.0.${n}`);
  }
  const second = h.ports[1];
  if (second?.addr != null && rng.chance(0.5)) {
    // answer from the second address through a router on the second segment
    const gws = b.on(second.seg).filter((x) => x.dev.kind !== 'host' && x.port.addr !== null);
    if (gws.length) {
      h.rules.push({ from: `${ip(second.addr)}/32`, table: 10 });
      b.route(h, { to: 'default', via: ip(rng.pick(gws).port.addr!), table: 10 });
    }
  }
  if (rng.chance(0.03)) h.sysctls['net.ipv4.ip_default_ttl'] = rng.pick([1, 2, 32]);
}

export function addExotic(b: LabBuilder, routers: readonly Dev[]): void {
  for (const r of routers) routerExtras(b, r);
  b.devs.filter((d) => d.kind === 'host').forEach((h, i) => hostExtras(b, h, i + 1));
}
