/**
 * `lintLab`: every rule of the registry on a lab — its virtual-lab designs (vlab-reference §4.3) and
 * the compiled network's netfilter footguns — as diagnostics with their sources and fixes.
 */
import { buildContext } from './context.ts';
import type { LintInput } from './inputs.ts';
import { RULES } from './registry.ts';
import type { Diagnostic, Severity } from './types.ts';

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function lintLab(input: LintInput): Diagnostic[] {
  const ctx = buildContext(input);
  const out: Diagnostic[] = [];
  for (const rule of RULES) {
    if (rule.needs === 'design' && !ctx.labs.length) continue;
    if (rule.needs === 'network' && !ctx.network) continue;
    out.push(...rule.run(ctx));
  }
  // errors first, then warnings, then infos; registry order within a severity
  return out
    .map((d, i) => ({ d, i }))
    .sort((a, b) => RANK[a.d.severity] - RANK[b.d.severity] || a.i - b.i)
    .map((x) => x.d);
}

/** Counts by severity, for summaries. */
export function countBySeverity(ds: readonly Diagnostic[]): Record<Severity, number> {
  const c: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of ds) c[d.severity]++;
  return c;
}
