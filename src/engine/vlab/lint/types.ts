/** Diagnostics of the design linter: what is wrong, why it fails in production, and how to fix it. */

export type Severity = 'error' | 'warning' | 'info';

/**
 * One operation of a JSON Patch (RFC 6902 subset) on the lab document; `path` is a JSON Pointer
 * (RFC 6901: `/virtualLabs/0/isolatedNetworks/1/masquerade`, `~1` for `/`, `~0` for `~`).
 */
export type PatchOp =
  | { readonly op: 'add'; readonly path: string; readonly value: unknown }
  | { readonly op: 'replace'; readonly path: string; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: string };

export interface Fix {
  /** What the fix does, as a button label: `Use 192.168.151.0/24 as the masquerade network`. */
  readonly label: string;
  readonly patch: readonly PatchOp[];
}

export interface Diagnostic {
  /** `VL-05` (vlab-reference §4.3), `NF-01` (netfilter footguns), `LAB-01` (the document itself). */
  readonly code: string;
  readonly severity: Severity;
  /** One sentence: what is wrong in this design. */
  readonly message: string;
  /** Why it fails in production, citing the source (`[V8] Veeam user guide, …`). */
  readonly why: string;
  /** JSON paths of the document fields it concerns (`virtualLabs[0].isolatedNetworks[0].masquerade`). */
  readonly paths: readonly string[];
  readonly fix?: Fix;
}
