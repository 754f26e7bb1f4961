/**
 * The "New virtual lab" wizard's logic, without React: answers (answers.ts), what they mean in the lab
 * (context.ts), per-step checks (checks.ts), the change Finish makes (plan.ts) and the Ready step's lint
 * of the would-be lab (ready.ts); plus the address plan's proposed static-mapping row (mapping.ts).
 * src/ui/wizard/ renders the wizard.
 */
export * from './answers.ts';
export * from './checks.ts';
export * from './context.ts';
export * from './plan.ts';
export * from './ready.ts';
export * from './mapping.ts';
