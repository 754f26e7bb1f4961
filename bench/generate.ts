/**
 * Generator of large, realistic labs for the benchmarks (and for trying the UI on a big network).
 *
 * `generateRouterChain(n)`: a chain of n Linux routers r000 … r{n-1}, each with two LAN segments of
 * two hosts, joined by /30 transit links, with static routes so that every host reaches every other:
 *
 *   web ── dmz ── isp ── internet ── r000 ── t0 ── r001 ── t1 ── … ── r{n-1} ── vlab-link ── vlab ── vlab-iso
 *                                    │  │           │  │               │  │                         │
 *                                 lan0  lan1     lan0  lan1         lan0  lan1               copy-h1, copy-h2
 *                                 h1 h2 h1 h2    h1 h2 h1 h2        h1 h2 h1 h2
 *
 * - LAN k (router i, LAN j, k = 2i + j) is 10.(k >> 8).(k & 255).0/24: the router is .1, the hosts .10
 *   and .11. Transit link i (r_i ↔ r_{i+1}) is 172.16.0.0/30 + 4i: r_i is .1, r_{i+1} is .2.
 * - Routing: every router has a default route towards r000 (r000's goes to the ISP) and one route per
 *   LAN and per transit link further down the chain (so r000's main table holds ~3n routes; transit
 *   routes make ICMP errors from far routers pass strict rp_filter). Hosts have a default route.
 * - Netfilter on every router: FORWARD and INPUT policy DROP with conntrack state matches (ESTABLISHED,
 *   RELATED accepted, INVALID dropped, NEW through a user chain of port rules), strict rp_filter.
 * - NAT: r000 MASQUERADEs to the internet (the ISP router and a web server `web` behind it); behind the
 *   last router sits a SureBackup proxy appliance `vlab` set up like the seed lab's: the masquerade
 *   network 100.64.0.0/24 is NETMAPed to an isolated copy of the last router's lan1 (hosts `copy-h1`,
 *   `copy-h2` with the production hosts' addresses; the appliance's isolated side takes the LAN
 *   gateway's address), with the fwmark rule and MASQUERADE on the way in. The appliance has its own
 *   uplink rather than sitting in that LAN: there, the router's ARP requests would come from the very
 *   address the appliance holds on its isolated side, and the kernel ignores ARP from its own address.
 * - Every device sends with TTL 255 (`net.ipv4.ip_default_ttl`), so that a packet can cross the whole
 *   chain: end-to-end probes are answered for n ≤ 253 (larger labs compile, but the far end is out of
 *   reach of any TTL, as it would be on a kernel).
 *
 * `npx tsx bench/write-chain.ts 100 > chain.lab.json` writes one (to open in natlab or trace with the CLI).
 */
import type { DeviceDoc, LabDocument, LayoutDoc, RouteDoc, SegmentDoc } from '../src/engine/lab/format.ts';
import type { Probe } from '../src/engine/sim/trace.ts';
import { ipv4 } from '../src/engine/addr/ipv4.ts';

/** The largest chain whose addressing fits: LANs in 10.0.0.0/8, transit links below 172.31.255.0. */
export const MAX_ROUTERS = 30_000;
/** The longest chain whose far end a packet reaches: TTL 255, one decrement per router and appliance. */
export const MAX_REACHABLE_ROUTERS = 253;
/** The masquerade network that the appliance NETMAPs to the isolated copy of the last LAN. */
export const MASQUERADE_NET = '100.64.0.0/24';

/** The link between the last router and the appliance's production side. */
const VLAB_LINK = '172.31.255.0/29';
const VLAB_ROUTER = '172.31.255.1';
const VLAB_APPLIANCE = '172.31.255.2';
const TRANSIT_BASE = (172 << 24) | (16 << 16); // 172.16.0.0

function dotted(a: number): string {
  return [a >>> 24, (a >>> 16) & 255, (a >>> 8) & 255, a & 255].join('.');
}

/** Router i's LAN j: `10.x.y` (no last octet). */
function lanNet(i: number, j: number): string {
  const k = 2 * i + j;
  return `10.${k >> 8}.${k & 255}`;
}

/** Transit link i (between r_i and r_{i+1}): its network (0), the address of r_i (1) or r_{i+1} (2). */
function transit(i: number, side: 0 | 1 | 2): string {
  return dotted(TRANSIT_BASE + 4 * i + side);
}

export function routerId(i: number): string {
  return `r${String(i).padStart(3, '0')}`;
}

export function hostId(i: number, lan: number, h: 1 | 2): string {
  return `${routerId(i)}-lan${lan}-h${h}`;
}

const TTL = { 'net.ipv4.ip_default_ttl': 255 } as const;

