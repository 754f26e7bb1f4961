/**
 * Probes on the real kernel, in a lab built in network namespaces from its document:
 *
 * - `KernelLab`: builds the lab (src/engine/export/netns-script.ts), starts an agent in every device
 *   namespace (listeners for the lab's `listen` entries, a capture of every interface, SNMP counters;
 *   src/kernel/services.ts), and runs ICMP echo, TCP SYN and UDP probes from a fixed source port / ICMP
 *   id, each from a cold start (neighbours, conntrack and route cache flushed everywhere), returning the
 *   raw observation: what the client socket got, every device's capture, the counters, and the answers
 *   of `ip route get` to the questions asked. Teardown always removes every namespace and process.
 * - `kernelPing`: one `ping` with tcpdump on every interface (the first harness; kept for its callers).
 *
 * scenarios.ts turns an observation into the same view as the engine's prediction.
 */
import { spawn } from 'node:child_process';
import { formatIpv4, type Ipv4 } from '../engine/addr/ipv4.ts';
import { netnsScript, nsName } from '../engine/export/netns-script.ts';
import type { Network } from '../engine/model/network.ts';
import { kernelUnavailable, nsExec, run, startCapture } from './host.ts';
import {
  NsAgent,
  PYTHON,
  runClient,
  track,
  type AgentConfig,
  type CapturedPacket,
  type ClientResult,
  type Snmp,
} from './services.ts';

/** Why probes cannot run here (host.ts's reasons, plus python3, conntrack and nft), or null. */
export function probesUnavailable(): string | null {
  const why = kernelUnavailable();
  if (why) return why;
  for (const [tool, pkg] of [
    [PYTHON, 'python3'],
    ['conntrack', 'conntrack'],
    ['nft', 'nftables'],
  ] as const)
    if (run('sh', ['-c', `command -v ${tool}`]).code !== 0)
      return `${tool} is not installed (apt-get install ${pkg})`;
  return null;
}

export type ProbeProto = 'icmp' | 'tcp' | 'udp';

/** One probe, as JSON (`probe.json` of a regression case). */
export interface ProbeSpec {
  /** Sending device id. */
  readonly from: string;
  /** Destination address. */
  readonly to: string;
  readonly proto: ProbeProto;
  /** TCP/UDP source port, or the ICMP echo id. */
  readonly sport: number;
  /** TCP/UDP destination port. */
  readonly dport?: number;
  /** Bind the socket to this local address. */
  readonly src?: string;
  /** SO_MARK. */
  readonly mark?: number;
  /** IP_TTL. */
  readonly ttl?: number;
}

/** One `ip route get` question to a device: output lookup, or input lookup when `iif` is given. */
export interface RouteQuery {
  readonly device: string;
  readonly dst: string;
  readonly from?: string;
  readonly iif?: string;
  readonly mark?: number;
}

export function routeGetArgs(q: RouteQuery): string[] {
  const a = ['route', 'get', q.dst];
  if (q.from !== undefined && q.from !== '0.0.0.0') a.push('from', q.from);
  if (q.iif !== undefined) a.push('iif', q.iif);
  if (q.mark) a.push('mark', `0x${(q.mark >>> 0).toString(16)}`);
  return a;
}

export interface RouteAnswer {
  readonly query: RouteQuery;
  readonly stdout: string;
  readonly stderr: string;
}

/** What the kernel did with one probe, unprocessed. */
export interface KernelObservation {
  readonly client: ClientResult;
  /** Per device: the IPv4 packets its interfaces saw during the probe. */
  readonly captures: Readonly<Record<string, readonly CapturedPacket[]>>;
  /** Per device: SNMP counter increments during the probe (non-zero ones only). */
  readonly counters: Readonly<Record<string, Snmp>>;
  readonly routes: readonly RouteAnswer[];
}

export interface KernelLabOptions {
  /** Seconds the client waits for an answer (default 0.8: an ARP failure takes 3 × 100 ms here). */
  readonly timeout?: number;
  /** Milliseconds to let trailing packets land in the captures after the client returned (default 40). */
  readonly settleMs?: number;
}

