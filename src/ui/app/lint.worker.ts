/// <reference lib="webworker" />
/**
 * The linter off the main thread, for big labs: receives a document, answers with its diagnostics
 * (plain data). Same engine functions as the main thread's.
 */
import type { LabDocument } from '../../engine/lab/format.ts';
import { compileDoc } from '../../state/derive.ts';
import { lintCompiled } from '../../state/lint-lab.ts';

export interface LintRequest {
  readonly seq: number;
  readonly doc: LabDocument;
}

self.onmessage = (e: MessageEvent<LintRequest>) => {
  const { seq, doc } = e.data;
  const t0 = performance.now();
  const diagnostics = lintCompiled(compileDoc(doc));
  self.postMessage({ seq, diagnostics, ms: performance.now() - t0 });
};
