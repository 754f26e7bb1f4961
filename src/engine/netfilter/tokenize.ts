/**
 * Splitting one iptables command line into argv. Two dialects:
 * - {@link tokenizeShell}: what a POSIX shell does to the line (how a rule typed after `iptables -A C`
 *   reaches iptables): blanks separate words, `'…'` is literal, `"…"` keeps blanks and honours `\` before
 *   `$`, `` ` ``, `"`, `\` and newline, an unquoted `\` quotes the next character, `#` at the start of a
 *   word begins a comment. Expansions and operators are refused rather than silently mis-handled.
 * - {@link tokenizeRestore}: iptables-restore's own splitter (`add_param_to_argv()`, iptables/xshared.c):
 *   only `"` quotes, `\` escapes only inside quotes, and a closing quote ends the word.
 */
import { err, ok, type Result } from '../util/result.ts';

export interface Token {
  /** The word after quote removal. */
  readonly text: string;
  /** 0-based column of the word's first character (a quote if it starts with one) in the line. */
  readonly start: number;
  /** Column just past the word. */
  readonly end: number;
}

export interface TokenizeError {
  readonly message: string;
  readonly column: number;
}

const BLANK = new Set([' ', '\t', '\n']);
const OPERATORS = new Set([';', '&', '|', '<', '>', '(', ')']);
const DQ_ESCAPABLE = new Set(['$', '`', '"', '\\', '\n']);

function expansionError(line: string, i: number): TokenizeError | null {
  const ch = line[i];
  if (ch === '`')
    return { message: "command substitution (`…`) is not supported: quote the backtick with '…'", column: i };
  if (ch === '$') {
    const next = line[i + 1];
    if (next !== undefined && /[A-Za-z0-9_{(@*#?$!-]/.test(next))
      return {
        message: `shell expansion ($${next}…) is not supported: write the value itself, or quote the $ with '…'`,
        column: i,
      };
  }
  return null;
}

/** Splits `line` the way a POSIX shell splits a simple command. */
export function tokenizeShell(line: string): Result<Token[], TokenizeError> {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if (BLANK.has(ch)) {
      i++;
      continue;
    }
    if (ch === '#') break;
    if (OPERATORS.has(ch))
      return err({
        message: `the shell operator "${ch}" cannot appear in a rule; quote it if it is part of a value`,
        column: i,
      });
    const start = i;
    let text = '';
    while (i < line.length && !BLANK.has(line[i]!)) {
      const c = line[i]!;
      if (c === "'") {
        const close = line.indexOf("'", i + 1);
        if (close < 0)
          return err({ message: "unterminated single quote: the ' here is never closed", column: i });
        text += line.slice(i + 1, close);
        i = close + 1;
      } else if (c === '"') {
        const open = i;
        i++;
        for (;;) {
          if (i >= line.length)
            return err({ message: 'unterminated double quote: the " here is never closed', column: open });
          const d = line[i]!;
          if (d === '"') {
            i++;
            break;
          }
          if (d === '\\' && i + 1 < line.length && DQ_ESCAPABLE.has(line[i + 1]!)) {
            if (line[i + 1] !== '\n') text += line[i + 1];
            i += 2;
            continue;
          }
          const e = expansionError(line, i);
          if (e) return err(e);
          text += d;
          i++;
        }
      } else if (c === '\\') {
        if (i + 1 >= line.length) return err({ message: 'a trailing backslash escapes nothing', column: i });
        if (line[i + 1] !== '\n') text += line[i + 1];
        i += 2;
      } else {
        if (OPERATORS.has(c))
          return err({
            message: `the shell operator "${c}" cannot appear in a rule; quote it if it is part of a value`,
            column: i,
          });
        const e = expansionError(line, i);
        if (e) return err(e);
        text += c;
        i++;
      }
    }
    tokens.push({ text, start, end: i });
  }
  return ok(tokens);
}

/** Splits one iptables-restore line exactly like `add_param_to_argv()` (iptables/xshared.c). */
export function tokenizeRestore(line: string): Token[] {
  const tokens: Token[] = [];
  let quoteOpen = false;
  let escaped = false;
  let param = '';
  let start = -1;
  const emit = (end: number) => {
    tokens.push({ text: param, start: start < 0 ? end : start, end });
    param = '';
    start = -1;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoteOpen) {
      if (escaped) {
        param += c;
        escaped = false;
        continue;
      } else if (c === '\\') {
        escaped = true;
        continue;
      } else if (c === '"') {
        quoteOpen = false;
      } else {
        param += c;
        continue;
      }
    } else if (c === '"') {
      if (start < 0) start = i;
      quoteOpen = true;
      continue;
    }
    if (c === '"') {
      emit(i + 1);
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n') {
      if (param.length === 0) continue;
      emit(i);
      continue;
    }
    if (start < 0) start = i;
    param += c;
  }
  if (param.length > 0) emit(line.length);
  return tokens;
}