function host(id: string, segment: string, addr: string, gateway: string, listen: string[]): DeviceDoc {
  return {
    id,
    kind: 'host',
    interfaces: [{ name: 'eth0', segment, addresses: [`${addr}/24`] }],
    sysctls: { ...TTL },
    routes: [{ to: 'default', via: gateway }],
    listen,
  };
}

/** The filter table of router i: stateful, default drop, the same port policy everywhere. */
function routerFilter(edge: boolean): NonNullable<DeviceDoc['iptables']> {
  return {
    filter: {
      INPUT: {
        policy: 'DROP',
        rules: [
          '-i lo -j ACCEPT',
          '-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
          '-m conntrack --ctstate INVALID -j DROP',
          '-p icmp -m icmp --icmp-type 8 -j ACCEPT',
          '-s 10.0.0.0/8 -p tcp -m tcp --dport 22 -j ACCEPT',
        ],
      },
      FORWARD: {
        policy: 'DROP',
        rules: [
          '-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
          '-m conntrack --ctstate INVALID -j DROP',
          ...(edge ? ['-i wan -m conntrack --ctstate NEW -j DROP'] : []),
          '-m conntrack --ctstate NEW -j FWD_NEW',
        ],
      },
      FWD_NEW: [
        '-p tcp -m multiport --dports 23,135,139,445 -j REJECT --reject-with tcp-reset',
        '-p udp -m multiport --dports 137,138 -j DROP',
        '-p tcp -m multiport --dports 22,80,443 -j ACCEPT',
        '-p udp -m udp --dport 53 -j ACCEPT',
        '-p icmp -m icmp --icmp-type 8 -j ACCEPT',
      ],
    },
  };
}

export interface RouterChainLab {
  readonly doc: LabDocument;
  /** Probes that cross the whole chain, each answered when n ≤ 253. */
  readonly probes: {
    /** Host on r000's lan0 → the production host on the last router's lan1 (ICMP echo). */
    readonly endToEnd: Probe;
    /** Host on r000's lan0 → the masquerade address of that host's isolated copy (NETMAP at the far end). */
    readonly netmap: Probe;
    /** Host on the last router's lan0 → the web server (TCP SYN to 443, MASQUERADE at r000). */
    readonly internet: Probe;
  };
  /** The device each probe's request must be delivered to. */
  readonly receivers: { readonly endToEnd: string; readonly netmap: string; readonly internet: string };
}

