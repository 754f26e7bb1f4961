/** The wizard's form state, shared by its field components (no prop drilling through the steps). */
import { createContext, useContext } from 'react';
import type { Problem, WizardAnswers, WizardContext } from '../../state/wizard/index.ts';

export interface WizardForm {
  readonly answers: WizardAnswers;
  readonly ctx: WizardContext;
  /** The current step's problems. */
  readonly problems: readonly Problem[];
  /** Show "required" problems of empty fields too (the user tried to go on). */
  readonly showEmpty: boolean;
  /** Sets one answer (`appliance.ip`, `isolated.0.masquerade`). */
  set(field: string, value: unknown): void;
  /** Any other change of the answers (add or remove a row). */
  update(change: (a: WizardAnswers) => WizardAnswers): void;
}

export const WizardFormContext = createContext<WizardForm | null>(null);

export function useWizardForm(): WizardForm {
  const f = useContext(WizardFormContext);
  if (!f) throw new Error('wizard field outside <NewLabWizard>');
  return f;
}

/** The problems of one field that are to be shown now. */
export function useFieldProblems(field: string): readonly Problem[] {
  const { problems, showEmpty } = useWizardForm();
  return problems.filter((p) => p.field === field && (showEmpty || !p.empty));
}

/** `isolated.0.masquerade` → `wizard-isolated-0-masquerade`. */
export const testIdOf = (field: string) => `wizard-${field.replace(/\./g, '-')}`;
