/**
 * `natlab verify`: build the lab on this kernel, run probes, and compare each with the engine's
 * prediction — where the request ended and what the receiver saw (tcpdump), what came back to the
 * sender (ping), and, at every device with netfilter rules, the chains, rules and policies the packet
 * went through (`nft monitor trace`).
 */
import { ipv4 } from '../engine/addr/ipv4.ts';
import { nsName } from '../engine/export/netns-script.ts';
import type { Network } from '../engine/model/network.ts';
import { trace } from '../engine/sim/trace.ts';
import { compareHooks, type HopComparison } from './hook-compare.ts';
import { startNftTrace, type KernelTrace } from './nft-trace.ts';
import type { ProbeSpec } from './default-probes.ts';
import { buildLab, teardown, uniquePrefix } from './realize.ts';
import { enginePing, kernelPingView, type PingView } from './scenarios.ts';

export interface FieldCheck {
  readonly field: string;
  readonly engine: string | null;
  readonly kernel: string | null;
  readonly agree: boolean;
}

export interface ProbeVerdict {
  readonly probe: ProbeSpec;
  readonly agree: boolean;
  readonly fields: readonly FieldCheck[];
  readonly hooks: readonly HopComparison[];
  /** Why a probe was not run on the kernel (e.g. TCP/UDP not supported here yet). */
  readonly skipped?: string;
}

export interface VerifyReport {
  readonly lab: string;
  readonly prefix: string;
  readonly probes: readonly ProbeVerdict[];
  readonly agreed: number;
  readonly disagreed: number;
  readonly skipped: number;
}

function fieldsOf(e: PingView, k: PingView): FieldCheck[] {
  const f = (field: string, a: string | null, b: string | null) => ({
    field,
    engine: a,
    kernel: b,
    agree: a === b,
  });
  return [
    f('receiver', e.receiver, k.receiver),
    f('seen by the receiver', e.seen, k.seen),
    f('back at the sender', e.ping, k.ping),
  ];
}

export async function verifyLab(
  net: Network,
  probes: readonly ProbeSpec[],
  onProbe?: (v: ProbeVerdict) => void,
): Promise<VerifyReport> {
  const prefix = uniquePrefix();
  const out: ProbeVerdict[] = [];
  buildLab(net, prefix);
  try {
    for (const p of probes) {
      if (!net.byId.has(p.from)) throw new Error(`--probe: no device "${p.from}"`);
      if (p.proto !== 'icmp') {
        const v: ProbeVerdict = {
          probe: p,
          agree: true,
          fields: [],
          hooks: [],
          skipped: 'TCP/UDP probes are not run on the kernel yet',
        };
        out.push(v);
        onProbe?.(v);
        continue;
      }
      const { wait, ...engine } = enginePing(net, { from: p.from, to: p.to });
      const traced = net.devices.filter((d) => d.ruleset.size > 0);
      const sessions = await Promise.all(
        traced.map(async (d) => [d.id, await startNftTrace(nsName(prefix, d.id))] as const),
      );
      const kernel = await kernelPingView(net, prefix, { from: p.from, to: p.to }, wait);
      const traces = new Map<string, KernelTrace[]>();
      for (const [id, s] of sessions) traces.set(id, await s.stop());
      const t = trace(net, { from: p.from, to: ipv4(p.to) });
      const hooks = t.ok ? compareHooks(t.value, traces) : [];
      const fields = fieldsOf(engine, kernel);
      const v: ProbeVerdict = {
        probe: p,
        agree: fields.every((x) => x.agree) && hooks.every((h) => h.agree),
        fields,
        hooks,
      };
      out.push(v);
      onProbe?.(v);
    }
  } finally {
    teardown(prefix);
  }
  const ran = out.filter((v) => !v.skipped);
  return {
    lab: net.name,
    prefix,
    probes: out,
    agreed: ran.filter((v) => v.agree).length,
    disagreed: ran.filter((v) => !v.agree).length,
    skipped: out.length - ran.length,
  };
}
