/**
 * Programs that run inside a lab's network namespaces while it is probed, all python3 from the standard
 * library (no pip packages), and the Node side that starts, talks to and stops them:
 *
 * - the **agent** (one per device namespace, for the lab's lifetime): the device's listening sockets as
 *   the engine models them (src/engine/sim/socket.ts) — TCP: a socket listening on 0.0.0.0:PORT, so the
 *   kernel answers SYN with SYN-ACK; UDP: an echo service answering from the address the datagram was
 *   sent to (IP_PKTINFO) — plus a capture of every interface (an AF_PACKET socket, the tap tcpdump uses,
 *   with kernel timestamps and direction) and the namespace's SNMP counters. It also resets the
 *   namespace between probes (neighbours, conntrack, route cache). Commands on stdin: `reset`, `drain`;
 *   end of input stops it.
 * - the **client** (one per probe): an ICMP echo (raw socket), TCP SYN (non-blocking connect) or UDP
 *   datagram from a fixed source port / ICMP id, with SO_MARK and IP_TTL when asked and IP_RECVERR on,
 *   reporting what its socket got back as one JSON line.
 */
import { spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Payload length of a UDP probe datagram (`natlab-probe`). */
export const UDP_REQUEST_LEN = 12;

export const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

const live = new Set<ChildProcess>();

/** Child processes started here that are still running. */
export function liveChildren(): number {
  return [...live].filter((c) => c.exitCode === null && c.signalCode === null).length;
}

/** Kills every child this process started that still runs (a forced stop: builds, agents, clients). */
export function killChildren(): void {
  for (const c of live) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}

/** Remembers a child process until it exits (`liveChildren`, `killChildren`). */
export function track<T extends ChildProcess>(c: T): T {
  live.add(c);
  c.once('exit', () => live.delete(c));
  return c;
}

export interface AgentConfig {
  /** `tcp/PORT`, `udp/PORT`. */
  readonly listen: readonly string[];
  /** Paths under /proc/sys/net/ and values. */
  readonly sysctl: readonly (readonly [string, number])[];
  /** Capture timestamps are nanoseconds since this Unix time (seconds). */
  readonly epoch: number;
}

/** An IPv4 header (and the start of its transport header) as the agent parsed it. */
export interface PacketHeader {
  readonly src: string;
  readonly dst: string;
  readonly proto: number;
  readonly ttl: number;
  readonly icmpType?: number;
  readonly icmpCode?: number;
  /** ICMP echo id. */
  readonly id?: number;
  /** The offending packet quoted by an ICMP error. */
  readonly inner?: PacketHeader;
  readonly sport?: number;
  readonly dport?: number;
  /** UDP payload length. */
  readonly len?: number;
  /** TCP flags. */
  readonly flags?: number;
}

/** A packet captured on one of the namespace's interfaces. */
export interface CapturedPacket extends PacketHeader {
  /** Nanoseconds since the agent's epoch. */
  readonly t: number;
  readonly iface: string;
  readonly dir: 'in' | 'bcast' | 'mcast' | 'other' | 'out';
}

export type Snmp = Record<string, number>;

/** A namespace's agent: ask it to reset or drain, then stop it. */
export class NsAgent {
  private buf = '';
  private err = '';
  private readonly waiting: { resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = [];
  private exited = false;

  private constructor(
    readonly ns: string,
    private readonly proc: ChildProcessWithoutNullStreams,
  ) {
    proc.stdout.on('data', (b: Buffer) => this.onData(b.toString()));
    proc.stderr.on('data', (b: Buffer) => (this.err = (this.err + b.toString()).slice(-4000)));
    proc.on('exit', (code, sig) => {
      this.exited = true;
      const e = new Error(`agent in ${ns} exited (${code ?? sig}): ${this.err.trim()}`);
      for (const w of this.waiting.splice(0)) w.reject(e);
    });
    proc.on('error', (e) => {
      for (const w of this.waiting.splice(0)) w.reject(e);
    });
  }

  static async start(ns: string, cfg: AgentConfig): Promise<NsAgent> {
    const proc = track(
      spawn('ip', ['netns', 'exec', ns, PYTHON, '-I', '-S', '-c', AGENT_PY, JSON.stringify(cfg)], {
        stdio: ['pipe', 'pipe', 'pipe'],
      }),
    );
    const a = new NsAgent(ns, proc);
    await a.next(10000);
    return a;
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  private onData(s: string): void {
    this.buf += s;
    for (let i = this.buf.indexOf('\n'); i >= 0; i = this.buf.indexOf('\n')) {
      const line = this.buf.slice(0, i);
      this.buf = this.buf.slice(i + 1);
      const w = this.waiting.shift();
      if (!w) continue;
      try {
        w.resolve(JSON.parse(line));
      } catch (e) {
        w.reject(new Error(`agent in ${this.ns} said ${line.slice(0, 200)}: ${String(e)}`));
      }
    }
  }

  private next<T = unknown>(timeoutMs: number): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`agent in ${this.ns} is gone: ${this.err.trim()}`));
    return new Promise<T>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`agent in ${this.ns} did not answer`)), timeoutMs);
      this.waiting.push({
        resolve: (v) => (clearTimeout(t), resolve(v as T)),
        reject: (e) => (clearTimeout(t), reject(e)),
      });
    });
  }

  private ask<T>(cmd: string): Promise<T> {
    const p = this.next<T>(15000);
    this.proc.stdin.write(`${cmd}\n`);
    return p;
  }

  /** Cold start (route cache, neighbours, conntrack flushed), capture emptied; the counters now. */
  async reset(): Promise<Snmp> {
    return (await this.ask<{ snmp: Snmp }>('reset')).snmp;
  }

  /** The packets captured since the last reset or drain, and the counters now. */
  async drain(): Promise<{ packets: CapturedPacket[]; snmp: Snmp }> {
    return await this.ask<{ packets: CapturedPacket[]; snmp: Snmp }>('drain');
  }

  /** Stops the agent (its sockets close with it); killed if it does not exit within 2 s. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((r) => this.proc.once('exit', () => r()));
    this.proc.stdin.end();
    const t = setTimeout(() => this.proc.kill('SIGKILL'), 2000);
    await gone;
    clearTimeout(t);
  }
}

export interface ClientRequest {
  readonly proto: 'icmp' | 'tcp' | 'udp';
  readonly to: string;
  readonly sport: number;
  readonly dport?: number;
  readonly src?: string;
  readonly mark?: number;
  readonly ttl?: number;
  /** Seconds. */
  readonly timeout: number;
}

