/**
 * The semantics experiments (shared/kernel-lab/experiments) replayed: each scenario is the kernel-lab
 * topology with one change, built in namespaces and pinged; the engine's prediction must equal what
 * tcpdump and ping show. Runs as root on Linux (CI does); skipped loudly elsewhere.
 */
import { describe, expect, it } from 'vitest';
import { dev, kernelLab, type LabDoc } from '../engine/testing/kernel-lab.ts';
import { asymmetricLab } from '../engine/testing/labs.ts';
import { kernelUnavailable } from './host.ts';
import { compareOnKernel, type PingProbe } from './scenarios.ts';

const why = kernelUnavailable();
if (why)
  console.warn(
    `\n*** KERNEL SCENARIOS SKIPPED (${why}): the engine was NOT compared with the Linux kernel ***\n`,
  );

const rp = (all: number, iface: number) => (d: LabDoc) =>
  Object.assign(dev(d, 'vlab').sysctls, {
    'net.ipv4.conf.all.rp_filter': all,
    'net.ipv4.conf.eth0.rp_filter': iface,
    'net.ipv4.conf.eth1.rp_filter': iface,
  });
const staticMapping = (d: LabDoc) => {
  const v = dev(d, 'vlab');
  (v.iptables.mangle!.PREROUTING as string[]).push(
    '-i eth0 -d 192.168.149.136 -j MARK --set-xmark 0x6/0xffffffff',
  );
  (v.iptables.nat!.PREROUTING as string[]).push(
    '-i eth0 -d 192.168.149.136 -j DNAT --to-destination 192.168.149.36',
  );
};
const natOutput = (mark: boolean) => (d: LabDoc) => {
  const v = dev(d, 'vlab');
  v.iptables.nat!.OUTPUT = ['-d 192.168.150.0/24 -j NETMAP --to 192.168.149.0/24'];
  v.routes.push({ to: '192.168.150.0/24', dev: 'eth1' });
  if (mark) v.iptables.mangle!.OUTPUT = ['-d 192.168.150.0/24 -j MARK --set-mark 2'];
};
const toVbs150 = [{ from: 'vbs', to: '192.168.150.36' }];

