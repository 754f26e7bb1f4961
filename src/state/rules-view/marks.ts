/**
 * Which lines light up for the selection: with a focused field, the lines it produced (the field itself
 * or a part of it) strongly, and the lines of what contains it (the isolated network a `masquerade`
 * field belongs to) softly; with only canvas nodes selected, the lines of those nodes softly.
 */
import type { LabDocument } from '../../engine/lab/format.ts';
import { isInside } from '../derive.ts';
import { pathOfNode } from '../paths.ts';
import type { Selection } from '../selection.ts';
import type { RulesLine, RulesSection } from './device-view.ts';

export type LineMark = 'field' | 'related';

export type Marker = (path: string | undefined) => LineMark | undefined;

const within = (path: string, container: string) => path === container || isInside(path, container);

/** The document paths of the selected canvas nodes (`devices[1]`, `virtualLabs[0]`). */
export function selectedPaths(doc: LabDocument, selection: Selection): string[] {
  return selection.nodes.map((n) => pathOfNode(doc, n)).filter((p) => p !== undefined);
}

/** The mark of a line by its path, for a focused `field` or the selected nodes' `nodePaths`. */
export function lineMarker(field: string | undefined, nodePaths: readonly string[]): Marker {
  if (field !== undefined)
    return (path) =>
      path === undefined
        ? undefined
        : within(path, field)
          ? 'field'
          : isInside(field, path)
            ? 'related'
            : undefined;
  if (!nodePaths.length) return () => undefined;
  return (path) => (path !== undefined && nodePaths.some((n) => within(path, n)) ? 'related' : undefined);
}

export interface MarkedLine {
  readonly line: RulesLine;
  readonly mark: LineMark | undefined;
  /** Position among the linked lines (those with a path), -1 for the others. */
  readonly stop: number;
}

export interface MarkedSection extends Omit<RulesSection, 'lines'> {
  readonly lines: readonly MarkedLine[];
}

/**
 * The sections' lines with their marks and their positions among the linked lines, the number of
 * linked lines, and a key of the first line the field lights (what to scroll to).
 */
export function markSections(
  sections: readonly RulesSection[],
  marker: Marker,
): { readonly sections: readonly MarkedSection[]; readonly stops: number; readonly firstLit?: string } {
  let stops = 0;
  let firstLit: string | undefined;
  const out = sections.map((s) => ({
    ...s,
    lines: s.lines.map((line, i) => {
      const mark = marker(line.path);
      if (mark === 'field' && firstLit === undefined) firstLit = `${s.id}:${i}:${line.text}`;
      return { line, mark, stop: line.path === undefined ? -1 : stops++ };
    }),
  }));
  return { sections: out, stops, ...(firstLit !== undefined ? { firstLit } : {}) };
}
