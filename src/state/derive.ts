/**
 * Everything the designer shows is derived from the document here, memoized on the parts of the
 * document that can change it (immer keeps the identity of untouched subtrees), so a drag — which only
 * changes `layout` — never recompiles the lab (docs/architecture.md P1, anti-pattern 9).
 */
import type { LabDocument, LabIssue } from '../engine/lab/format.ts';
import type { Network } from '../engine/model/network.ts';
import type { Provenance } from '../engine/lab/compile.ts';
import { compileDesign, type DesignResult } from '../engine/vlab/compile-design.ts';
import {
  diagnosticsFromLoadIssues,
  lintLab,
  mergeDiagnostics,
  type Diagnostic,
} from '../engine/vlab/lint/index.ts';
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

export function deriveLab(doc: LabDocument): Derived {
  const r = loadLabValue(doc);
  if (r.ok) {
    const lint = lintLab({
      doc: r.doc,
      network: r.network,
      provenance: r.provenance,
      ...(r.design ? { design: r.design } : {}),
    });
    return {
      network: r.network,
      provenance: r.provenance,
      expanded: r.expanded,
      ...(r.design ? { design: r.design } : {}),
      diagnostics: mergeDiagnostics(diagnosticsFromLoadIssues(r.warnings), lint),
      issues: r.warnings,
    };
  }
  const load = diagnosticsFromLoadIssues(r.issues);
  if (!r.doc) return { diagnostics: load, issues: r.issues };
  const design = r.doc.virtualLabs ? compileDesign(r.doc) : undefined;
  const lint = lintLab({ doc: r.doc, ...(design ? { design } : {}) });
  return {
    ...(design ? { design } : {}),
    diagnostics: mergeDiagnostics(load, lint),
    issues: r.issues,
  };
}

/** The document without its layout: what compilation depends on. */
type Key = readonly [unknown, unknown, unknown, unknown];
const keyOf = (d: LabDocument): Key => [d.segments, d.devices, d.virtualLabs, d.schemaVersion];

/** A one-entry memo of {@link deriveLab}: same segments, devices and designs → same result. */
export function createDeriveMemo(): (doc: LabDocument) => Derived {
  let key: Key | undefined;
  let value: Derived | undefined;
  return (doc) => {
    const k = keyOf(doc);
    if (key && value && k.every((x, i) => x === key![i])) return value;
    key = k;
    value = deriveLab(doc);
    return value;
  };
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
