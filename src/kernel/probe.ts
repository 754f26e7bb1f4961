/**
 * One ping on the real kernel, observed the way a person would: tcpdump on every interface of every
 * device of the lab, and ping's own output at the sender. Used by the kernel tests to compare with the
 * engine's prediction.
 */
import { formatIpv4, type Ipv4 } from '../engine/addr/ipv4.ts';
import type { Network } from '../engine/model/network.ts';
import { nsName } from '../engine/export/netns-script.ts';
import { nsExec, run, startCapture } from './host.ts';

export interface KernelPing {
  /** Device whose interface captured the echo request addressed to one of its own addresses. */
  readonly receiver: string | null;
  /** The request as tcpdump showed it at the receiver. */
  readonly seen: { readonly src: string; readonly dst: string; readonly id: number } | null;
  /** ping got an answer, and from which address (`64 bytes from X`). */
  readonly replyFrom: string | null;
  /** `From X icmp_seq=1 …` error line, if any. */
  readonly error: string | null;
  readonly pingOutput: string;
}

/** `tcpdump -e -n`: `TIME SRCMAC > DSTMAC, ethertype IPv4 (0x0800), length N: A > B: ICMP echo request, id I, …` */
const REQ =
  /^\S+ (\S+) > (\S+), .*length \d+: (\d+\.\d+\.\d+\.\d+) > (\d+\.\d+\.\d+\.\d+): ICMP echo request, id (\d+)/;

/** Flush neighbour caches and conntrack everywhere so the kernel starts as cold as the engine does. */
export function coldStart(net: Network, prefix: string): void {
  for (const d of net.devices) {
    run('ip', ['-n', nsName(prefix, d.id), 'neigh', 'flush', 'all']);
    nsExec(nsName(prefix, d.id), ['conntrack', '-F']);
  }
}

export interface PingOptions {
  readonly id?: number;
  /** SO_MARK (`ping -m`). */
  readonly mark?: number;
  readonly ttl?: number;
  /** Seconds to wait for an answer; ARP failures take ~3 s to be reported. */
  readonly wait?: number;
}

export async function kernelPing(
  net: Network,
  prefix: string,
  from: string,
  to: Ipv4,
  o: PingOptions = {},
): Promise<KernelPing> {
  const id = o.id ?? 4242;
  coldStart(net, prefix);
  const targets = net.devices.flatMap((d) =>
    d.ifaces
      .filter((i) => i.loopback || i.segment)
      .map((i) => ({ device: d.id, iface: i.name, mac: i.mac as string })),
  );
  const caps = await Promise.all(
    targets.map(async (t) => ({ ...t, cap: await startCapture(nsName(prefix, t.device), t.iface, 'icmp') })),
  );
  const args = ['ping', '-n', '-c', '1', '-W', String(o.wait ?? 2), '-e', String(id)];
  if (o.mark !== undefined) args.push('-m', String(o.mark));
  if (o.ttl !== undefined) args.push('-t', String(o.ttl));
  const ping = nsExec(nsName(prefix, from), [...args, formatIpv4(to)], 15000);
  // The receiver: a device that got the request addressed to one of its own addresses and did not
  // send it on (a NAT box sees the pre-DNAT address on its way in, then forwards the packet).
  const inbound = new Map<string, { src: string; dst: string }>();
  const forwarded = new Set<string>();
  for (const c of caps) {
    const lines = await c.cap.stop();
    const own = new Set(
      net.byId.get(c.device)!.ifaces.flatMap((i) => i.addrs.map((a) => formatIpv4(a.local))),
    );
    for (const l of lines) {
      const m = REQ.exec(l);
      if (!m || Number(m[5]) !== id) continue;
      const [, srcMac, dstMac, src, dst] = m as unknown as [string, string, string, string, string];
      if (c.iface !== 'lo' && srcMac === c.mac && c.device !== from) forwarded.add(c.device);
      const toUs = c.iface === 'lo' || dstMac === c.mac;
      if (toUs && own.has(dst) && !inbound.has(c.device)) inbound.set(c.device, { src, dst });
    }
  }
  let receiver: string | null = null;
  let seen: KernelPing['seen'] = null;
  for (const [device, h] of inbound) {
    if (forwarded.has(device)) continue;
    receiver = device;
    seen = { ...h, id };
    break;
  }
  const out = ping.stdout;
  const reply = /bytes from (\d+\.\d+\.\d+\.\d+)/.exec(out);
  const error = /From (\d+\.\d+\.\d+\.\d+).*icmp_seq=\d+ (.*)/.exec(out);
  return {
    receiver,
    seen,
    replyFrom: reply ? reply[1]! : null,
    error: error ? `${error[1]} ${error[2]}` : null,
    pingOutput: out,
  };
}
