/**
 * Everything the designer shows is derived from the document here, memoized on the parts of the
 * document that can change it (immer keeps the identity of untouched subtrees), so a drag — which only
 * changes `layout` — never recompiles the lab (docs/architecture.md P1, anti-pattern 9).
 */
import type { LabDocument, LabIssue } from '../engine/lab/format.ts';
import type { Network } from '../engine/model/network.ts';
import type { Provenance } from '../engine/lab/compile.ts';
import { compileDesign, type DesignResult } from '../engine/vlab/compile-design.ts';
// load-issues.ts itself, not the linter's index: the rules stay out of the compiler's chunk (lint-lab.ts)
import { diagnosticsFromLoadIssues } from '../engine/vlab/lint/load-issues.ts';
import type { Diagnostic } from '../engine/vlab/lint/types.ts';
import { loadLabValue } from '../lab/load.ts';

export interface Derived {
  /** The compiled lab; absent while the document has errors that stop compilation. */
  readonly network?: Network;
  readonly provenance?: Provenance;
  /** The expanded document (designs turned into the appliance and its segments). */
  readonly expanded?: LabDocument;
  readonly design?: DesignResult;
  /** The loader's problems (schema, references, kernel refusals) and the linter's, errors first. */
  readonly diagnostics: readonly Diagnostic[];
  /** The loader's problems alone (they stop compilation when any is an error). */
  readonly issues: readonly LabIssue[];
}

/** A compiled document before linting: everything of {@link Derived} but the linter's diagnostics. */
export interface Compiled extends Omit<Derived, 'diagnostics'> {
  /** The document as loaded (validated), for the linter; absent when it has the wrong shape. */
  readonly loaded?: LabDocument;
  /** The loader's problems as diagnostics. */
  readonly loadDiagnostics: readonly Diagnostic[];
}

/** Validates and compiles (designs expanded); the fast half of deriveLab (lint-lab.ts). */
export function compileDoc(doc: LabDocument): Compiled {
  const r = loadLabValue(doc);
  if (r.ok)
    return {
      network: r.network,
      provenance: r.provenance,
      expanded: r.expanded,
      ...(r.design ? { design: r.design } : {}),
      issues: r.warnings,
      loaded: r.doc,
      loadDiagnostics: diagnosticsFromLoadIssues(r.warnings),
    };
  const loadDiagnostics = diagnosticsFromLoadIssues(r.issues);
  if (!r.doc) return { issues: r.issues, loadDiagnostics };
  const design = r.doc.virtualLabs ? compileDesign(r.doc) : undefined;
  return { ...(design ? { design } : {}), issues: r.issues, loaded: r.doc, loadDiagnostics };
}

/** A compiled document and its diagnostics, as the UI shows them. */
export function derivedOf(c: Compiled, diagnostics: readonly Diagnostic[]): Derived {
  const { loaded: _l, loadDiagnostics: _d, ...rest } = c;
  void _l;
  void _d;
  return { ...rest, diagnostics };
}

/** The document without its layout: what compilation depends on. */
type Key = readonly [unknown, unknown, unknown, unknown];
const keyOf = (d: LabDocument): Key => [d.segments, d.devices, d.virtualLabs, d.schemaVersion];

/**
 * A memo of `fn` on the document minus its layout: same segments, devices and designs → same result.
 * It keeps the last two documents: while React renders the previous and the next document (a
 * deferred value), neither is computed twice.
 */
export function memoOnTopology<T>(fn: (doc: LabDocument) => T): (doc: LabDocument) => T {
  let entries: { key: Key; value: T }[] = [];
  return (doc) => {
    const k = keyOf(doc);
    const hit = entries.find((e) => k.every((x, i) => x === e.key[i]));
    if (hit) return hit.value;
    const value = fn(doc);
    entries = [{ key: k, value }, ...entries].slice(0, 2);
    return value;
  };
}

/** Labs at least this big are linted off the main thread (a 500-machine lab lints in ~200 ms). */
export const LINT_IN_WORKER_FROM = 150;

export function labSize(doc: LabDocument): number {
  return doc.devices.length + doc.segments.length + (doc.virtualLabs?.length ?? 0);
}

/** Diagnostics that concern a document path or anything inside it. */
export function diagnosticsAt(diagnostics: readonly Diagnostic[], path: string): Diagnostic[] {
  return diagnostics.filter((d) => d.paths.some((p) => p === path || isInside(p, path)));
}

/** `devices[1].interfaces[0]` is inside `devices[1]`. */
export function isInside(path: string, container: string): boolean {
  return (
    path.length > container.length &&
    path.startsWith(container) &&
    (path[container.length] === '.' || path[container.length] === '[')
  );
}