export interface ClientResult {
  readonly kind: 'none' | 'reply' | 'connected' | 'refused' | 'error';
  /** errno name of a send/connect call that failed at once. */
  readonly sendErrno: string | null;
  readonly peer?: { readonly addr: string; readonly id?: number; readonly port?: number };
  /** The ICMP error the socket got (IP_RECVERR), with its sender. */
  readonly icmp?: { readonly type: number; readonly code: number; readonly from: string };
  readonly errno?: string;
}

/** Runs one probe's client in a namespace. */
export function runClient(ns: string, req: ClientRequest): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const p = track(
      spawn('ip', ['netns', 'exec', ns, PYTHON, '-I', '-S', '-c', CLIENT_PY, JSON.stringify(req)], {
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    let out = '';
    let err = '';
    p.stdout.on('data', (b: Buffer) => (out += b.toString()));
    p.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const t = setTimeout(() => p.kill('SIGKILL'), (req.timeout + 10) * 1000);
    p.on('error', (e) => (clearTimeout(t), reject(e)));
    p.on('close', (code) => {
      clearTimeout(t);
      try {
        if (code !== 0) throw new Error(`exit ${code}`);
        resolve(JSON.parse(out) as ClientResult);
      } catch (e) {
        reject(new Error(`probe client in ${ns} failed (${String(e)}): ${err.trim() || out.trim()}`));
      }
    });
  });
}

