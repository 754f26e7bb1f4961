/**
 * Random kernel features on the generated routers (and a few on hosts): policy routing with numbered
 * tables and fwmark masks, route types, filter rules (conntrack state matches, REJECT variants, DROP
 * policies, user chains), NAT (MASQUERADE, SNAT, DNAT, NETMAP both ways), MARK/CONNMARK, and sysctls
 * (rp_filter 0/1/2, src_valid_mark, proxy_arp, arp_ignore, ICMP error source, redirects).
 */
import { ipv4 } from '../../engine/addr/ipv4.ts';
import type { RuleDoc } from '../../engine/lab/format.ts';
import { range } from './gen-addresses.ts';
import { addExotic } from './gen-exotic.ts';
import { cidrText, ip, type Dev, type LabBuilder, type Port } from './lab-builder.ts';

const REJECTS = [
  'icmp-net-unreachable',
  'icmp-host-unreachable',
  'icmp-port-unreachable',
  'icmp-proto-unreachable',
  'icmp-net-prohibited',
  'icmp-host-prohibited',
  'icmp-admin-prohibited',
];
const PORTS = [22, 53, 80, 123, 443];
const MARKS = ['0x1', '0x2', '0x4', '0x6'];
const MASKS = ['0x1', '0x2', '0x4', '0x6', '0xff'];

function prefixes(b: LabBuilder): string[] {
  return [...new Set(b.segs.map((s) => cidrText(s.net, s.len)))];
}

function hostAddrs(b: LabBuilder): string[] {
  return b.devs
    .filter((d) => d.kind === 'host')
    .flatMap((d) => d.ports.flatMap((p) => (p.addr === null ? [] : [ip(p.addr)])));
}

const addressed = (d: Dev): Port[] => d.ports.filter((p) => p.addr !== null);

/** Neighbour routers' addresses on the router's segments. */
function neighbours(b: LabBuilder, r: Dev): { via: string; dev: string }[] {
  return r.ports.flatMap((p) =>
    b
      .on(p.seg)
      .filter((x) => x.dev !== r && x.dev.kind !== 'host' && x.port.addr !== null)
      .map((x) => ({ via: ip(x.port.addr!), dev: p.name })),
  );
}

function policyRouting(b: LabBuilder, r: Dev): void {
  const rng = b.rng;
  const table = rng.pick([2, 7, 100, 200]);
  const nbrs = neighbours(b, r);
  for (let k = rng.int(1, 2); k > 0; k--) {
    const to = rng.chance(0.3) ? 'default' : rng.pick(prefixes(b));
    const kind = rng.weighted([
      [4, 'via'],
      [1, 'unreachable'],
      [1, 'prohibit'],
      [1, 'blackhole'],
      [1, 'throw'],
    ] as const);
    if (kind === 'via' && nbrs.length) b.route(r, { to, ...rng.pick(nbrs), table });
    else if (kind !== 'via') b.route(r, { to, type: kind, table });
  }
  for (let k = rng.int(1, 2); k > 0; k--) {
    const action = rng.weighted<RuleDoc>([
      [6, { table }],
      [1, { action: 'nop' }],
      [1, { action: 'goto', goto: 32766 }],
      [1, { action: 'prohibit' }],
      [1, { action: 'unreachable' }],
      [1, { action: 'blackhole' }],
      [1, { table, suppressPrefixlength: 0 }],
    ]);
    // Selectors that match the kernel's own gateway checks (mark 0, no source, iif lo) would make a
    // blocking rule refuse every later `ip route add … via` ("Nexthop has invalid gateway").
    const blocking = action.action !== undefined && action.action !== 'nop' && action.action !== 'goto';
    const mask = rng.pick(MASKS);
    const sel: RuleDoc = rng.weighted<RuleDoc>([
      [3, { fwmark: `${rng.pick(MARKS.filter((m) => (Number(m) & ~Number(mask)) === 0))}/${mask}` }],
      [1, { fwmark: rng.pick(MARKS) }],
      [2, { from: rng.pick(prefixes(b)) }],
      [2, { iif: rng.pick(r.ports).name }],
      [blocking ? 0 : 1, { to: rng.pick(prefixes(b)) }],
      [blocking ? 0 : 1, { not: true, fwmark: '0x1/0x1' }],
      [1, { ipproto: 'tcp', dport: rng.pick(PORTS) }],
    ]);
    r.rules.push({
      ...(rng.chance(0.3) ? { pref: rng.pick([100, 1000, 32000]) + k } : {}),
      ...sel,
      ...action,
    });
  }
}

