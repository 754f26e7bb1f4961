/**
 * `natlab verify`: build the lab on this kernel, run probes (ICMP echo as ping, TCP connect, UDP), and
 * compare each with the engine's prediction field by field — the outcome at the sender's socket, which
 * device the request was delivered to, what it saw there (captured on every interface) and its TTL, the
 * answer or ICMP error the sender got, a socket call that failed, the devices the request crossed, at
 * every device it crossed the routing decision (`ip route get … iif … mark …`), and at every device with
 * netfilter rules the chains, rules and policies both packets went through (`nft monitor trace`).
 */
import { release } from 'node:os';
import type { Network } from '../engine/model/network.ts';
import { nsName } from '../engine/export/netns-script.ts';
import type { ProbeSpec } from './default-probes.ts';
import { compareViews, FIELDS, type Field } from './fuzz/compare.ts';
import { compareHooks, type HopComparison } from './hook-compare.ts';
import { startNftMonitor, type KernelTrace, type TraceMonitor } from './nft-trace.ts';
import { KernelLab, probesUnavailable, type ProbeSpec as KernelProbe, type RouteQuery } from './probe.ts';
import { guardPrefix, KernelUnavailable, releasePrefix, uniquePrefix } from './realize.ts';
import { engineProbe, kernelView, type ProbeView } from './scenarios.ts';

export interface FieldCheck {
  readonly field: string;
  readonly engine: string | null;
  readonly kernel: string | null;
  readonly agree: boolean;
}

export interface ProbeVerdict {
  readonly probe: ProbeSpec;
  readonly agree: boolean;
  /** One line: what the kernel did. */
  readonly summary: string;
  /** One line: what the engine predicted (the same as `summary` when they agree). */
  readonly engineSummary: string;
  readonly fields: readonly FieldCheck[];
  readonly hooks: readonly HopComparison[];
  /** It disagreed the first time and agreed on every field when probed again from a cold start. */
  readonly retried?: boolean;
}

export interface VerifyReport {
  readonly lab: string;
  readonly prefix: string;
  readonly kernel: string;
  readonly probes: readonly ProbeVerdict[];
  readonly agreed: number;
  readonly disagreed: number;
  readonly seconds: number;
}

/** The compared fields, as the report names them. */
export const FIELD_LABEL: Record<Exclude<Field, 'routes'>, string> = {
  verdict: 'outcome',
  receiver: 'receiver',
  seen: 'seen by the receiver',
  ttl: 'TTL at the receiver',
  reply: 'answer at the sender',
  error: 'ICMP error at the sender',
  sendErrno: 'socket call failed',
  path: 'devices crossed',
};

/** Default ports and ICMP id of a probe (the engine's defaults: trace.ts). */
export function kernelProbe(p: ProbeSpec): KernelProbe {
  return {
    from: p.from,
    to: p.to,
    proto: p.proto,
    sport: p.proto === 'icmp' ? 4242 : 40000,
    ...(p.proto !== 'icmp' ? { dport: p.port! } : {}),
  };
}

export function routeQueryText(q: RouteQuery): string {
  return `ip route get ${q.dst}${q.from ? ` from ${q.from}` : ''}${q.iif ? ` iif ${q.iif}` : ''}${q.mark ? ` mark 0x${q.mark.toString(16)}` : ''} on ${q.device}`;
}

const text = (v: unknown): string | null =>
  v === null || v === undefined ? null : Array.isArray(v) ? v.join(' → ') : String(v);

function fieldChecks(engine: ProbeView, kernel: ProbeView, randomized: boolean): FieldCheck[] {
  const diffs = compareViews(engine, kernel, randomized);
  const out: FieldCheck[] = [];
  for (const f of FIELDS) {
    if (f === 'routes') {
      const n = Math.max(engine.routes.length, kernel.routes.length);
      for (let i = 0; i < n; i++) {
        const e = engine.routes[i];
        const k = kernel.routes[i];
        out.push({
          field: routeQueryText((e ?? k)!.query),
          engine: e?.answer ?? null,
          kernel: k?.answer ?? null,
          agree: JSON.stringify(e?.query) === JSON.stringify(k?.query) && e?.answer === k?.answer,
        });
      }
      continue;
    }
    out.push({
      field: FIELD_LABEL[f],
      engine: text(engine[f]),
      kernel: text(kernel[f]),
      agree: !diffs.some((d) => d.field === f),
    });
  }
  return out;
}

