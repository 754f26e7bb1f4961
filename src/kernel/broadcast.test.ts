/**
 * A socket sending to a subnet's broadcast address without SO_BROADCAST: the kernel refuses the call
 * (ping's probe connect() and a UDP sendto(): EACCES — __ip4_datagram_connect, udp_sendmsg; a TCP
 * connect(): ENETUNREACH — tcp_v4_connect refuses RTCF_BROADCAST routes) and nothing goes on the wire.
 * Found while checking the console's ping against the real one; root on Linux (CI), skipped loudly
 * elsewhere.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileLab } from '../engine/lab/compile.ts';
import type { LabDocument } from '../engine/lab/format.ts';
import type { ProbeSpec } from './default-probes.ts';
import { kernelUnavailable, namespacesWithPrefix } from './host.ts';
import { verifyLab } from './verify.ts';

const why = kernelUnavailable();
if (why) console.warn(`\n*** broadcast sends NOT compared with the kernel (${why}) ***\n`);

const SEED = JSON.parse(
  readFileSync(new URL('../../public/labs/surebackup-basic.lab.json', import.meta.url), 'utf8'),
) as LabDocument;

const PROBES: ProbeSpec[] = [
  { from: 'vbs', to: '192.168.149.255', proto: 'icmp' },
  { from: 'vbs', to: '192.168.149.255', proto: 'udp', port: 5555 },
  { from: 'vbs', to: '192.168.149.255', proto: 'tcp', port: 80 },
];

describe.skipIf(why !== null)('sending to a broadcast address', () => {
  it('is refused by the socket call, as the kernel does', async () => {
    const net = compileLab(SEED).network!;
    const r = await verifyLab(net, PROBES);
    expect(
      r.probes
        .filter((v) => !v.agree)
        .map((v) => `${v.probe.proto} ${v.summary} | engine ${v.engineSummary}`),
    ).toEqual([]);
    expect(r.probes.map((v) => v.summary)).toEqual(r.probes.map((v) => v.engineSummary));
    expect(namespacesWithPrefix(r.prefix)).toEqual([]);
  }, 120000);
});