function routeTypes(b: LabBuilder, r: Dev): void {
  const rng = b.rng;
  const hosts = hostAddrs(b);
  const type = rng.pick(['unreachable', 'prohibit', 'blackhole'] as const);
  const to = hosts.length && rng.chance(0.6) ? `${rng.pick(hosts)}/32` : rng.pick(prefixes(b));
  b.route(r, { to, type, ...(rng.chance(0.3) ? { metric: 5 } : {}) });
}

function filterRule(b: LabBuilder, r: Dev, chain: string): string {
  const rng = b.rng;
  const dir = chain === 'OUTPUT' ? '-o' : '-i';
  const port = rng.pick(PORTS);
  b.ports.add(port);
  const hosts = hostAddrs(b);
  const iface = rng.pick(r.ports).name;
  return rng.weighted<() => string>([
    [2, () => `-p tcp --dport ${port} -j DROP`],
    [2, () => `-p udp --dport ${port} -j REJECT`],
    [2, () => `-p tcp --dport ${port} -j REJECT --reject-with tcp-reset`],
    [
      2,
      () => `-s ${hosts.length ? rng.pick(hosts) : '10.1.0.10'} -j REJECT --reject-with ${rng.pick(REJECTS)}`,
    ],
    [1, () => `-d ${rng.pick(prefixes(b))} -j DROP`],
    [1, () => `${dir} ${iface} -p icmp -j DROP`],
    [1, () => `-p icmp --icmp-type echo-request -j REJECT --reject-with ${rng.pick(REJECTS)}`],
    [2, () => '-m conntrack --ctstate INVALID -j DROP'],
    [1, () => '-m conntrack --ctstate NEW -p udp -j DROP'],
    [1, () => `-p tcp -m multiport --dports 22,${port} -j DROP`],
    [1, () => `-m state --state NEW ${dir} ${iface} -p tcp -j REJECT --reject-with tcp-reset`],
  ])();
}

function filterRules(b: LabBuilder, r: Dev): void {
  const rng = b.rng;
  const chain = rng.weighted([
    [6, 'FORWARD'],
    [3, 'INPUT'],
    [1, 'OUTPUT'],
  ] as const);
  if (rng.chance(0.2) && chain !== 'OUTPUT') {
    // a stateful firewall: only what one side starts gets through
    b.policy(r, 'filter', chain, 'DROP');
    const rules = b.chain(r, 'filter', chain);
    rules.push('-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');
    rules.push(`-i ${rng.pick(r.ports).name} -j ACCEPT`);
    if (rng.chance(0.5)) rules.push('-p icmp -j ACCEPT');
    return;
  }
  if (rng.chance(0.15)) {
    b.chain(r, 'filter', 'CHECK').push('-p tcp -j RETURN', filterRule(b, r, chain));
    b.chain(r, 'filter', chain).push(
      `${chain === 'OUTPUT' ? '-o' : '-i'} ${rng.pick(r.ports).name} -j CHECK`,
    );
    return;
  }
  for (let k = rng.int(1, 2); k > 0; k--) b.chain(r, 'filter', chain).push(filterRule(b, r, chain));
}

