/**
 * An exercise: a lab, the flows to trace in it, and the questions asked along each trace. The file
 * holds no answers as truth (an `expected` is only the instructor's check): each flow is traced on the
 * lab when the exercise is played.
 */
import { formatIpv4, parseIpv4 } from '../addr/ipv4.ts';
import type { LabDocument } from '../lab/format.ts';
import type { Network } from '../model/network.ts';
import type { TraceResult } from '../sim/steps.ts';
import { trace, type Probe, type ProbeProto } from '../sim/trace.ts';
import { err, ok, type Result } from '../util/result.ts';
import { candidateKey, compareRefs, type Candidate, type Question } from './question.ts';

export const EXERCISE_FORMAT = 'natlab-exercise';
export const EXERCISE_VERSION = 1;

/** A flow as `natlab trace` takes it: from a device to an address. */
export interface ExerciseProbe {
  readonly from: string;
  /** An IPv4 address, dotted quad. */
  readonly to: string;
  readonly proto?: ProbeProto;
  readonly sport?: number;
  readonly dport?: number;
}

export interface ExerciseFlow {
  readonly label?: string;
  readonly probe: ExerciseProbe;
  readonly questions: readonly Question[];
}

export interface Exercise {
  readonly format: typeof EXERCISE_FORMAT;
  readonly version: typeof EXERCISE_VERSION;
  readonly title: string;
  readonly instructions?: string;
  /** The lab file (schema version 2), as written. */
  readonly lab: LabDocument;
  readonly flows: readonly ExerciseFlow[];
}

/** The engine's probe of a flow (the address parsed). */
export function probeOf(p: ExerciseProbe): Result<Probe> {
  const to = parseIpv4(p.to);
  if (!to.ok) return err(to.error);
  return ok({
    from: p.from,
    to: to.value,
    ...(p.proto !== undefined ? { proto: p.proto } : {}),
    ...(p.sport !== undefined ? { sport: p.sport } : {}),
    ...(p.dport !== undefined ? { dport: p.dport } : {}),
  });
}

/** Traces a flow on a freshly booted lab (each flow starts with empty conntrack and neighbour tables). */
export function traceFlow(network: Network, p: ExerciseProbe): Result<TraceResult> {
  const probe = probeOf(p);
  return probe.ok ? trace(network, probe.value) : probe;
}

/** The flow's questions from the candidates an instructor ticked, in the order the packet meets them. */
export function flowFromCandidates(
  probe: ExerciseProbe,
  chosen: readonly Candidate[],
  label?: string,
): ExerciseFlow {
  const seen = new Set<string>();
  const questions: Question[] = [];
  for (const c of [...chosen].sort((a, b) => compareRefs(a.at, b.at))) {
    const k = candidateKey(c);
    if (seen.has(k)) continue;
    seen.add(k);
    questions.push({ at: { leg: c.at.leg, hop: c.at.hop, step: c.at.step }, kind: c.kind });
  }
  return { ...(label !== undefined ? { label } : {}), probe, questions };
}

/** `vbs → 192.168.150.36 icmp`, `ws01 → 192.168.149.136 tcp/443`. */
export function flowTitle(f: ExerciseFlow): string {
  if (f.label) return f.label;
  const p = f.probe;
  const proto = p.proto ?? 'icmp';
  return `${p.from} → ${p.to} ${proto}${p.dport !== undefined ? `/${p.dport}` : ''}`;
}

/** The probe of an engine probe (for an exercise built from the trace bar's flow). */
export function exerciseProbe(p: Probe): ExerciseProbe {
  return {
    from: p.from,
    to: formatIpv4(p.to),
    ...(p.proto !== undefined ? { proto: p.proto } : {}),
    ...(p.sport !== undefined ? { sport: p.sport } : {}),
    ...(p.dport !== undefined ? { dport: p.dport } : {}),
  };
}
