/**
 * The capture view against the real tcpdump: every capture point of a set of traces is written as a
 * `.pcap`, read back with `tcpdump -n -r` and `tcpdump -n -e -r` (TZ=UTC), and the lines must equal the
 * engine's, one for one. Needs only tcpdump (no root); skipped loudly without it (CI installs it).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseIpv4 } from '../engine/addr/ipv4.ts';
import {
  captureFrames,
  capturePoints,
  tcpdumpLines,
  writePcap,
  type PcapRecord,
} from '../engine/capture/index.ts';
import type { LabDocument } from '../engine/lab/format.ts';
import type { Network } from '../engine/model/network.ts';
import { trace, type Probe } from '../engine/sim/trace.ts';
import type { TraceResult } from '../engine/sim/steps.ts';
import { compileOrThrow, dev, kernelLab } from '../engine/testing/kernel-lab.ts';

const probe = spawnSync('tcpdump', ['--version'], { encoding: 'utf8' });
const why = probe.error ? 'tcpdump is not installed (apt-get install tcpdump)' : null;
if (why) console.warn(`\n*** CAPTURE VIEW vs tcpdump SKIPPED (${why}) ***\n`);

const dir = mkdtempSync(join(tmpdir(), 'natlab-capture-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
/** What the real tcpdump prints for the records, written as a pcap file. */
function realTcpdump(records: readonly PcapRecord[], ether: boolean): string[] {
  const file = join(dir, `c${files++}.pcap`);
  writeFileSync(file, writePcap(records));
  const r = spawnSync('tcpdump', ['-n', ...(ether ? ['-e'] : []), '-r', file], {
    encoding: 'utf8',
    env: { ...process.env, TZ: 'UTC' },
  });
  if (r.status !== 0) throw new Error(`tcpdump -r failed (${r.status}): ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l !== '');
}

const lab = (name: string): Network =>
  compileOrThrow(
    JSON.parse(
      readFileSync(new URL(`../../public/labs/${name}.lab.json`, import.meta.url), 'utf8'),
    ) as LabDocument,
  );

function traced(net: Network, from: string, to: string, more: Omit<Probe, 'from' | 'to'> = {}): TraceResult {
  const addr = parseIpv4(to);
  if (!addr.ok) throw new Error(addr.error);
  const r = trace(net, { from, to: addr.value, ...more });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

const rejecting = () =>
  kernelLab((d) => {
    dev(d, 'vlab').iptables.filter = {
      FORWARD: [
        '-p icmp -j REJECT --reject-with icmp-admin-prohibited',
        '-p tcp --dport 81 -j REJECT',
        '-p tcp --dport 82 -j REJECT --reject-with tcp-reset',
        '-p udp -j REJECT --reject-with icmp-host-prohibited',
      ],
    };
  });

const at = (net: Network, from: string, to: string, more: Omit<Probe, 'from' | 'to'> = {}) => ({
  net,
  result: traced(net, from, to, more),
});
const seedLab = () => lab('surebackup-basic');
const firewalls = () => lab('asymmetric-firewall');
const udpEcho = () => kernelLab((d) => (dev(d, 'copy').listen = ['udp/5555']));

const cases: [string, () => { net: Network; result: TraceResult }][] = [
  ['seed ping vbs → 192.168.150.36', () => at(seedLab(), 'vbs', '192.168.150.36')],
  [
    'TCP through DNAT: SYN, SYN-ACK',
    () => at(lab('dnat-redirect'), 'shop', '202.44.98.174', { proto: 'tcp', dport: 80 }),
  ],
  [
    'TCP to a closed port: SYN, reset',
    () => at(seedLab(), 'vbs', '192.168.150.36', { proto: 'tcp', dport: 80 }),
  ],
  [
    'UDP echo service through NETMAP',
    () => at(udpEcho(), 'vbs', '192.168.150.36', { proto: 'udp', dport: 5555 }),
  ],
  [
    'dropped request (stateful firewall)',
    () => at(firewalls(), 'user1', '172.16.10.50', { proto: 'udp', dport: 5555 }),
  ],
  [
    'dropped reply (asymmetric path)',
    () => at(firewalls(), 'user1', '172.16.10.50', { proto: 'tcp', dport: 443 }),
  ],
  ['ICMP time exceeded (TTL 1) through NETMAP', () => at(seedLab(), 'vbs', '192.168.150.36', { ttl: 1 })],
  [
    'ICMP port unreachable (UDP)',
    () => at(seedLab(), 'vbs', '192.168.150.36', { proto: 'udp', dport: 5555 }),
  ],
  ['ICMP net unreachable', () => at(firewalls(), 'user1', '203.0.113.9')],
  ['REJECT icmp-admin-prohibited of a ping', () => at(rejecting(), 'vbs', '192.168.150.36')],
  [
    'REJECT (port unreachable) of a SYN',
    () => at(rejecting(), 'vbs', '192.168.150.36', { proto: 'tcp', dport: 81 }),
  ],
  ['REJECT tcp-reset', () => at(rejecting(), 'vbs', '192.168.150.36', { proto: 'tcp', dport: 82 })],
  [
    'REJECT icmp-host-prohibited of UDP',
    () => at(rejecting(), 'vbs', '192.168.150.36', { proto: 'udp', dport: 5555 }),
  ],
  ['a ping over lo', () => at(seedLab(), 'vlab', '192.168.149.50')],
];

describe.skipIf(why !== null)('capture view = tcpdump -r of the exported pcap', () => {
  it.each(cases)('%s: every capture point, with and without -e', (_name, make) => {
    const { net, result } = make();
    const points = capturePoints(result, net);
    expect(points.length).toBeGreaterThan(0);
    for (const p of points) {
      const frames = captureFrames(result, net, p.point);
      for (const ether of [false, true])
        expect({ at: p.label, ether, lines: realTcpdump(frames, ether) }).toEqual({
          at: p.label,
          ether,
          lines: tcpdumpLines(frames, { ether }),
        });
    }
  });

  it('the seed exchange shows the rewritten addresses on vlab eth1 and the original ones on eth0', () => {
    const net = lab('surebackup-basic');
    const result = traced(net, 'vbs', '192.168.150.36');
    const at = (iface: string) =>
      realTcpdump(captureFrames(result, net, { kind: 'iface', device: 'vlab', iface }), false).map((l) =>
        l.replace(/^\S+ /, ''),
      );
    expect(at('eth1')).toEqual([
      'IP 192.168.149.2 > 192.168.149.36: ICMP echo request, id 4242, seq 1, length 64',
      'IP 192.168.149.36 > 192.168.149.2: ICMP echo reply, id 4242, seq 1, length 64',
    ]);
    expect(at('eth0')).toEqual([
      'IP 192.168.149.22 > 192.168.150.36: ICMP echo request, id 4242, seq 1, length 64',
      'IP 192.168.150.36 > 192.168.149.22: ICMP echo reply, id 4242, seq 1, length 64',
    ]);
  });

  it('TCP numbers turn relative from the second ACK-carrying segment of a connection, as in tcpdump', () => {
    const net = lab('dnat-redirect');
    const result = traced(net, 'shop', '202.44.98.174', { proto: 'tcp', dport: 80 });
    const [syn, synack] = captureFrames(result, net, { kind: 'iface', device: 'shop', iface: 'eth0' });
    // the same SYN-ACK without SYN (a bare ACK of the server), and the client's SYN again
    const ack = Uint8Array.from(synack!.bytes);
    ack[14 + 20 + 13] = 0x10;
    const records = [
      syn!,
      synack!,
      { time: synack!.time + 1, bytes: ack },
      { time: synack!.time + 2, bytes: syn!.bytes },
    ];
    const mine = tcpdumpLines(records);
    expect(mine[2]).toMatch(/Flags \[\.\], ack 1, win 65160/);
    expect(realTcpdump(records, false)).toEqual(mine);
  });
});
