/**
 * The hand-written selftest-style script (src/engine/import/__fixtures__/selftest-style.sh) run as it
 * is by bash on the real kernel, and the lab natlab imports from the very same text: each probe is
 * sent on the kernel (ping / a TCP connect, tcpdump on every device interface) and traced by the
 * engine, and who receives it, as which source, and whether the sender gets an answer must agree.
 * Runs as root on Linux (CI does); elsewhere it is skipped with a loud message. The script's namespace
 * names `sft-…` are renamed `nlF<pid>-…` here, so runs never collide; they are deleted afterwards.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatIpv4, ipv4 } from '../engine/addr/ipv4.ts';
import { importScript } from '../engine/import/import-script.ts';
import { compileLab } from '../engine/lab/compile.ts';
import type { Network } from '../engine/model/network.ts';
import { trace } from '../engine/sim/trace.ts';
import {
  deleteNamespaces,
  kernelUnavailable,
  namespacesWithPrefix,
  nsExec,
  run,
  runScript,
  startCapture,
  type Capture,
} from './host.ts';

const why = kernelUnavailable();
if (why)
  console.warn(
    `\n*** KERNEL TESTS SKIPPED (${why}): the script importer was NOT compared with the Linux kernel ***\n`,
  );

const FIXTURE = readFileSync(
  new URL('../engine/import/__fixtures__/selftest-style.sh', import.meta.url),
  'utf8',
);

interface Observed {
  /** Device whose interface saw the request addressed to one of its own addresses. */
  readonly receiver: string | null;
  /** The request as the receiver saw it (`src > dst`). */
  readonly seen: string | null;
  /** The sender got an answer (an echo reply, or a SYN-ACK / RST for TCP). */
  readonly answered: boolean;
}

const ADDR = /(\d+\.\d+\.\d+\.\d+)(?:\.\d+)? > (\d+\.\d+\.\d+\.\d+)(?:\.\d+)?:/;

function engineView(net: Network, from: string, to: string, dport?: number): Observed {
  const r = trace(net, { from, to: ipv4(to), ...(dport ? { proto: 'tcp' as const, dport } : {}) });
  if (!r.ok) throw new Error(r.error);
  const t = r.value;
  const s = t.request.seen;
  return {
    receiver: t.request.receiver,
    seen: s ? `${formatIpv4(s.src)} > ${formatIpv4(s.dst)}` : null,
    answered: t.reply?.receiver === from,
  };
}

/**
 * One probe on the kernel: tcpdump on every interface of every device but the sender, then ping (or a
 * TCP connect with bash's /dev/tcp); the receiver is the device that captured the request addressed to
 * one of its own addresses.
 */
async function kernelView(
  net: Network,
  prefix: string,
  from: string,
  to: string,
  dport?: number,
): Promise<Observed & { output: string }> {
  for (const d of net.devices) {
    run('ip', ['-n', `${prefix}${d.id}`, 'neigh', 'flush', 'all']);
    nsExec(`${prefix}${d.id}`, ['conntrack', '-F']);
  }
  const filter = dport ? `tcp dst port ${dport} and tcp[tcpflags] & tcp-syn != 0` : 'icmp[icmptype] == 8';
  const caps: { device: string; cap: Capture }[] = await Promise.all(
    net.devices
      .filter((d) => d.id !== from)
      .flatMap((d) => d.ifaces.filter((i) => !i.loopback).map((i) => ({ device: d.id, iface: i.name })))
      .map(async (t) => ({
        device: t.device,
        cap: await startCapture(`${prefix}${t.device}`, t.iface, filter),
      })),
  );
  const ns = `${prefix}${from}`;
  const probe = dport
    ? nsExec(ns, ['timeout', '3', 'bash', '-c', `exec 3<>/dev/tcp/${to}/${dport}`])
    : nsExec(ns, ['ping', '-c1', '-W2', to]);
  const output = `${probe.stdout}${probe.stderr}`;
  const answered = dport
    ? /Connection refused/.test(output) || probe.code === 0
    : / from \S+: icmp_seq=1 ttl/.test(output);
  let receiver: string | null = null;
  let seen: string | null = null;
  for (const { device, cap } of caps) {
    const lines = await cap.stop();
    const own = net.byId.get(device)!.ifaces.flatMap((i) => i.addrs.map((a) => formatIpv4(a.local)));
    for (const l of lines) {
      const m = ADDR.exec(l);
      if (m && own.includes(m[2]!) && receiver === null) {
        receiver = device;
        seen = `${m[1]} > ${m[2]}`;
      }
    }
  }
  return { receiver, seen, answered, output };
}

describe.skipIf(why !== null)('selftest-style.sh on the kernel agrees with its import', () => {
  const prefix = `nlF${process.pid % 100000}-`;
  const script = FIXTURE.replaceAll('sft-', prefix);
  let net: Network;

  beforeAll(() => {
    deleteNamespaces(prefix);
    const imp = importScript(script);
    if (!imp.ok) throw new Error(imp.issues.map((i) => `${i.line}: ${i.message}`).join('\n'));
    expect(imp.warnings).toEqual([]);
    const c = compileLab(imp.doc);
    expect(c.issues.filter((i) => i.severity === 'error')).toEqual([]);
    net = c.network!;
    const r = runScript(script);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  }, 60000);

  afterAll(() => {
    deleteNamespaces(prefix);
    expect(namespacesWithPrefix(prefix)).toEqual([]);
  });

  it('the namespaces become the devices, with the prefix removed', () => {
    expect(net.devices.map((d) => d.id)).toEqual(['ns1', 'r1', 'ns2', 'ns3']);
    expect(namespacesWithPrefix(prefix).sort()).toEqual(net.devices.map((d) => `${prefix}${d.id}`).sort());
  });

  const pings: [string, string][] = [
    ['ns1', '203.0.113.10'], // main table: out of veth2, masqueraded, to ns3
    ['ns1', '192.0.2.2'],
    ['ns1', '198.51.100.2'],
    ['ns1', '10.0.1.2'],
    ['ns2', '10.0.1.1'], // ns2 has no route back: unreachable at the sender
    ['ns3', '198.51.100.1'],
  ];
  it.each(pings)(
    '%s pings %s',
    async (from, to) => {
      const e = engineView(net, from, to);
      const k = await kernelView(net, prefix, from, to);
      expect({ receiver: k.receiver, seen: k.seen, answered: k.answered }, k.output).toEqual(e);
    },
    30000,
  );

  it('TCP to port 80 is marked, leaves by table 2 through veth1 and is masqueraded', async () => {
    const e = engineView(net, 'ns1', '203.0.113.10', 80);
    expect(e).toEqual({ receiver: 'ns2', seen: '192.0.2.1 > 203.0.113.10', answered: true });
    const k = await kernelView(net, prefix, 'ns1', '203.0.113.10', 80);
    expect({ receiver: k.receiver, seen: k.seen, answered: k.answered }, k.output).toEqual(e);
  }, 30000);
});
