/**
 * The seed lab's pattern with random variations: a production network and its isolated copy with the
 * same subnet, joined by a proxy appliance that marks and NETMAPs the masquerade network to the copy
 * (MARK + `ip rule fwmark` + table 2 + NETMAP + MASQUERADE), production hosts with a route to the
 * masquerade network, copies whose gateway is the appliance's isolated-side address (which is also the
 * production gateway's address: the appliance answers ARP for it on both sides).
 */
import { noRedirects } from './gen-features.ts';
import { ip, type Dev, type LabBuilder } from './lab-builder.ts';
import { ipv4 } from '../../engine/addr/ipv4.ts';

const PROD = ipv4('192.168.149.0');
const MASQ = '192.168.150.0/24';

export function addAppliance(b: LabBuilder, routers: readonly Dev[]): void {
  const rng = b.rng;
  const prod = b.segment('production', PROD, 24);
  const iso = b.segment('isolated', PROD, 24);
  const gw = rng.pick(routers);
  b.plug(gw, prod, 2);
  const nHosts = b.devs.filter((d) => d.kind === 'host').length;
  const hostNums = rng.shuffle([22, 36, 40]).slice(0, nHosts >= 4 ? 1 : rng.int(1, 2));
  const prodHosts = hostNums.map((n, k) => {
    const h = b.device(`p${k + 1}`, 'host');
    b.plug(h, prod, n);
    if (k === 0 || rng.chance(0.3)) b.route(h, { to: MASQ, via: ip(PROD + 50) });
    if (rng.chance(0.85)) b.route(h, { to: 'default', via: ip(PROD + 2) });
    if (rng.chance(0.5)) h.listen.push(rng.pick(['tcp/443', 'tcp/22', 'udp/53']));
    return h;
  });
  const v = b.device('vlab', 'appliance');
  v.forwarding = true;
  b.plug(v, prod, 50);
  b.plug(v, iso, 2, { noprefixroute: true });
  hostNums.forEach((n, k) => {
    const c = b.device(`c${k + 1}`, 'host');
    b.plug(c, iso, n);
    b.route(c, { to: 'default', via: ip(PROD + 2) });
    c.listen.push(...(rng.chance(0.7) ? prodHosts[k]!.listen : ['tcp/80']));
    b.mapped.push(`192.168.150.${n}`);
  });
  v.sysctls['net.ipv4.ip_forward'] = 1;
  noRedirects(v);
  const rp = rng.weighted([
    [6, 0],
    [2, 1],
    [2, 2],
  ] as const);
  v.sysctls['net.ipv4.conf.all.rp_filter'] = rp;
  v.sysctls['net.ipv4.conf.default.rp_filter'] = rp;
  // the mark the rule looks for, and the one mangle sets
  const [rule, set] = rng.weighted([
    [6, ['0x2/0x2', '--set-xmark 0x6/0xffffffff']],
    [1, ['0x6', '--set-mark 0x6']],
    [1, ['0x4/0x4', '--or-mark 0x4']],
    [1, ['0x2/0x2', '--set-xmark 0x4/0xffffffff']],
  ] as const);
  v.rules.push({ fwmark: rule, table: 2 });
  b.route(v, { to: '192.168.149.0/24', dev: 'eth1', table: 2 });
  if (rng.chance(0.7)) b.route(v, { to: 'default', via: ip(PROD + 2), dev: 'eth0' });
  b.chain(v, 'mangle', 'PREROUTING').push(`-i eth0 -d ${MASQ} -j MARK ${set}`);
  b.chain(v, 'nat', 'PREROUTING').push(`-i eth0 -d ${MASQ} -j NETMAP --to 192.168.149.0/24`);
  if (rng.chance(0.9)) b.chain(v, 'nat', 'POSTROUTING').push('-o eth1 -j MASQUERADE');
  if (rng.chance(0.15)) {
    // strict rp_filter with the mark restored for replies (the semantics doc's last §6 row)
    v.sysctls['net.ipv4.conf.all.src_valid_mark'] = 1;
    const pre = b.chain(v, 'mangle', 'PREROUTING');
    pre.unshift('-i eth1 -j CONNMARK --restore-mark');
    pre.push('-j CONNMARK --save-mark');
  }
  if (rng.chance(0.25)) staticMapping(b, v, hostNums[0]!);
  if (rng.chance(0.15)) v.sysctls['net.ipv4.conf.eth0.arp_ignore'] = 1;
  if (rng.chance(0.1)) v.sysctls['net.ipv4.conf.eth1.proxy_arp'] = 1;
}

/** A production address mapped to one copy (semantics doc §7 "static mapping"), working or not. */
function staticMapping(b: LabBuilder, v: Dev, host: number): void {
  const rng = b.rng;
  const vip = ip(PROD + 100 + host);
  b.chain(v, 'mangle', 'PREROUTING').push(`-i eth0 -d ${vip}/32 -j MARK --set-xmark 0x6/0xffffffff`);
  b.chain(v, 'nat', 'PREROUTING').push(`-i eth0 -d ${vip}/32 -j DNAT --to-destination ${ip(PROD + host)}`);
  b.mapped.push(vip);
  const how = rng.pick(['alias', 'proxy', 'none'] as const);
  if (how === 'alias') v.addrs[0]!.push({ address: `${vip}/32` });
  if (how === 'proxy') {
    v.sysctls['net.ipv4.conf.eth0.proxy_arp'] = 1;
    v.proxyNeighbours.push({ address: vip, dev: 'eth0' });
    b.route(v, { to: `${vip}/32`, dev: 'eth1' });
  }
}