function natRules(b: LabBuilder, r: Dev, index: number): void {
  const rng = b.rng;
  const out = rng.pick(addressed(r));
  const hosts = b.devs.filter((d) => d.kind === 'host' && d.ports[0]?.addr != null);
  const kind = rng.weighted([
    [3, 'masquerade'],
    [2, 'snat'],
    [2, 'dnat-port'],
    [2, 'netmap-dst'],
    [1, 'netmap-src'],
    [1, 'dnat-output'],
    [1, 'snat-range'],
    [1, 'dnat-range'],
    [1, 'redirect'],
  ] as const);
  if (kind === 'masquerade') b.chain(r, 'nat', 'POSTROUTING').push(`-o ${out.name} -j MASQUERADE`);
  else if (kind === 'snat')
    b.chain(r, 'nat', 'POSTROUTING').push(
      `-s ${rng.pick(prefixes(b))} -o ${out.name} -j SNAT --to-source ${ip(out.addr!)}`,
    );
  else if (kind === 'netmap-src')
    b.chain(r, 'nat', 'POSTROUTING').push(
      `-o ${out.name} -s ${rng.pick(prefixes(b))} -j NETMAP --to 10.77.${index}.0/24`,
    );
  else if (kind === 'dnat-port' && hosts.length) {
    const h = rng.pick(hosts);
    const proto = rng.pick(['tcp', 'udp'] as const);
    const to = h.listen.find((l) => l.startsWith(proto))?.slice(4) ?? String(rng.pick(PORTS));
    b.ports.add(8080);
    b.chain(r, 'nat', 'PREROUTING').push(
      `-d ${ip(out.addr!)}/32 -p ${proto} --dport 8080 -j DNAT --to-destination ${ip(h.ports[0]!.addr!)}:${to}`,
    );
    b.mapped.push(ip(out.addr!));
  } else if (kind === 'netmap-dst') {
    // a masquerade network for one of the router's segments, routed to the router by the hosts beside it
    const inner = rng.pick(addressed(r));
    const masq = `10.${200 + index}.0.0/${inner.seg.len}`;
    b.chain(r, 'nat', 'PREROUTING').push(
      `-d ${masq} -j NETMAP --to ${cidrText(inner.seg.net, inner.seg.len)}`,
    );
    for (const { dev } of b.on(out.seg))
      if (dev.kind === 'host') b.route(dev, { to: masq, via: ip(out.addr!) });
    for (const h of [10, 11, 12]) b.mapped.push(ip(ipv4(`10.${200 + index}.0.0`) + h));
  } else if (kind === 'dnat-output' && hosts.length) {
    b.chain(r, 'nat', 'OUTPUT').push(
      `-d 10.${210 + index}.0.1/32 -j DNAT --to-destination ${ip(rng.pick(hosts).ports[0]!.addr!)}`,
    );
    b.mapped.push(`10.${210 + index}.0.1`);
  } else if (kind === 'snat-range')
    // the address is picked by jhash over the tuple's addresses (find_best_ips_proto)
    b.chain(r, 'nat', 'POSTROUTING').push(`-o ${out.name} -j SNAT --to-source ${range(out.addr!, 4)}`);
  else if (kind === 'dnat-range' && hosts.length) {
    const h = rng.pick(hosts).ports[0]!.addr!;
    b.chain(r, 'nat', 'PREROUTING').push(
      `-d ${ip(out.addr!)}/32 -p ${rng.pick(['tcp', 'udp', 'icmp'])} -j DNAT --to-destination ${range(h, 2)}`,
    );
    b.mapped.push(ip(out.addr!));
  } else if (kind === 'redirect') {
    b.chain(r, 'nat', 'PREROUTING').push('-p tcp --dport 8081 -j REDIRECT --to-ports 22');
    if (!r.listen.includes('tcp/22')) r.listen.push('tcp/22');
    b.ports.add(8081);
  }
}