/** One line for a probe: `answered by 192.168.150.36 id 4242`, `ICMP 3/1 from 10.0.0.1`… */
export function summaryOf(v: ProbeView): string {
  switch (v.verdict) {
    case 'answered':
      return `answered by ${v.reply}${v.receiver ? ` (delivered to ${v.receiver} as ${v.seen})` : ''}`;
    case 'refused':
      return `refused (TCP reset from ${v.reply})`;
    case 'error':
      return `ICMP error ${v.error}`;
    case 'send-failed':
      return `the socket call failed: ${v.sendErrno}`;
    case 'no-reply':
      return `delivered to ${v.receiver} as ${v.seen}, no answer came back`;
    case 'dropped':
      return `dropped after ${v.path.join(' → ')}, nothing came back`;
  }
}

/** Devices whose packets are traced per hook: those with netfilter rules. */
function tracedDevices(net: Network): string[] {
  return net.devices.filter((d) => d.ruleset.size > 0).map((d) => d.id);
}

async function runOne(
  engineNet: Network,
  lab: KernelLab,
  monitors: ReadonlyMap<string, TraceMonitor>,
  p: ProbeSpec,
): Promise<ProbeVerdict> {
  const spec = kernelProbe(p);
  const e = engineProbe(engineNet, spec);
  // whatever an earlier probe left in the monitors is not this probe's
  await Promise.all([...monitors.values()].map((m) => m.take()));
  const observation = await lab.probe(spec, e.queries);
  const traces = new Map<string, KernelTrace[]>();
  for (const [id, m] of monitors) traces.set(id, await m.take());
  const kernel = kernelView(spec, observation);
  const fields = fieldChecks(e.view, kernel, e.randomized);
  const hooks = compareHooks(e.trace, traces);
  const agree = fields.every((f) => f.agree) && hooks.every((h) => h.agree);
  return { probe: p, agree, summary: summaryOf(kernel), engineSummary: summaryOf(e.view), fields, hooks };
}

/**
 * Builds the lab under a unique prefix, runs the probes one after the other (each from a cold start:
 * neighbours, conntrack and route cache flushed), tears everything down whatever happens (also on
 * Ctrl-C: realize.ts), and reports. A probe that disagrees is run once more; it counts as agreeing only
 * if every field then agrees (`retried`).
 */
export interface VerifyOptions {
  /** The engine predicts with this network instead (tests: proves that a disagreement is reported). */
  readonly predictWith?: Network;
}

export async function verifyLab(
  net: Network,
  probes: readonly ProbeSpec[],
  onProbe?: (v: ProbeVerdict) => void,
  opts: VerifyOptions = {},
): Promise<VerifyReport> {
  const engineNet = opts.predictWith ?? net;
  const why = probesUnavailable();
  if (why) throw new KernelUnavailable(why);
  for (const p of probes) if (!net.byId.has(p.from)) throw new Error(`--probe: no device "${p.from}"`);
  const started = Date.now();
  const prefix = uniquePrefix();
  guardPrefix(prefix);
  const out: ProbeVerdict[] = [];
  try {
    const lab = await KernelLab.open(net, prefix);
    const monitors = new Map<string, TraceMonitor>();
    try {
      await Promise.all(
        tracedDevices(net).map(async (id) => monitors.set(id, await startNftMonitor(nsName(prefix, id)))),
      );
      for (const p of probes) {
        let v = await runOne(engineNet, lab, monitors, p);
        if (!v.agree) {
          const again = await runOne(engineNet, lab, monitors, p);
          if (again.agree) v = { ...again, retried: true };
        }
        out.push(v);
        onProbe?.(v);
      }
    } finally {
      await Promise.all([...monitors.values()].map((m) => m.close().catch(() => undefined)));
      await lab.close();
    }
  } finally {
    releasePrefix(prefix);
  }
  return {
    lab: net.name,
    prefix,
    kernel: release(),
    probes: out,
    agreed: out.filter((v) => v.agree).length,
    disagreed: out.filter((v) => !v.agree).length,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}
