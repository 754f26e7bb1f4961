/**
 * The Ready step: the lab as Finish would leave it, compiled and linted like any lab. The problems the
 * wizard's items bring in — not those the lab already had — are listed; their errors block Finish, each
 * pointing back at the wizard field it comes from.
 */
import type { LabDocument } from '../../engine/lab/format.ts';
import type { Diagnostic } from '../../engine/vlab/lint/index.ts';
import type { Derived } from '../derive.ts';
import { deriveLab } from '../lint-lab.ts';
import type { WizardStep } from './answers.ts';
import type { WizardContext } from './context.ts';
import { fieldOfPath, planWizard, stepOfField, wouldBe, type WizardPlan } from './plan.ts';

export interface ReadyItem {
  readonly diagnostic: Diagnostic;
  /** The wizard field it comes from, and that field's step (to go back and fix it). */
  readonly field?: string;
  readonly step?: WizardStep;
}

export interface Readiness {
  readonly plan: WizardPlan;
  readonly doc: LabDocument;
  readonly derived: Derived;
  /** New errors: Finish is blocked while there is one. */
  readonly errors: readonly ReadyItem[];
  /** New warnings and notes. */
  readonly warnings: readonly ReadyItem[];
  /** Problems the lab had before (not the wizard's; they do not block Finish). */
  readonly preexisting: number;
}

const keyOf = (d: Diagnostic) => `${d.code}\u0000${d.severity}\u0000${d.message}`;

/**
 * `baseline`: the diagnostics of the lab the wizard adds to, when the caller has them (the designer's
 * memoized ones); otherwise they are computed (an empty new lab has none).
 */
export function readiness(ctx: WizardContext, baseline?: readonly Diagnostic[]): Readiness {
  const plan = planWizard(ctx);
  const doc = wouldBe(ctx.base, plan);
  const derived = deriveLab(doc);
  const before = ctx.answers.target === 'new' ? [] : (baseline ?? deriveLab(ctx.base).diagnostics);
  const seen = new Map<string, number>();
  for (const d of before) seen.set(keyOf(d), (seen.get(keyOf(d)) ?? 0) + 1);
  const fresh: ReadyItem[] = [];
  for (const d of derived.diagnostics) {
    const k = keyOf(d);
    const n = seen.get(k) ?? 0;
    if (n > 0) {
      seen.set(k, n - 1);
      continue;
    }
    const field = d.paths.map((p) => fieldOfPath(plan, p)).find((f) => f !== undefined);
    fresh.push({ diagnostic: d, ...(field ? { field, step: stepOfField(field) } : {}) });
  }
  return {
    plan,
    doc,
    derived,
    errors: fresh.filter((x) => x.diagnostic.severity === 'error'),
    warnings: fresh.filter((x) => x.diagnostic.severity !== 'error'),
    preexisting: before.length,
  };
}