function mangleRules(b: LabBuilder, r: Dev): void {
  const rng = b.rng;
  const output = rng.chance(0.15);
  const inIf = output ? '' : `-i ${rng.pick(r.ports).name} `;
  const rules = b.chain(r, 'mangle', output ? 'OUTPUT' : 'PREROUTING');
  rules.push(
    rng.weighted<() => string>([
      [3, () => `${inIf}-j MARK --set-xmark ${rng.pick(MARKS)}/${rng.pick([...MARKS, '0xffffffff'])}`],
      [2, () => `-p ${rng.pick(['tcp', 'udp', 'icmp'])} -j MARK --set-mark ${rng.pick(MARKS)}`],
      [1, () => `-d ${rng.pick(prefixes(b))} -j MARK --or-mark 0x4`],
      [1, () => '-m mark --mark 0x2/0x2 -j MARK --and-mark 0xfd'],
    ])(),
  );
  if (rng.chance(0.3)) {
    rules.unshift('-j CONNMARK --restore-mark');
    rules.push('-j CONNMARK --save-mark');
  }
}

function sysctls(b: LabBuilder, d: Dev): void {
  const rng = b.rng;
  const s = d.sysctls;
  const rp = rng.weighted([
    [6, 0],
    [2, 1],
    [2, 2],
  ] as const);
  if (rp || rng.chance(0.3)) s['net.ipv4.conf.all.rp_filter'] = rp;
  if (rng.chance(0.15)) s[`net.ipv4.conf.${rng.pick(d.ports).name}.rp_filter`] = rng.int(0, 2);
  if (rng.chance(0.1)) s['net.ipv4.conf.all.src_valid_mark'] = 1;
  if (rng.chance(0.12)) s[`net.ipv4.conf.${rng.pick(d.ports).name}.proxy_arp`] = 1;
  if (rng.chance(0.08)) s['net.ipv4.conf.all.arp_ignore'] = rng.int(1, 2);
  if (rng.chance(0.1)) s['net.ipv4.icmp_errors_use_inbound_ifaddr'] = 1;
  if (rng.chance(0.08)) s['net.ipv4.conf.all.arp_announce'] = rng.int(1, 2);
  if (rng.chance(0.06)) s['net.ipv4.conf.all.arp_filter'] = 1;
  noRedirects(d);
}

/**
 * ICMP redirects are not compared (rate-limited, a step in the trace only), and sending one resets the
 * kernel's per-host token bucket that ip_error() draws on for its next ICMP error (net/ipv4/route.c,
 * ip_rt_send_redirect): a later "net unreachable" would then depend on timing. Forwarders send none.
 */
export function noRedirects(d: Dev): void {
  d.sysctls['net.ipv4.conf.all.send_redirects'] = 0;
  d.sysctls['net.ipv4.conf.default.send_redirects'] = 0;
}

export function addFeatures(b: LabBuilder, routers: readonly Dev[]): void {
  const rng = b.rng;
  routers.forEach((r, i) => {
    if (rng.chance(0.35)) policyRouting(b, r);
    if (rng.chance(0.25)) routeTypes(b, r);
    if (rng.chance(0.4)) filterRules(b, r);
    if (rng.chance(0.35)) natRules(b, r, i);
    if (rng.chance(0.25)) mangleRules(b, r);
    sysctls(b, r);
  });
  for (const h of b.devs.filter((d) => d.kind === 'host')) {
    if (rng.chance(0.08))
      b.chain(h, 'filter', 'INPUT').push(
        rng.pick([
          '-p tcp --dport 22 -j REJECT --reject-with tcp-reset',
          '-p icmp -j DROP',
          '-p udp -j DROP',
        ]),
      );
    if (rng.chance(0.04)) h.sysctls['net.ipv4.icmp_echo_ignore_all'] = 1;
    if (rng.chance(0.05)) h.sysctls['net.ipv4.conf.all.rp_filter'] = 1;
  }
  addExotic(b, routers);
}
