/**
 * The kernel's own per-hook trace, as in shared/kernel-lab/kernel-trace-demo.sh: an nft table
 * `natlab_trace` whose chains at priority −350 set `meta nftrace set 1` on every IPv4 packet entering
 * PREROUTING or OUTPUT, and `nft monitor trace` in the namespace. Every iptables-nft chain the packet
 * then visits is reported with the packet as the chain sees it, each matching rule with its verdict, and
 * policies with the mark. Parsed into the same events as the engine's {@link hookEvents}.
 */
import { spawn } from 'node:child_process';
import type { HookEvent } from '../engine/sim/hook-events.ts';
import type { Hook, TableName } from '../engine/model/netfilter.ts';
import { nsExec } from './host.ts';

export const TRACE_TABLE = 'natlab_trace';

const TRACE_RULESET = `table ip ${TRACE_TABLE} {
  chain pre_first { type filter hook prerouting priority -350; meta nftrace set 1; }
  chain out_first { type filter hook output priority -350; meta nftrace set 1; }
}
`;

/** The first packet line of one traced packet (at −350 in PREROUTING or OUTPUT). */
export interface TracedPacket {
  readonly hook: 'prerouting' | 'output';
  readonly iif: string | null;
  readonly oif: string | null;
  readonly saddr: string;
  readonly daddr: string;
  readonly proto: string;
  /** `echo-request`, `destination-unreachable`…, or `tcp`/`udp` ports as `sport>dport`. */
  readonly l4: string;
}

export interface KernelTrace {
  readonly id: string;
  readonly first: TracedPacket;
  readonly events: HookEvent[];
}

const HOOK_OF: Record<string, Hook> = {
  PREROUTING: 'prerouting',
  INPUT: 'input',
  FORWARD: 'forward',
  OUTPUT: 'output',
  POSTROUTING: 'postrouting',
};
const IPT_TABLES = new Set(['raw', 'mangle', 'nat', 'filter', 'security']);

function field(s: string, key: string): string | null {
  const m = new RegExp(`(?:^| )${key.replace(/ /g, ' ')} ("[^"]*"|\\S+)`).exec(s);
  return m ? m[1]!.replace(/^"|"$/g, '') : null;
}

function l4Of(rest: string): { proto: string; l4: string } {
  const icmp = field(rest, 'icmp type');
  if (icmp) return { proto: 'icmp', l4: icmp };
  for (const p of ['tcp', 'udp']) {
    const sp = field(rest, `${p} sport`);
    if (sp) return { proto: p, l4: `${sp}>${field(rest, `${p} dport`)}` };
  }
  return { proto: field(rest, 'ip protocol') ?? '?', l4: '' };
}

/** Rule positions by `table/chain/handle`, from `nft -a list ruleset`: the trace names rules by handle. */
export type RuleIndex = ReadonlyMap<string, number>;

