/**
 * The console's command history, as a shell's: ↑ recalls older lines (the line being typed is kept
 * as a draft), ↓ newer ones and finally the draft; a line equal to the last one is not stored twice.
 * Plain values, so the panel keeps it in React state.
 */
export interface History {
  readonly items: readonly string[];
  /** The recalled item while browsing, or null. */
  readonly cursor: number | null;
  readonly draft: string;
}

export const EMPTY_HISTORY: History = { items: [], cursor: null, draft: '' };

/** Lines kept (the oldest go first). */
export const HISTORY_SIZE = 500;

export function remember(h: History, line: string): History {
  const keep = line.trim() !== '' && h.items[h.items.length - 1] !== line;
  return { items: keep ? [...h.items, line].slice(-HISTORY_SIZE) : h.items, cursor: null, draft: '' };
}

/** ↑: the previous line, or null when there is none. */
export function older(h: History, typed: string): { history: History; line: string } | null {
  if (h.items.length === 0) return null;
  if (h.cursor === null) {
    const cursor = h.items.length - 1;
    return { history: { ...h, cursor, draft: typed }, line: h.items[cursor]! };
  }
  const cursor = Math.max(0, h.cursor - 1);
  return { history: { ...h, cursor }, line: h.items[cursor]! };
}

/** ↓: the next line, then the draft; null when not browsing. */
export function newer(h: History): { history: History; line: string } | null {
  if (h.cursor === null) return null;
  if (h.cursor + 1 < h.items.length)
    return { history: { ...h, cursor: h.cursor + 1 }, line: h.items[h.cursor + 1]! };
  return { history: { ...h, cursor: null }, line: h.draft };
}
