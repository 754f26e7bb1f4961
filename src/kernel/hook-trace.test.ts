/**
 * Per-hook agreement: the chains, rules and policies the engine walks equal what `nft monitor trace`
 * reports on the kernel for the same packet (root on Linux; skipped loudly elsewhere).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ipv4 } from '../engine/addr/ipv4.ts';
import { netnsScript, nsName } from '../engine/export/netns-script.ts';
import type { LabDocument } from '../engine/lab/format.ts';
import type { Network } from '../engine/model/network.ts';
import { trace } from '../engine/sim/trace.ts';
import { compileOrThrow, dev, kernelLab, type LabDoc } from '../engine/testing/kernel-lab.ts';
import { compareHooks } from './hook-compare.ts';
import { deleteNamespaces, kernelUnavailable, runScript } from './host.ts';
import { startNftTrace, type KernelTrace } from './nft-trace.ts';
import { kernelPing } from './probe.ts';

const why = kernelUnavailable();
if (why) console.warn(`\n*** PER-HOOK KERNEL TRACES SKIPPED (${why}) ***\n`);

const seed = JSON.parse(
  readFileSync(new URL('../../public/labs/surebackup-basic.lab.json', import.meta.url), 'utf8'),
) as LabDocument;

async function traceOnKernel(
  net: Network,
  prefix: string,
  from: string,
  to: string,
  opts: { mark?: number; ttl?: number } = {},
) {
  const traced = net.devices.filter((d) => d.ruleset.size > 0);
  const sessions = await Promise.all(
    traced.map(async (d) => [d.id, await startNftTrace(nsName(prefix, d.id))] as const),
  );
  await kernelPing(net, prefix, from, ipv4(to), { ...opts, wait: 2 });
  const traces = new Map<string, KernelTrace[]>();
  for (const [id, s] of sessions) traces.set(id, await s.stop());
  return traces;
}

const cases: [string, () => Network, string, string, { mark?: number; ttl?: number }?][] = [
  ['seed lab: vbs → masquerade address', () => compileOrThrow(seed), 'vbs', '192.168.150.36'],
  [
    'seed lab, rp_filter=1: the reply dies after PREROUTING',
    () => kernelLab((d) => (dev(d, 'vlab').sysctls['net.ipv4.conf.all.rp_filter'] = 1)),
    'vbs',
    '192.168.150.36',
  ],
  [
    'a user chain with RETURN, a DROP policy with ESTABLISHED accepted',
    () =>
      kernelLab((d: LabDoc) => {
        dev(d, 'vlab').iptables.filter = {
          FORWARD: {
            policy: 'DROP',
            rules: [
              '-j lab_in',
              '-m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
              '-i eth0 -o eth1 -j ACCEPT',
            ],
          },
          lab_in: ['-s 192.168.149.99 -j DROP', '-p icmp -j RETURN'],
        };
      }),
    'vbs',
    '192.168.150.36',
  ],
  [
    'locally generated with mangle OUTPUT mark: re-routed, MASQUERADE',
    () =>
      kernelLab((d) => (dev(d, 'vlab').iptables.mangle!.OUTPUT = ['-d 192.168.149.36 -j MARK --set-mark 2'])),
    'vlab',
    '192.168.149.36',
  ],
  [
    // conntrack is switched on by NAT targets and conntrack matches, not by the nat table itself:
    // without them the nat chains are never walked (nf_nat_inet_fn sees no ct), issue 6's console finding
    'a nat table without NAT targets: no conntrack, its chains are not walked',
    () =>
      kernelLab((d) => {
        dev(d, 'vlab').iptables.nat = { PREROUTING: ['-j ACCEPT'], POSTROUTING: ['-j ACCEPT'] };
      }),
    'vbs',
    '192.168.149.50',
  ],
  [
    'TTL 1: the ICMP error leaves through OUTPUT and POSTROUTING',
    () => kernelLab(),
    'vbs',
    '192.168.150.36',
    { ttl: 1 },
  ],
];

describe.skipIf(why !== null)('per-hook traces: engine = nft monitor trace', () => {
  it.each(cases)(
    '%s',
    async (_name, make, from, to, opts) => {
      const net = make();
      const prefix = `nh${process.pid % 10000}${cases.findIndex((c) => c[0] === _name)}-`;
      try {
        const r = runScript(netnsScript(net, { prefix }));
        expect(r.code, r.stderr).toBe(0);
        const t = trace(net, { from, to: ipv4(to), ...(opts ?? {}) });
        if (!t.ok) throw new Error(t.error);
        const kernel = await traceOnKernel(net, prefix, from, to, opts);
        const hops = compareHooks(t.value, kernel);
        expect(hops.length).toBeGreaterThan(0);
        for (const h of hops)
          expect({ where: `${h.leg} at ${h.device}`, kernel: h.kernel }).toEqual({
            where: `${h.leg} at ${h.device}`,
            kernel: h.engine,
          });
      } finally {
        deleteNamespaces(prefix);
      }
    },
    60000,
  );
});
