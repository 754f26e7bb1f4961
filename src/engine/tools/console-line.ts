/**
 * A line typed into the console, split into argv the way bash would split it (quotes, backslashes,
 * comments; the script importer's tokenizer). The console runs one command and expands nothing: a
 * pipe, a list, a redirection or an expansion is refused with the reason, never evaluated.
 */
import { Tokenizer } from '../import/shell-tokens.ts';

export type ConsoleLine =
  { readonly ok: true; readonly argv: readonly string[] } | { readonly ok: false; readonly error: string };

/** Longer lines are refused before they are read (no real command line needs this much). */
export const MAX_LINE = 4096;

const OPERATOR_NAMES: Readonly<Record<string, string>> = {
  '|': 'a pipe',
  '|&': 'a pipe',
  '&&': 'a list',
  '||': 'a list',
  ';': 'a list',
  ';;': 'a list',
  '&': 'a background job',
  '(': 'a subshell',
  ')': 'a subshell',
};

export function parseConsoleLine(line: string): ConsoleLine {
  if (line.length > MAX_LINE) return { ok: false, error: `the line is longer than ${MAX_LINE} characters` };
  const tokens = new Tokenizer(line.replace(/\r?\n/g, ' ')).run();
  const argv: string[] = [];
  for (const t of tokens) {
    if (t.t === 'op') {
      const what = OPERATOR_NAMES[t.op] ?? 'a redirection';
      return {
        ok: false,
        error: `"${t.op}" starts ${what}: the console runs one command, with nothing around it`,
      };
    }
    if (t.t !== 'word') continue;
    if (t.error) return { ok: false, error: t.error };
    argv.push(t.text);
  }
  return { ok: true, argv };
}