/** The agent (see the module comment); its config is argv[1]. */
const AGENT_PY = String.raw`import json, os, select, socket, struct, subprocess, sys
cfg = json.loads(sys.argv[1])
for path, v in cfg['sysctl']:
    with open('/proc/sys/net/' + path, 'w') as f:
        f.write(str(v))
SOL_IP, IP_PKTINFO, SO_TIMESTAMPNS = 0, 8, 35
EPOCH = cfg['epoch']
cap = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
cap.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
cap.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
cap.setblocking(False)
udp, keep = [], []
for l in cfg['listen']:
    proto, port = l.split('/')
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM if proto == 'tcp' else socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if proto == 'udp':
        s.setsockopt(SOL_IP, IP_PKTINFO, 1)
        udp.append(s)
    s.bind(('0.0.0.0', int(port)))
    if proto == 'tcp':
        s.listen(1024)
        keep.append(s)
DIRS = {0: 'in', 1: 'bcast', 2: 'mcast', 3: 'other', 4: 'out'}
pkts = []
def hdr(b):
    ihl = (b[0] & 15) * 4
    d = {'src': socket.inet_ntoa(b[12:16]), 'dst': socket.inet_ntoa(b[16:20]), 'proto': b[9], 'ttl': b[8]}
    p = b[ihl:]
    if b[9] == 1 and len(p) >= 8:
        d['icmpType'], d['icmpCode'] = p[0], p[1]
        if p[0] in (0, 8):
            d['id'] = struct.unpack('!H', p[4:6])[0]
        elif len(p) >= 28:
            d['inner'] = hdr(p[8:])
    elif b[9] in (6, 17) and len(p) >= 8:
        d['sport'], d['dport'] = struct.unpack('!HH', p[0:4])
        if b[9] == 17:
            d['len'] = struct.unpack('!H', p[4:6])[0] - 8
        elif len(p) >= 14:
            d['flags'] = p[13]
    return d
def capture():
    while True:
        try:
            data, anc, _, addr = cap.recvmsg(65535, 64)
        except BlockingIOError:
            return
        if len(data) < 34 or data[12:14] != b'\x08\x00':
            continue
        d = hdr(data[14:])
        d['t'] = 0
        for lvl, typ, val in anc:
            if lvl == socket.SOL_SOCKET and typ == SO_TIMESTAMPNS:
                sec, ns = struct.unpack('qq', val[:16])
                d['t'] = (sec - EPOCH) * 1000000000 + ns
        d['iface'], d['dir'] = addr[0], DIRS.get(addr[2], 'other')
        pkts.append(d)
def snmp():
    out = {}
    for fn in ('/proc/net/snmp', '/proc/net/netstat'):
        with open(fn) as f:
            lines = f.read().splitlines()
        for i in range(0, len(lines) - 1, 2):
            k, v = lines[i].split(), lines[i + 1].split()
            for a, b in zip(k[1:], v[1:]):
                out[k[0][:-1] + a] = int(b)
    return out
def lines(fn):
    try:
        with open(fn) as f:
            return len(f.read().splitlines())
    except OSError:
        return 0
def reset():
    with open('/proc/sys/net/ipv4/route/flush', 'w') as f:
        f.write('1')
    if lines('/proc/net/arp') > 1:
        subprocess.run(['ip', 'neigh', 'flush', 'all'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if lines('/proc/net/nf_conntrack') > 0:
        subprocess.run(['conntrack', '-F'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
def echo(s):
    try:
        data, anc, _, peer = s.recvmsg(65535, 256)
        info = [struct.pack('i4s4s', 0, v[8:12], bytes(4)) for l, t, v in anc if l == SOL_IP and t == IP_PKTINFO]
        s.sendmsg([b'natlab-echo:' + data], [(SOL_IP, IP_PKTINFO, i) for i in info], 0, peer)
    except OSError:
        pass
def say(o):
    sys.stdout.write(json.dumps(o) + '\n')
    sys.stdout.flush()
say({'ready': True})
stdin = sys.stdin.buffer
while True:
    r = select.select([cap, stdin] + udp, [], [])[0]
    capture()
    for s in udp:
        if s in r:
            echo(s)
    if stdin in r:
        cmd = stdin.readline().strip()
        if cmd == b'reset':
            reset()
            capture()
            pkts = []
            say({'snmp': snmp()})
        elif cmd == b'drain':
            say({'packets': pkts, 'snmp': snmp()})
            pkts = []
        else:
            break
`;