export function generateRouterChain(n: number): RouterChainLab {
  if (!Number.isInteger(n) || n < 1 || n > MAX_ROUTERS)
    throw new RangeError(`a router chain has 1..${MAX_ROUTERS} routers, not ${n}`);
  const segments: SegmentDoc[] = [
    { id: 'internet', name: 'Internet (ISP hand-off)', kind: 'link' },
    { id: 'dmz', name: 'ISP server network', kind: 'production' },
  ];
  const devices: DeviceDoc[] = [];
  const layout: Record<string, LayoutDoc> = {
    dmz: { x: -400, y: 0, width: 200 },
    web: { x: -400, y: -120 },
    isp: { x: -200, y: 120 },
    internet: { x: -200, y: 200, width: 200 },
  };
  const last = n - 1;
  const vlabNet = lanNet(last, 1);

  devices.push(
    {
      id: 'isp',
      name: 'ISP router',
      kind: 'router',
      interfaces: [
        { name: 'eth0', segment: 'internet', addresses: ['203.0.113.1/24'] },
        { name: 'eth1', segment: 'dmz', addresses: ['198.51.100.1/24'] },
      ],
      sysctls: { 'net.ipv4.ip_forward': 1, ...TTL },
    },
    host('web', 'dmz', '198.51.100.10', '198.51.100.1', ['tcp/80', 'tcp/443']),
  );

  for (let i = 0; i < n; i++) {
    const id = routerId(i);
    const edge = i === 0;
    const interfaces: DeviceDoc['interfaces'][number][] = [];
    if (edge) interfaces.push({ name: 'wan', segment: 'internet', addresses: ['203.0.113.2/24'] });
    else interfaces.push({ name: 'up', segment: `t${i - 1}`, addresses: [`${transit(i - 1, 2)}/30`] });
    if (i < last) {
      segments.push({ id: `t${i}`, name: `${id} ↔ ${routerId(i + 1)}`, kind: 'link' });
      interfaces.push({ name: 'down', segment: `t${i}`, addresses: [`${transit(i, 1)}/30`] });
    }
    const routes: RouteDoc[] = [{ to: 'default', via: edge ? '203.0.113.1' : transit(i - 1, 1) }];
    if (i < last) {
      const next = transit(i, 2);
      for (let r = i + 1; r < n; r++) {
        for (const j of [0, 1]) routes.push({ to: `${lanNet(r, j)}.0/24`, via: next });
        if (r < last) routes.push({ to: `${transit(r, 0)}/30`, via: next });
      }
      routes.push({ to: VLAB_LINK, via: next }, { to: MASQUERADE_NET, via: next });
    } else {
      segments.push({ id: 'vlab-link', name: 'Proxy appliance uplink', kind: 'production' });
      interfaces.push({ name: 'vlab', segment: 'vlab-link', addresses: [`${VLAB_ROUTER}/29`] });
      routes.push({ to: MASQUERADE_NET, via: VLAB_APPLIANCE });
    }
    for (const j of [0, 1] as const) {
      const seg = `${id}-lan${j}`;
      const net = lanNet(i, j);
      segments.push({ id: seg, name: `${id} LAN ${j} (${net}.0/24)`, kind: 'production', vlan: 100 + j });
      interfaces.push({ name: `lan${j}`, segment: seg, addresses: [`${net}.1/24`] });
      layout[seg] = { x: i * 240, y: 400 + 260 * j, width: 220 };
      for (const h of [1, 2] as const) {
        const hid = hostId(i, j, h);
        devices.push(host(hid, seg, `${net}.${9 + h}`, `${net}.1`, ['tcp/22']));
        layout[hid] = { x: i * 240 + (h - 1) * 110, y: 480 + 260 * j };
      }
    }
    layout[i < last ? `t${i}` : 'vlab-link'] = { x: i * 240 + 120, y: 200, width: 120 };
    layout[id] = { x: i * 240, y: 280 };
    devices.push({
      id,
      name: `Router ${i}`,
      kind: 'router',
      interfaces,
      sysctls: {
        'net.ipv4.ip_forward': 1,
        'net.ipv4.conf.all.rp_filter': 1,
        'net.ipv4.conf.default.rp_filter': 1,
        ...TTL,
      },
      routes,
      iptables: {
        ...routerFilter(edge),
        ...(edge ? { nat: { POSTROUTING: ['-o wan -j MASQUERADE'] } } : {}),
      },
    });
  }

  // The SureBackup proxy appliance on the last LAN, as in public/labs/surebackup-basic.lab.json.
  const lastLan = `${routerId(last)}-lan1`;
  segments.push({ id: 'vlab-iso', name: `Isolated copy of ${lastLan}`, kind: 'isolated', vlan: 0 });
  devices.push({
    id: 'vlab',
    name: 'vLab proxy appliance',
    kind: 'appliance',
    interfaces: [
      { name: 'eth0', segment: 'vlab-link', addresses: [`${VLAB_APPLIANCE}/29`] },
      { name: 'eth1', segment: 'vlab-iso', addresses: [{ address: `${vlabNet}.1/24`, noprefixroute: true }] },
    ],
    sysctls: { 'net.ipv4.ip_forward': 1, ...TTL },
    routes: [
      { to: 'default', via: VLAB_ROUTER, dev: 'eth0' },
      { to: `${vlabNet}.0/24`, dev: 'eth1', table: 2 },
    ],
    rules: [{ fwmark: '0x2/0x2', table: 2 }],
    iptables: {
      mangle: { PREROUTING: [`-i eth0 -d ${MASQUERADE_NET} -j MARK --set-xmark 0x6/0xffffffff`] },
      nat: {
        PREROUTING: [`-i eth0 -d ${MASQUERADE_NET} -j NETMAP --to ${vlabNet}.0/24`],
        POSTROUTING: ['-o eth1 -j MASQUERADE'],
      },
    },
  });
  layout['vlab'] = { x: last * 240 + 240, y: 280 };
  layout['vlab-iso'] = { x: last * 240 + 240, y: 400, width: 220 };
  for (const h of [1, 2] as const) {
    const id = `copy-h${h}`;
    devices.push(host(id, 'vlab-iso', `${vlabNet}.${9 + h}`, `${vlabNet}.1`, ['tcp/22']));
    layout[id] = { x: last * 240 + 240 + (h - 1) * 110, y: 480 };
  }

  const doc: LabDocument = {
    schemaVersion: 2,
    name: `Router chain (${n} routers)`,
    description:
      `Generated by bench/generate.ts: ${n} stateful Linux routers in a chain, two LANs with two hosts ` +
      `each, MASQUERADE to the internet at ${routerId(0)}, and a SureBackup appliance NETMAPping ` +
      `${MASQUERADE_NET} to an isolated copy of ${lastLan}.`,
    segments,
    devices,
    layout,
  };
  return {
    doc,
    probes: {
      endToEnd: { from: hostId(0, 0, 1), to: ipv4(`${vlabNet}.10`) },
      netmap: { from: hostId(0, 0, 1), to: ipv4('100.64.0.10') },
      internet: { from: hostId(last, 0, 1), to: ipv4('198.51.100.10'), proto: 'tcp', dport: 443 },
    },
    receivers: { endToEnd: hostId(last, 1, 1), netmap: 'copy-h1', internet: 'web' },
  };
}
