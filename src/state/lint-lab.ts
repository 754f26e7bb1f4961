/**
 * The linter's half of the derivation (derive.ts is the compiler's): a module of its own, so the
 * designer can load the lint rules — and the trace engine they use — after its first paint
 * (src/ui/app/lint-after-paint.tsx) instead of in the initial JS.
 */
import type { LabDocument } from '../engine/lab/format.ts';
import { lintLab, mergeDiagnostics, type Diagnostic } from '../engine/vlab/lint/index.ts';
import { compileDoc, derivedOf, memoOnTopology, type Compiled, type Derived } from './derive.ts';

/**
 * The linter's diagnostics merged with the loader's, errors first. On a lab that does not compile the
 * design rules still run on the document (they say more than the compiler's first error).
 */
export function lintCompiled(c: Compiled): Diagnostic[] {
  if (!c.loaded) return [...c.loadDiagnostics];
  const lint = lintLab({
    doc: c.loaded,
    ...(c.network ? { network: c.network } : {}),
    ...(c.network && c.provenance ? { provenance: c.provenance } : {}),
    ...(c.design ? { design: c.design } : {}),
  });
  return mergeDiagnostics(c.loadDiagnostics, lint);
}

export function deriveLab(doc: LabDocument): Derived {
  const c = compileDoc(doc);
  return derivedOf(c, lintCompiled(c));
}

/** A memo of {@link deriveLab} (see {@link memoOnTopology}). */
export function createDeriveMemo(): (doc: LabDocument) => Derived {
  return memoOnTopology(deriveLab);
}
