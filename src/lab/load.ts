/**
 * Loading a lab file: JSON text → migrated, validated {@link LabDocument} → compiled {@link Network}.
 * Never throws on bad input: every problem comes back as a {@link LabIssue} with a JSON path.
 *
 * (Temporary minimal implementation; the valibot schema, migrations and engine compile replace it.)
 */
import type { LabDocument, LabIssue } from '../engine/lab/document.ts';
import type { Network } from '../engine/model/network.ts';

export type LoadResult =
  | {
      readonly ok: true;
      readonly doc: LabDocument;
      readonly network: Network;
      readonly warnings: readonly LabIssue[];
    }
  | { readonly ok: false; readonly issues: readonly LabIssue[]; readonly doc?: LabDocument };

export function loadLab(text: string): LoadResult {
  try {
    const doc = JSON.parse(text) as LabDocument;
    const network = { name: doc.name, devices: [], byId: new Map(), segments: new Map() };
    return { ok: true, doc, network, warnings: [] };
  } catch (e) {
    return { ok: false, issues: [{ path: '', message: String(e), severity: 'error' }] };
  }
}
