/**
 * Engine-vs-kernel comparison of one ping in a lab: build it in namespaces, ping with tcpdump on every
 * interface, predict with the engine, and describe both the same way so a test can compare them.
 */
import { formatIpv4, ipv4 } from '../engine/addr/ipv4.ts';
import { netnsScript } from '../engine/export/netns-script.ts';
import type { Network } from '../engine/model/network.ts';
import { trace } from '../engine/sim/trace.ts';
import { deleteNamespaces, runScript } from './host.ts';
import { kernelPing } from './probe.ts';

export interface PingView {
  /** Who got the echo request addressed to itself. */
  readonly receiver: string | null;
  /** The request as the receiver's tcpdump showed it. */
  readonly seen: string | null;
  /** What ping printed: `reply from X`, `From X <error>` or `no answer`. */
  readonly ping: string;
}

export interface PingProbe {
  readonly from: string;
  readonly to: string;
  readonly mark?: number;
  readonly ttl?: number;
}

const ERROR_TEXT: Record<string, string> = {
  'icmp Destination Host Unreachable': 'Destination Host Unreachable',
  'icmp Destination Net Unreachable': 'Destination Net Unreachable',
  'icmp Packet filtered': 'Packet filtered',
  'icmp Time to live exceeded': 'Time to live exceeded',
  'icmp Destination Port Unreachable': 'Destination Port Unreachable',
};

export function enginePing(net: Network, p: PingProbe): PingView & { wait: number } {
  const r = trace(net, {
    from: p.from,
    to: ipv4(p.to),
    ...(p.mark !== undefined ? { mark: p.mark } : {}),
    ...(p.ttl !== undefined ? { ttl: p.ttl } : {}),
  });
  if (!r.ok) throw new Error(r.error);
  const t = r.value;
  const seen = t.request.seen
    ? `${formatIpv4(t.request.seen.src)} > ${formatIpv4(t.request.seen.dst)}`
    : null;
  let ping = 'no answer';
  if (t.outcome === 'answered') ping = `reply from ${formatIpv4(t.reply!.socket!.src)}`;
  else if (t.outcome === 'error')
    ping = `From ${formatIpv4(t.reply!.socket!.src)} ${ERROR_TEXT[t.reply!.what] ?? t.reply!.what}`;
  const arpFailure = [t.request, t.reply].some((l) => l?.drop?.reason === 'neighbour_unreachable');
  return { receiver: t.request.receiver, seen, ping, wait: arpFailure ? 5 : 2 };
}

export async function kernelPingView(
  net: Network,
  prefix: string,
  p: PingProbe,
  wait: number,
): Promise<PingView> {
  const k = await kernelPing(net, prefix, p.from, ipv4(p.to), {
    wait,
    ...(p.mark !== undefined ? { mark: p.mark } : {}),
    ...(p.ttl !== undefined ? { ttl: p.ttl } : {}),
  });
  const ping = k.replyFrom ? `reply from ${k.replyFrom}` : k.error ? `From ${k.error.trim()}` : 'no answer';
  return { receiver: k.receiver, seen: k.seen ? `${k.seen.src} > ${k.seen.dst}` : null, ping };
}

/** Builds the lab, runs the probes, tears it down (always). */
export async function compareOnKernel(
  net: Network,
  prefix: string,
  probes: readonly PingProbe[],
): Promise<{ engine: PingView; kernel: PingView }[]> {
  try {
    const r = runScript(netnsScript(net, { prefix }));
    if (r.code !== 0) throw new Error(`building the lab failed: ${r.stderr}`);
    const out: { engine: PingView; kernel: PingView }[] = [];
    for (const p of probes) {
      const { wait, ...engine } = enginePing(net, p);
      out.push({ engine, kernel: await kernelPingView(net, prefix, p, wait) });
    }
    return out;
  } finally {
    deleteNamespaces(prefix);
  }
}
