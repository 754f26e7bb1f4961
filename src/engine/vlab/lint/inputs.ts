/**
 * What the linter reads: the lab document as the user wrote it (schema version 2), what the design
 * compiler made of its virtual-lab designs, and the compiled network with its provenance — the same
 * three things `loadLab` (src/lab/load.ts) returns.
 */
import type { Provenance } from '../../lab/compile.ts';
import type { LabDocument } from '../../lab/format.ts';
import type { Network } from '../../model/network.ts';
import type { DesignResult } from '../compile-design.ts';

export interface LintInput {
  /** The document as the user wrote it (fixes patch this document). */
  readonly doc: LabDocument;
  /** `compileDesign(doc)`: proposals, needed routes, the expanded lab (absent without designs). */
  readonly design?: DesignResult;
  /** The compiled network; the rules that need packets are skipped without it. */
  readonly network?: Network;
  /** Where compiled rules and routes came from (`compileLab`'s provenance), for diagnostics' paths. */
  readonly provenance?: Pick<Provenance, 'iptables' | 'rules' | 'routes'>;
  /**
   * Trace every probe of the reach rules from its own sender, none shared between alike senders
   * (what the sharing is checked against; src/engine/vlab/lint/probe.ts).
   */
  readonly exhaustiveProbes?: boolean;
}
