/**
 * One ping on the real kernel, observed the way a person would: tcpdump on every interface of every
 * device of the lab, and ping's own output at the sender. Used by the kernel tests to compare with the
 * engine's prediction.
 */
import { formatIpv4, type Ipv4 } from '../engine/addr/ipv4.ts';
import type { Network } from '../engine/model/network.ts';
import { nsName } from '../engine/export/netns-script.ts';
import { nsExec, run, startCapture, type Capture } from './host.ts';

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

export async function kernelPing(
  net: Network,
  prefix: string,
  from: string,
  to: Ipv4,
  id = 4242,
): Promise<KernelPing> {
  coldStart(net, prefix);
  const caps: { device: string; iface: string; mac: string; cap: Capture }[] = [];
  for (const d of net.devices)
    for (const i of d.ifaces) {
      if (!i.loopback && !i.segment) continue;
      caps.push({
        device: d.id,
        iface: i.name,
        mac: i.mac,
        cap: await startCapture(nsName(prefix, d.id), i.name, 'icmp'),
      });
    }
  const ping = nsExec(
    nsName(prefix, from),
    ['ping', '-n', '-c', '1', '-W', '2', '-e', String(id), formatIpv4(to)],
    10000,
  );
  let receiver: string | null = null;
  let seen: KernelPing['seen'] = null;
  for (const c of caps) {
    const lines = await c.cap.stop();
    const dev = net.byId.get(c.device)!;
    const own = new Set(dev.ifaces.flatMap((i) => i.addrs.map((a) => formatIpv4(a.local))));
    for (const l of lines) {
      const m = REQ.exec(l);
      if (!m || Number(m[5]) !== id) continue;
      const [, , dstMac, src, dst] = m;
      const toUs = c.iface === 'lo' || dstMac === c.mac;
      if (toUs && own.has(dst!) && receiver === null) {
        receiver = c.device;
        seen = { src: src!, dst: dst!, id: Number(m[5]) };
      }
    }
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
