/**
 * Field-by-field comparison of the engine's and the kernel's view of one probe, and the agreement
 * figures over a run.
 */
import type { ProbeView } from '../scenarios.ts';

/** The compared fields of a `ProbeView` (`routes` is compared per `ip route get` question). */
export const FIELDS = [
  'verdict',
  'receiver',
  'seen',
  'ttl',
  'reply',
  'error',
  'sendErrno',
  'path',
  'routes',
] as const;
export type Field = (typeof FIELDS)[number];

export interface FieldDiff {
  readonly field: Field;
  readonly engine: unknown;
  readonly kernel: unknown;
}

/**
 * Ports and ICMP ids the kernel picks at random (a NAT tuple clash: `get_unique_tuple` starts from a
 * random offset) cannot be compared exactly: when the engine flags such a pick, any value in the range
 * the kernel draws from (1024–65535 for ports ≥ 1024, any id for ICMP) matches.
 */
function loose(s: string | null): string | null {
  return s === null ? null : s.replace(/:\d+/g, ':*').replace(/id \d+/g, 'id *');
}

function numbersInRange(s: string | null): boolean {
  if (s === null) return true;
  const ports = [...s.matchAll(/:(\d+)/g)].map((m) => Number(m[1]));
  const ids = [...s.matchAll(/id (\d+)/g)].map((m) => Number(m[1]));
  return ports.every((p) => p >= 1024 && p <= 65535) && ids.every((i) => i >= 0 && i <= 65535);
}

function sameText(field: Field, e: string | null, k: string | null, randomized: boolean): boolean {
  if (e === k) return true;
  return randomized && (field === 'seen' || field === 'reply') && loose(e) === loose(k) && numbersInRange(k);
}

export function compareViews(engine: ProbeView, kernel: ProbeView, randomized = false): FieldDiff[] {
  const diffs: FieldDiff[] = [];
  for (const field of FIELDS) {
    if (field === 'routes') {
      const n = Math.max(engine.routes.length, kernel.routes.length);
      for (let i = 0; i < n; i++) {
        const e = engine.routes[i];
        const k = kernel.routes[i];
        if (JSON.stringify(e?.query) !== JSON.stringify(k?.query) || e?.answer !== k?.answer)
          diffs.push({ field, engine: e ?? null, kernel: k ?? null });
      }
      continue;
    }
    const e = engine[field];
    const k = kernel[field];
    const same =
      field === 'path'
        ? JSON.stringify(e) === JSON.stringify(k)
        : typeof e === 'number' || typeof k === 'number'
          ? e === k
          : sameText(field, e as string | null, k as string | null, randomized);
    if (!same) diffs.push({ field, engine: e, kernel: k });
  }
  return diffs;
}

/** Per field: how many comparisons agreed, out of how many. */
export type Agreement = Record<Field, { agree: number; total: number }>;

export function emptyAgreement(): Agreement {
  return Object.fromEntries(FIELDS.map((f) => [f, { agree: 0, total: 0 }])) as Agreement;
}

export function tally(a: Agreement, engine: ProbeView, diffs: readonly FieldDiff[]): void {
  for (const f of FIELDS) {
    const n = f === 'routes' ? engine.routes.length : 1;
    const bad = diffs.filter((d) => d.field === f).length;
    a[f].total += Math.max(n, bad);
    a[f].agree += Math.max(n, bad) - bad;
  }
}

export function formatAgreement(a: Agreement): string[] {
  return FIELDS.map((f) => {
    const { agree, total } = a[f];
    const pct = total ? ((100 * agree) / total).toFixed(agree === total ? 0 : 2) : '—';
    return `  ${f.padEnd(10)} ${String(agree).padStart(5)}/${String(total).padEnd(5)} ${pct}%`;
  });
}
