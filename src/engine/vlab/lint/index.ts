/** The virtual-lab design linter (docs/lint-rules.md). */
export { lintLab, countBySeverity } from './lint.ts';
export { diagnosticsFromLoadIssues, mergeDiagnostics } from './load-issues.ts';
export { applyPatch, pointer, pointerOfPath } from './patch.ts';
export { RULES, NOT_EVALUATED, APPROXIMATED } from './registry.ts';
export { WHY, type LintCode } from './sources.ts';
export type { Diagnostic, Fix, PatchOp, Severity } from './types.ts';
export type { LintInput } from './inputs.ts';
