/**
 * What is selected: canvas items (devices, segments, appliances by id; links by edge id) and the focused
 * document field. Ephemeral — never in history, never saved (docs/architecture.md P8).
 */
export interface Selection {
  /** Node ids: device ids, segment ids, appliance ids of virtual labs. */
  readonly nodes: readonly string[];
  /** Edge ids (`device:ifname`, `appliance:segment`). */
  readonly edges: readonly string[];
  /** The document path of the field in focus (`virtualLabs[0].isolatedNetworks[0].masquerade`). */
  readonly field?: string;
}

export const EMPTY_SELECTION: Selection = { nodes: [], edges: [] };

export function sameSelection(a: Selection, b: Selection): boolean {
  return (
    a.field === b.field &&
    a.nodes.length === b.nodes.length &&
    a.edges.length === b.edges.length &&
    a.nodes.every((n, i) => n === b.nodes[i]) &&
    a.edges.every((e, i) => e === b.edges[i])
  );
}
