/**
 * "New virtual lab": Veeam's virtual-lab wizard — Name, Proxy appliance, Networking, Isolated networks,
 * Network settings, Static IP mapping (advanced), Ready — over the lab that is open. Each step checks
 * its answers as the user types (src/state/wizard/checks.ts); Back/Next keep every answer; the Ready step
 * lints the lab Finish would leave, and its errors block Finish. Nothing changes until Finish, which
 * draws the result as ONE undoable step and selects the appliance. Escape closes (nothing to lose).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  applyPlan,
  checkStep,
  hasErrors,
  initialAnswers,
  prefillSettings,
  readiness,
  setAnswer,
  STEP_TITLES,
  wizardContext,
  wizardSteps,
  type WizardAnswers,
  type WizardStep,
} from '../../state/wizard/index.ts';
import { Dialog } from '../components/Dialog.tsx';
import { useActions, useDerived, useLab } from '../app/lab-hooks.ts';
import { emptyLab } from '../../state/lab-store.ts';
import { ReadyStep } from './ReadyStep.tsx';
import { NameStep, NetworkingStep, ProxyStep } from './steps-setup.tsx';
import { IsolatedStep, MappingsStep, SettingsStep } from './steps-networks.tsx';
import { WizardFormContext, type WizardForm } from './wizard-form.ts';
import './wizard.css';

const FORM_ID = 'new-lab-wizard-form';

export function NewLabWizard({ onClose }: { readonly onClose: () => void }) {
  const current = useLab((s) => s.doc);
  const baseline = useDerived().diagnostics;
  const act = useActions();
  const [answers, setAnswers] = useState<WizardAnswers>(() => initialAnswers(current));
  const [step, setStep] = useState<WizardStep>('name');
  const [attempted, setAttempted] = useState<ReadonlySet<WizardStep>>(() => new Set());
  const [focusField, setFocusField] = useState<string | undefined>();
  const panel = useRef<HTMLDivElement>(null);

  const ctx = useMemo(() => wizardContext(current, answers), [current, answers]);
  const steps = useMemo(() => wizardSteps(answers), [answers]);
  const index = Math.max(0, steps.indexOf(step));
  const problems = useMemo(() => checkStep(ctx, step), [ctx, step]);
  const ready = useMemo(
    () => (step === 'ready' ? readiness(ctx, baseline) : undefined),
    [ctx, step, baseline],
  );
  const blocked = step === 'ready' ? (ready?.errors.length ?? 0) > 0 : hasErrors(problems);

  // A step's first field (or the field a fix points at) takes the focus when the step opens.
  useEffect(() => {
    const root = panel.current;
    if (!root) return;
    const target =
      (focusField && root.querySelector<HTMLElement>(`[name="${focusField}"]`)) ||
      root.querySelector<HTMLElement>('input, select, textarea');
    target?.focus();
  }, [step, focusField]);

  const form: WizardForm = {
    answers,
    ctx,
    problems,
    showEmpty: attempted.has(step),
    set: (field, value) => setAnswers((a) => setAnswer(current, a, field, value)),
    update: (change) => setAnswers(change),
  };

  /** Opens a step; Network settings takes the current proposals for the fields the user left to natlab. */
  function open(next: WizardStep, field?: string) {
    if (next === 'settings') setAnswers(prefillSettings(wizardContext(current, answers)));
    setFocusField(field);
    setStep(next);
  }

  function next() {
    if (step === 'ready') return finish();
    if (hasErrors(problems)) {
      setAttempted((s) => new Set(s).add(step));
      const first = problems.find((p) => p.severity === 'error');
      const el = first && panel.current?.querySelector<HTMLElement>(`[name="${first.field}"]`);
      el?.focus();
      return;
    }
    open(steps[index + 1]!);
  }

  function finish() {
    if (!ready || ready.errors.length) return;
    const { plan } = ready;
    // A new lab is opened as another lab (the current one stays in Saved labs), then drawn as one step.
    if (plan.target === 'new') act.open(emptyLab(plan.docName));
    act.run(`New virtual lab “${plan.lab.name}”`, (d) => applyPlan(d, plan));
    act.selectNodes([plan.applianceId]);
    act.notify({
      tone: 'info',
      text: `Added virtual lab “${plan.lab.name}”: its proxy appliance is selected. Undo removes it again.`,
    });
    onClose();
  }

  /** The step list: earlier steps always, later ones when every step before them is complete. */
  const stepValid = useMemo(
    () => steps.map((s) => s === 'ready' || !hasErrors(checkStep(ctx, s))),
    [ctx, steps],
  );
  const reachable = (k: number) => k <= index || stepValid.slice(0, k).every(Boolean);

  const footer = (
    <div className="wizard__foot">
      <p className="wizard__foot-note">Nothing changes in your lab until Finish · Esc closes</p>
      <button type="button" className="btn" onClick={onClose}>
        Cancel
      </button>
      <button
        type="button"
        className="btn"
        data-testid="wizard-back"
        disabled={index === 0}
        onClick={() => open(steps[index - 1]!)}
      >
        ‹ Back
      </button>
      {step === 'ready' ? (
        <button
          type="submit"
          form={FORM_ID}
          className="btn btn--primary"
          data-testid="wizard-finish"
          disabled={blocked}
          title={blocked ? 'Fix the problems listed first' : undefined}
        >
          Finish
        </button>
      ) : (
        <button type="submit" form={FORM_ID} className="btn btn--primary" data-testid="wizard-next">
          Next ›
        </button>
      )}
    </div>
  );

  return (
    <Dialog title="New virtual lab" onClose={onClose} wide testId="wizard" footer={footer}>
      <WizardFormContext.Provider value={form}>
        <div className="wizard">
          <nav className="wizard__nav" aria-label="Wizard steps">
            <ol>
              {steps.map((s, k) => (
                <li key={s}>
                  <button
                    type="button"
                    className={`wizard__step${k < index ? ' wizard__step--done' : ''}`}
                    aria-current={s === step ? 'step' : undefined}
                    disabled={!reachable(k)}
                    data-testid={`wizard-step-${s}`}
                    onClick={() => open(s)}
                  >
                    <span className="wizard__step-num" aria-hidden="true">
                      {k < index ? '✓' : k + 1}
                    </span>
                    {STEP_TITLES[s]}
                  </button>
                </li>
              ))}
            </ol>
          </nav>
          <form
            id={FORM_ID}
            className="wizard__panel"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              next();
            }}
            onKeyDown={(e) => {
              // Enter goes on from a choice too (a <select> has no implicit submission)
              if (e.key === 'Enter' && e.target instanceof HTMLSelectElement) {
                e.preventDefault();
                next();
              }
            }}
          >
            <div ref={panel} data-testid={`wizard-panel-${step}`}>
              <h3 className="wizard__title">
                <span className="muted">
                  Step {index + 1} of {steps.length} ·{' '}
                </span>
                {STEP_TITLES[step]}
              </h3>
              {step === 'name' && <NameStep />}
              {step === 'proxy' && <ProxyStep />}
              {step === 'networking' && <NetworkingStep />}
              {step === 'isolated' && <IsolatedStep />}
              {step === 'settings' && <SettingsStep />}
              {step === 'mappings' && <MappingsStep />}
              {step === 'ready' && ready && <ReadyStep ready={ready} goTo={open} />}
            </div>
          </form>
        </div>
      </WizardFormContext.Provider>
    </Dialog>
  );
}