const scenarios: [string, ((d: LabDoc) => void) | undefined, readonly PingProbe[], boolean?][] = [
  [
    'worked example',
    undefined,
    [...toVbs150, { from: 'vbs', to: '192.168.149.36' }, { from: 'copy', to: '192.168.149.2' }],
  ],
  ['e02 rp_filter all=1 eth=1', rp(1, 1), toVbs150],
  ['e02 rp_filter all=2 eth=2', rp(2, 2), toVbs150],
  ['e02 rp_filter all=0 eth=1', rp(0, 1), toVbs150],
  ['e02 rp_filter all=1 eth=0', rp(1, 0), toVbs150],
  [
    'e02 strict + src_valid_mark + CONNMARK save/restore',
    (d) => {
      rp(1, 1)(d);
      const v = dev(d, 'vlab');
      v.sysctls['net.ipv4.conf.all.src_valid_mark'] = 1;
      v.iptables.mangle!.PREROUTING = [
        '-i eth1 -j CONNMARK --restore-mark',
        ...(v.iptables.mangle!.PREROUTING as string[]),
        '-j CONNMARK --save-mark',
      ];
    },
    toVbs150,
  ],
  [
    'e05 route types',
    (d) => {
      const v = dev(d, 'vlab');
      v.routes.push(
        { to: '192.168.150.201/32', type: 'unreachable' },
        { to: '192.168.150.202/32', type: 'prohibit' },
        { to: '192.168.150.203/32', type: 'blackhole' },
      );
      v.iptables = {};
      v.rules = [];
      v.routes = v.routes.filter((r) => r.table === undefined);
    },
    ['201', '202', '203', '205'].map((x) => ({ from: 'vbs', to: `192.168.150.${x}` })),
  ],
  [
    'e07 local: plain ping and ping -m 2',
    undefined,
    [
      { from: 'vlab', to: '192.168.149.36' },
      { from: 'vlab', to: '192.168.149.36', mark: 2 },
    ],
  ],
  [
    'e07 local: mangle OUTPUT mark',
    (d) => (dev(d, 'vlab').iptables.mangle!.OUTPUT = ['-d 192.168.149.36 -j MARK --set-mark 2']),
    [{ from: 'vlab', to: '192.168.149.36' }],
  ],
  [
    'e07 local: mangle OUTPUT mark, no MASQUERADE',
    (d) => {
      dev(d, 'vlab').iptables.mangle!.OUTPUT = ['-d 192.168.149.36 -j MARK --set-mark 2'];
      dev(d, 'vlab').iptables.nat!.POSTROUTING = [];
    },
    [{ from: 'vlab', to: '192.168.149.36' }],
  ],
  [
    'e07 local: nat OUTPUT NETMAP without route',
    (d) => (dev(d, 'vlab').iptables.nat!.OUTPUT = ['-d 192.168.150.0/24 -j NETMAP --to 192.168.149.0/24']),
    [{ from: 'vlab', to: '192.168.150.36' }],
  ],
  ['e07 local: nat OUTPUT NETMAP + mark', natOutput(true), [{ from: 'vlab', to: '192.168.150.36' }]],
  ['e07 local: nat OUTPUT NETMAP, no mark', natOutput(false), [{ from: 'vlab', to: '192.168.150.36' }]],
  ['e08 A static mapping, no ARP answer', staticMapping, [{ from: 'vbs', to: '192.168.149.136' }]],
  [
    'e08 A2/A3 proxy ARP + pneigh + route dev eth1',
    (d) => {
      staticMapping(d);
      const v = dev(d, 'vlab');
      v.sysctls['net.ipv4.conf.eth0.proxy_arp'] = 1;
      v.proxyNeighbours = [{ address: '192.168.149.136', dev: 'eth0' }];
      v.routes.push({ to: '192.168.149.136/32', dev: 'eth1' });
    },
    [{ from: 'vbs', to: '192.168.149.136' }],
  ],
  [
    'e08 A4 alias address',
    (d) => (staticMapping(d), dev(d, 'vlab').interfaces[0]!.addresses!.push('192.168.149.136/32')),
    [{ from: 'vbs', to: '192.168.149.136' }],
  ],
  [
    'e08 B/C weak host and no proxy_arp',
    undefined,
    [
      { from: 'copy', to: '192.168.149.50' },
      { from: 'copy', to: '192.168.149.22' },
    ],
  ],
  [
    'e08 C proxy_arp on eth1',
    (d) => (dev(d, 'vlab').sysctls['net.ipv4.conf.eth1.proxy_arp'] = 1),
    [{ from: 'copy', to: '192.168.149.22' }],
  ],
  [
    'e08 E TTL',
    undefined,
    [
      { from: 'vbs', to: '192.168.150.36', ttl: 1 },
      { from: 'vbs', to: '192.168.150.36', ttl: 2 },
    ],
  ],
  [
    'e06 B NETMAP --to /20',
    (d) => {
      dev(d, 'vlab').iptables.nat!.PREROUTING = [
        '-i eth0 -d 192.168.150.0/24 -j NETMAP --to 192.168.160.0/20',
      ];
      dev(d, 'copy').interfaces[0]!.addresses!.push('192.168.166.36/32');
      dev(d, 'vlab').routes.push({ to: '192.168.160.0/20', dev: 'eth1', table: 2 });
    },
    toVbs150,
  ],
  [
    'e06 E NETMAP in POSTROUTING',
    (d) =>
      (dev(d, 'vlab').iptables.nat!.POSTROUTING = [
        '-o eth1 -s 192.168.149.0/24 -j NETMAP --to 192.168.151.0/24',
      ]),
    toVbs150,
  ],
];

describe.skipIf(why !== null)('semantics experiments: engine = kernel', () => {
  it.each(scenarios)(
    '%s',
    async (name, change, probes) => {
      const net = kernelLab(change);
      const prefix = `nk${process.pid % 10000}${scenarios.findIndex((s) => s[0] === name)}-`;
      const results = await compareOnKernel(net, prefix, probes);
      results.forEach((r, i) => expect(r.kernel, `${probes[i]!.from} → ${probes[i]!.to}`).toEqual(r.engine));
    },
    120000,
  );
});

describe.skipIf(why !== null)('asymmetric routing through a stateful firewall: engine = kernel', () => {
  it.each([
    ['without a filter', undefined],
    ['with --ctstate INVALID -j DROP on the return path', ['-m conntrack --ctstate INVALID -j DROP']],
  ])(
    '%s',
    async (_name, filter) => {
      const net = asymmetricLab(filter);
      const results = await compareOnKernel(net, `na${process.pid % 10000}${filter ? 1 : 0}-`, [
        { from: 'ha', to: '10.0.2.10' },
      ]);
      for (const r of results) expect(r.kernel).toEqual(r.engine);
    },
    60000,
  );
});