export function parseRuleIndex(listing: string): RuleIndex {
  const out = new Map<string, number>();
  let table = '';
  let chain = '';
  let n = 0;
  for (const raw of listing.split('\n')) {
    const line = raw.trim();
    const t = /^table ip (\S+) \{/.exec(line);
    if (t) {
      table = t[1]!;
      continue;
    }
    const c = /^chain (\S+) \{/.exec(line);
    if (c) {
      chain = c[1]!;
      n = 0;
      continue;
    }
    const h = /# handle (\d+)$/.exec(line);
    if (h && table && chain && !line.startsWith('type ')) out.set(`${table}/${chain}/${h[1]}`, ++n);
  }
  return out;
}

/** Parses `nft -a monitor trace` text (nft 1.0.6) into one entry per traced packet. */
export function parseNftTrace(text: string, rules: RuleIndex = new Map()): KernelTrace[] {
  const byId = new Map<string, { first: TracedPacket | null; events: HookEvent[] }>();
  const re = /^trace id (\S+) ip (\S+) (\S+) (packet: |rule |policy |return |unknown )?(.*)$/;
  for (const line of text.split('\n')) {
    const m = re.exec(line.trimEnd());
    if (!m) continue;
    const [, id, table, chain, kindRaw, rest] = m as unknown as [
      string,
      string,
      string,
      string,
      string | undefined,
      string,
    ];
    const kind = (kindRaw ?? '').trim().replace(/:$/, '');
    let t = byId.get(id);
    if (!t) byId.set(id, (t = { first: null, events: [] }));
    if (table === TRACE_TABLE) {
      if (kind === 'packet' && t.first === null) {
        t.first = {
          hook: chain === 'out_first' ? 'output' : 'prerouting',
          iif: field(rest, 'iif'),
          oif: field(rest, 'oif'),
          saddr: field(rest, 'ip saddr') ?? '?',
          daddr: field(rest, 'ip daddr') ?? '?',
          ...l4Of(rest),
        };
      }
      continue;
    }
    if (!IPT_TABLES.has(table)) continue;
    const tbl = table as TableName;
    if (kind === 'packet') {
      t.events.push({
        kind: 'chain',
        hook: HOOK_OF[chain] ?? 'prerouting',
        table: tbl,
        chain,
        iif: field(rest, 'iif'),
        oif: field(rest, 'oif'),
        saddr: field(rest, 'ip saddr') ?? '?',
        daddr: field(rest, 'ip daddr') ?? '?',
        ttl: Number(field(rest, 'ip ttl') ?? 0),
      });
    } else if (kind === 'rule') {
      const v = /\(verdict ([^)]*)\)\s*$/.exec(rest);
      const h = /# handle (\d+) \(verdict/.exec(rest);
      const index = h ? rules.get(`${table}/${chain}/${h[1]}`) : undefined;
      t.events.push({
        kind: 'rule',
        table: tbl,
        chain,
        ...(index !== undefined ? { index } : {}),
        verdict: v ? v[1]! : '?',
      });
    } else if (kind === 'policy') {
      const mark = /meta mark (0x[0-9a-f]+)/.exec(rest);
      t.events.push({
        kind: 'policy',
        table: tbl,
        chain,
        verdict: rest.split(' ')[0] ?? '?',
        mark: mark ? parseInt(mark[1]!, 16) : 0,
      });
    }
  }
  return [...byId]
    .filter(([, t]) => t.first !== null)
    .map(([id, t]) => ({ id, first: t.first!, events: t.events }));
}

export interface TraceSession {
  /** Stops the monitor, removes the trace table, returns what was traced. */
  stop(): Promise<KernelTrace[]>;
}

/** Installs the trace table and starts `nft monitor trace` in a namespace (resolves once subscribed). */
export async function startNftTrace(ns: string): Promise<TraceSession> {
  const m = await startNftMonitor(ns);
  return {
    async stop() {
      const traced = await m.take();
      await m.close();
      return traced;
    },
  };
}

/** A trace kept running over many probes: `take()` returns what was traced since the last take. */
export interface TraceMonitor {
  take(): Promise<KernelTrace[]>;
  /** Stops the monitor and removes the trace table. */
  close(): Promise<void>;
}

/**
 * Like {@link startNftTrace}, but subscribed once (the 700 ms subscription wait is paid once, not per
 * probe). `take()` waits until the monitor has been quiet for 60 ms (nft prints each event as it
 * arrives), then hands over every complete line printed so far.
 */
export async function startNftMonitor(ns: string): Promise<TraceMonitor> {
  const add = spawn('ip', ['netns', 'exec', ns, 'nft', '-f', '-'], { stdio: ['pipe', 'ignore', 'pipe'] });
  add.stdin.end(TRACE_RULESET);
  await new Promise<void>((resolve, reject) =>
    add.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`nft -f in ${ns} failed (${code})`)),
    ),
  );
  const rules = parseRuleIndex(nsExec(ns, ['nft', '-a', 'list', 'ruleset']).stdout);
  const mon = spawn('ip', ['netns', 'exec', ns, 'nft', '-a', 'monitor', 'trace'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let out = '';
  let last = Date.now();
  mon.stdout.on('data', (b: Buffer) => {
    out += b.toString();
    last = Date.now();
  });
  // nft needs a moment to subscribe; events before that are lost (semantics doc §11, Timing)
  await new Promise((r) => setTimeout(r, 700));
  out = '';
  return {
    async take() {
      const t0 = Date.now();
      while (Date.now() - last < 60 && Date.now() - t0 < 1000) await new Promise((r) => setTimeout(r, 20));
      const cut = out.lastIndexOf('\n') + 1;
      const text = out.slice(0, cut);
      out = out.slice(cut);
      return parseNftTrace(text, rules);
    },
    close: () =>
      new Promise((resolve) => {
        const done = () => {
          nsExec(ns, ['nft', 'delete', 'table', 'ip', TRACE_TABLE]);
          resolve();
        };
        if (mon.exitCode !== null) return done();
        mon.once('exit', done);
        mon.kill('SIGTERM');
      }),
  };
}