/** Per-namespace settings for probing that the engine does not model and that only change timing. */
function agentSysctls(net: Network, id: string): [string, number][] {
  const d = net.byId.get(id)!;
  // icmp_send() is not rate limited (the engine always sends errors; a ratemask of 0 also keeps it from
  // draining the per-host bucket ip_error() draws from). ARP gives up after 3 × 100 ms, not 3 × 1 s, and
  // proxy ARP answers at once instead of after a random delay of up to 0.8 s.
  const s: [string, number][] = [['ipv4/icmp_ratemask', 0]];
  for (const i of d.ifaces) {
    if (i.loopback) continue;
    // a /proc/sys path: the name as it is (eth0.222); only sysctl(8)'s dotted form writes eth0/222
    const n = i.name;
    s.push([`ipv4/neigh/${n}/retrans_time_ms`, 100], [`ipv4/neigh/${n}/proxy_delay`, 0]);
  }
  return s;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A lab built on the kernel, with an agent in every device namespace. */
export class KernelLab {
  private constructor(
    readonly net: Network,
    readonly prefix: string,
    private readonly agents: Map<string, NsAgent>,
    private readonly opts: KernelLabOptions,
  ) {}

  /** Builds the lab under `prefix` (removing leftovers first) and starts the agents. */
  static async open(net: Network, prefix: string, opts: KernelLabOptions = {}): Promise<KernelLab> {
    const agents = new Map<string, NsAgent>();
    const lab = new KernelLab(net, prefix, agents, opts);
    try {
      await removeNamespaces(prefix);
      const r = await exec('bash', ['-s'], netnsScript(net, { prefix }));
      if (r.code !== 0) throw new Error(`building the lab failed (${r.code}): ${r.stderr.trim()}`);
      const epoch = Math.floor(Date.now() / 1000) - 60;
      await Promise.all(
        net.devices.map(async (d) => {
          const cfg: AgentConfig = {
            listen: d.services.map((s) => `${s.proto}/${s.port}`),
            sysctl: agentSysctls(net, d.id),
            epoch,
          };
          agents.set(d.id, await NsAgent.start(nsName(prefix, d.id), cfg));
        }),
      );
      return lab;
    } catch (e) {
      await lab.close().catch(() => undefined);
      throw e;
    }
  }

  /** One probe from a cold start; `queries` are asked with `ip route get` before it is sent. */
  async probe(spec: ProbeSpec, queries: readonly RouteQuery[] = []): Promise<KernelObservation> {
    const before = new Map<string, Snmp>();
    await Promise.all([...this.agents].map(async ([id, a]) => before.set(id, await a.reset())));
    const routes = await Promise.all(
      queries.map(async (q) => {
        const r = await exec('ip', ['-n', nsName(this.prefix, q.device), ...routeGetArgs(q)]);
        return { query: q, stdout: r.stdout, stderr: r.stderr };
      }),
    );
    const client = await runClient(nsName(this.prefix, spec.from), {
      proto: spec.proto,
      to: spec.to,
      sport: spec.sport,
      ...(spec.dport !== undefined ? { dport: spec.dport } : {}),
      ...(spec.src !== undefined ? { src: spec.src } : {}),
      ...(spec.mark ? { mark: spec.mark } : {}),
      ...(spec.ttl !== undefined ? { ttl: spec.ttl } : {}),
      timeout: this.opts.timeout ?? 0.8,
    });
    await sleep(this.opts.settleMs ?? 40);
    const captures: Record<string, CapturedPacket[]> = {};
    const counters: Record<string, Snmp> = {};
    await Promise.all(
      [...this.agents].map(async ([id, a]) => {
        const d = await a.drain();
        captures[id] = [...d.packets];
        const b = before.get(id)!;
        counters[id] = Object.fromEntries(
          Object.entries(d.snmp)
            .map(([k, v]) => [k, v - (b[k] ?? 0)] as const)
            .filter(([, v]) => v !== 0),
        );
      }),
    );
    return { client, captures, counters, routes };
  }

  /** Stops the agents and deletes every namespace of the lab; throws if anything is left. */
  async close(): Promise<void> {
    await Promise.all([...this.agents.values()].map((a) => a.stop().catch(() => undefined)));
    this.agents.clear();
    await removeNamespaces(this.prefix);
    const left = await namespacesWith(this.prefix);
    if (left.length) throw new Error(`namespaces left behind: ${left.join(' ')}`);
  }
}

export interface Exec {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command without blocking the event loop. */
export function exec(cmd: string, args: readonly string[], input?: string, timeoutMs = 60000): Promise<Exec> {
  return new Promise((resolve, reject) => {
    const p = track(spawn(cmd, args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] }));
    let stdout = '';
    let stderr = '';
    p.stdout!.on('data', (b: Buffer) => (stdout += b.toString()));
    p.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
    const t = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('error', (e) => (clearTimeout(t), reject(e)));
    p.on('close', (code) => (clearTimeout(t), resolve({ code, stdout, stderr })));
    if (input !== undefined) p.stdin!.end(input);
  });
}

/** Namespaces whose name starts with the prefix. */
export async function namespacesWith(prefix: string): Promise<string[]> {
  const r = await exec('ip', ['netns', 'list']);
  return r.stdout
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((n) => n !== '' && n.startsWith(prefix));
}

/** Kills what runs in our namespaces (only processes inside namespaces we created) and deletes them. */
export async function removeNamespaces(prefix: string): Promise<void> {
  const nss = await namespacesWith(prefix);
  const pids = (await Promise.all(nss.map((n) => exec('ip', ['netns', 'pids', n])))).flatMap((r) =>
    r.stdout.split('\n').filter((s) => /^\d+$/.test(s)),
  );
  for (const pid of pids) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  if (nss.length) await exec('ip', ['-force', '-batch', '-'], nss.map((n) => `netns del ${n}\n`).join(''));
}

// ---------------------------------------------------------------------------------------------------
// The first harness: one `ping`, tcpdump on every interface.

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
