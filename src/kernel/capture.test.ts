/**
 * The capture view against the kernel: the seed lab built in network namespaces, tcpdump on the
 * appliance's eth0 and eth1 while vbs pings the masquerade address (and opens a TCP connection to a
 * closed port), compared with the engine's `tcpdump -n -e` lines for the same interfaces. Compared is
 * what the engine claims: MAC addresses, frame lengths, IP addresses and ports, protocol, ICMP type or
 * TCP flags; not times, ICMP ids and sequence numbers, TCP sequence numbers, windows and options
 * (root on Linux; skipped loudly elsewhere).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ipv4 } from '../engine/addr/ipv4.ts';
import { captureFrames, tcpdumpLines } from '../engine/capture/index.ts';
import { nsName } from '../engine/export/netns-script.ts';
import type { LabDocument } from '../engine/lab/format.ts';
import { trace, type Probe } from '../engine/sim/trace.ts';
import { compileOrThrow } from '../engine/testing/kernel-lab.ts';
import { kernelUnavailable, nsExec, startCapture } from './host.ts';
import { coldStart } from './probe.ts';
import { uniquePrefix, withLab } from './realize.ts';

const why =
  kernelUnavailable() ??
  (spawnSync('sh', ['-c', 'command -v python3']).status !== 0 ? 'python3 is not installed' : null);
if (why) console.warn(`\n*** CAPTURE VIEW vs KERNEL tcpdump SKIPPED (${why}) ***\n`);

const seed = JSON.parse(
  readFileSync(new URL('../../public/labs/surebackup-basic.lab.json', import.meta.url), 'utf8'),
) as LabDocument;

/** A tcpdump line without what the engine does not claim. */
function claim(line: string): string {
  return line
    .replace(/^\d\d:\d\d:\d\d\.\d+ /, '')
    .replace(/id \d+, seq \d+/, 'id *, seq *')
    .replace(/, (seq|ack|win) \d+/g, '')
    .replace(/, options \[[^\]]*\]/, '');
}

/** A TCP connect() from port 40000, as the engine's probe (the kernel answers with a reset). */
const TCP_CLIENT = `
import socket
s = socket.socket()
s.settimeout(2)
s.bind(('0.0.0.0', 40000))
try:
    s.connect(('192.168.150.36', 80))
except OSError as e:
    print(e)
`;

describe.skipIf(why !== null)('capture view = tcpdump on the kernel (seed lab, vlab eth0 and eth1)', () => {
  const net = compileOrThrow(seed);

  /** Captures on vlab eth0 and eth1 while `send` runs in vbs, next to the engine's lines for `probe`. */
  async function capture(probe: Omit<Probe, 'from' | 'to'>, filter: string, send: string[]) {
    const prefix = uniquePrefix('ncap');
    return withLab(net, prefix, async () => {
      coldStart(net, prefix);
      const caps = await Promise.all(
        ['eth0', 'eth1'].map(
          async (i) => [i, await startCapture(nsName(prefix, 'vlab'), i, filter)] as const,
        ),
      );
      const sent = nsExec(nsName(prefix, 'vbs'), send, 15000);
      const t = trace(net, { from: 'vbs', to: ipv4('192.168.150.36'), ...probe });
      if (!t.ok) throw new Error(t.error);
      const out: { iface: string; kernel: string[]; engine: string[]; sent: string }[] = [];
      for (const [iface, c] of caps) {
        const frames = captureFrames(t.value, net, { kind: 'iface', device: 'vlab', iface });
        out.push({
          iface,
          kernel: (await c.stop()).map(claim),
          engine: tcpdumpLines(frames, { ether: true }).map(claim),
          sent: sent.stdout + sent.stderr,
        });
      }
      return out;
    });
  }

  it('ping: eth0 shows the original addresses, eth1 the rewritten ones, as the engine says', async () => {
    const seen = await capture({}, 'icmp', [
      'ping',
      '-n',
      '-c',
      '1',
      '-W',
      '2',
      '-e',
      '4242',
      '192.168.150.36',
    ]);
    for (const s of seen)
      expect({ iface: s.iface, lines: s.kernel }, s.sent).toEqual({ iface: s.iface, lines: s.engine });
    expect(seen.map((s) => s.engine.map((l) => l.replace(/^.*length \d+: /, '')))).toEqual([
      [
        '192.168.149.22 > 192.168.150.36: ICMP echo request, id *, seq *, length 64',
        '192.168.150.36 > 192.168.149.22: ICMP echo reply, id *, seq *, length 64',
      ],
      [
        '192.168.149.2 > 192.168.149.36: ICMP echo request, id *, seq *, length 64',
        '192.168.149.36 > 192.168.149.2: ICMP echo reply, id *, seq *, length 64',
      ],
    ]);
  }, 60000);

  it('TCP to a closed port: the SYN and the reset, with the same rewrites', async () => {
    const seen = await capture({ proto: 'tcp', dport: 80, sport: 40000 }, 'tcp', [
      'python3',
      '-c',
      TCP_CLIENT,
    ]);
    for (const s of seen)
      expect({ iface: s.iface, lines: s.kernel }, s.sent).toEqual({ iface: s.iface, lines: s.engine });
    expect(seen[1]!.engine.map((l) => l.replace(/^.*length \d+: /, ''))).toEqual([
      '192.168.149.2.40000 > 192.168.149.36.80: Flags [S], length 0',
      '192.168.149.36.80 > 192.168.149.2.40000: Flags [R.], length 0',
    ]);
  }, 60000);
});