/** The client: one probe (argv[1]), one JSON line on stdout. */
const CLIENT_PY = String.raw`import errno, json, select, socket, struct, sys, time
c = json.loads(sys.argv[1])
SOL_IP, IP_TTL, IP_RECVERR, SO_MARK, MSG_ERRQUEUE = 0, 2, 11, 36, 0x2000
out = {'kind': 'none', 'sendErrno': None}
end = time.monotonic() + c['timeout']
def left():
    return max(0.0, end - time.monotonic())
def name(e):
    return errno.errorcode.get(e, str(e))
def sock(kind, proto=0):
    s = socket.socket(socket.AF_INET, kind, proto)
    if c.get('mark'):
        s.setsockopt(socket.SOL_SOCKET, SO_MARK, c['mark'])
    if c.get('ttl'):
        s.setsockopt(SOL_IP, IP_TTL, c['ttl'])
    if kind != socket.SOCK_RAW:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.setsockopt(SOL_IP, IP_RECVERR, 1)
    return s
def errqueue(s):
    try:
        anc = s.recvmsg(512, 512, MSG_ERRQUEUE)[1]
    except OSError:
        return False
    for lvl, typ, v in anc:
        if lvl == SOL_IP and typ == IP_RECVERR and v[4] == 2:
            out.update(kind='error', icmp={'type': v[5], 'code': v[6], 'from': socket.inet_ntoa(v[20:24])})
            return True
    return False
def send(s, data, dst):
    try:
        s.sendto(data, dst)
        return True
    except OSError as e:
        out['sendErrno'] = name(e.errno)
        return e.errno == errno.EPERM
def cksum(b):
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff)
    return ~(s + (s >> 16)) & 0xffff
def icmp():
    # as iputils ping: without -I, connect a UDP socket (mark set) to learn the source; its failure
    # ends ping; the echo then leaves from the raw socket, unbound (strace of iputils 20221126)
    if not c.get('src'):
        probe = sock(socket.SOCK_DGRAM)
        try:
            probe.connect((c['to'], 1025))
        except OSError as e:
            out['sendErrno'] = name(e.errno)
            return
        finally:
            probe.close()
    s = sock(socket.SOCK_RAW, socket.IPPROTO_ICMP)
    if c.get('src'):
        s.bind((c['src'], 0))
    ident = c['sport']
    p = struct.pack('!BBHHH', 8, 0, 0, ident, 1) + b'natlab-probe'
    if not send(s, p[:2] + struct.pack('!H', cksum(p)) + p[4:], (c['to'], 0)):
        return
    while select.select([s], [], [], left())[0]:
        d = s.recv(65535)
        h = (d[0] & 15) * 4
        t = d[h]
        if t == 0 and struct.unpack('!H', d[h + 4:h + 6])[0] == ident:
            out.update(kind='reply', peer={'addr': socket.inet_ntoa(d[12:16]), 'id': ident})
            return
        q = d[h + 8:]
        if t in (3, 4, 11, 12) and len(q) >= 28 and q[9] == 1:
            qh = (q[0] & 15) * 4
            if len(q) >= qh + 8 and q[qh] == 8 and struct.unpack('!H', q[qh + 4:qh + 6])[0] == ident:
                out.update(kind='error', icmp={'type': t, 'code': d[h + 1], 'from': socket.inet_ntoa(d[12:16])})
                return
def tcp():
    s = sock(socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
    s.bind((c.get('src') or '0.0.0.0', c['sport']))
    s.setblocking(False)
    e = s.connect_ex((c['to'], c['dport']))
    if e == errno.EINPROGRESS:
        if not select.select([], [s], [], left())[1]:
            return
        e = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        if e == 0:
            a = s.getpeername()
            out.update(kind='connected', peer={'addr': a[0], 'port': a[1]})
        elif not errqueue(s):
            out.update(kind='refused') if e == errno.ECONNREFUSED else out.update(kind='error', errno=name(e))
    elif e:
        out['sendErrno'] = name(e)
def udp():
    # an unconnected UDP socket's sendto(): one route lookup (a connected one would look up twice
    # and drop answers from other addresses); the engine models the same (sim/socket-call.ts SendMode)
    s = sock(socket.SOCK_DGRAM)
    s.bind((c.get('src') or '0.0.0.0', c['sport']))
    if not send(s, b'natlab-probe', (c['to'], c['dport'])):
        return
    while select.select([s], [], [], left())[0]:
        try:
            a = s.recvfrom(65535)[1]
            out.update(kind='reply', peer={'addr': a[0], 'port': a[1]})
            return
        except OSError:
            if errqueue(s):
                return
{'icmp': icmp, 'tcp': tcp, 'udp': udp}[c['proto']]()
print(json.dumps(out))
`;
