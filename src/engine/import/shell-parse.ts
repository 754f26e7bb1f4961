/**
 * The second half of the shell front end: tokens → simple commands, in order, with their redirections,
 * here-document and `|| true`. Sequences (`;`, `&&`, newlines) become consecutive commands. Everything a
 * lab script does not need — pipes, background jobs, subshells, functions, loops, conditionals, `||`
 * other than `|| true` — is an error on the command that uses it; a compound command is reported once and
 * skipped up to its end, so one `for` loop is one error.
 */
import { commandText } from './issues.ts';
import { Tokenizer, type Heredoc, type OpTok, type Tok, type WordTok } from './shell-tokens.ts';

export interface Redirect {
  /** The file descriptor written before the operator (`2>`), if any. */
  readonly fd: number | null;
  readonly op: string;
  readonly target: string;
}

export interface ShellCommand {
  readonly line: number;
  /** The command's text, for messages. */
  readonly text: string;
  readonly words: readonly string[];
  readonly redirects: readonly Redirect[];
  readonly heredoc?: { readonly body: string; readonly line: number };
  /** `… || true`: a failure of this command does not stop the script. */
  readonly ignoreFailure: boolean;
  /** Why this command cannot be imported (found while reading the script). */
  readonly error?: string;
}

interface Raw {
  words: WordTok[];
  redirects: { fd: number | null; op: string; target: WordTok | null; line: number }[];
  heredoc: Heredoc | null;
  start: number;
  end: number;
  line: number;
  connector: string;
  error: string | null;
  funcDef: boolean;
}

const REDIRECTS = new Set(['<', '>', '>>', '>&', '<&', '&>', '&>>', '>|', '<>', '<<<']);
const LIST_OPS = new Set(['&&', '||', '|', '|&']);
const OPENERS = new Set(['if', 'for', 'while', 'until', 'case', 'select', '{']);
const CLOSERS = new Set(['fi', 'done', 'esac', '}']);
const PREFIXES = new Set(['then', 'do', 'else', 'elif', '!', 'time']);

const CONSTRUCT: Record<string, string> = {
  if: 'conditionals (if) are not supported: write the commands that should run',
  case: 'conditionals (case) are not supported: write the commands that should run',
  for: 'loops (for) are not supported: write each command out',
  while: 'loops (while) are not supported: write each command out',
  until: 'loops (until) are not supported: write each command out',
  select: 'select is not supported',
  '{': 'command groups ({ …; }) are not supported: write the commands one after the other',
};

export function parseShell(src: string): ShellCommand[] {
  const tokens = new Tokenizer(src).run();
  return structure(src, group(tokens));
}

function newRaw(): Raw {
  return {
    words: [],
    redirects: [],
    heredoc: null,
    start: -1,
    end: -1,
    line: 0,
    connector: '',
    error: null,
    funcDef: false,
  };
}

/** Tokens → simple commands, each with the operator that ended it. */
function group(tokens: readonly Tok[]): Raw[] {
  const out: Raw[] = [];
  let cur = newRaw();
  const touch = (t: WordTok | OpTok) => {
    if (cur.start < 0) {
      cur.start = t.start;
      cur.line = t.line;
    }
    cur.end = t.end;
  };
  const fail = (m: string) => {
    cur.error ??= m;
  };
  const finish = (connector: string, line: number) => {
    const r = cur.redirects.at(-1);
    if (r && r.target === null) fail(`the redirection "${r.op}" has no target`);
    if (cur.start < 0) cur.line = line;
    cur.connector = connector;
    out.push(cur);
    cur = newRaw();
  };
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    if (tok.t === 'word') {
      touch(tok);
      const r = cur.redirects.at(-1);
      if (r && r.target === null) r.target = tok;
      else cur.words.push(tok);
      continue;
    }
    if (tok.t === 'nl' || tok.t === 'eof') {
      finish(tok.t === 'nl' ? '\n' : 'eof', tok.line);
      continue;
    }
    const op = tok.op;
    if (REDIRECTS.has(op) || op === '<<' || op === '<<-') {
      touch(tok);
      const prev = cur.words.at(-1);
      let fd: number | null = null;
      if (prev && prev.end === tok.start && /^\d+$/.test(prev.text) && !prev.quoted) {
        cur.words.pop();
        fd = Number(prev.text);
      }
      if (op === '<<' || op === '<<-') {
        if (cur.heredoc) fail('two here-documents on one command are not supported');
        cur.heredoc = tok.heredoc!;
        if (tok.heredoc!.error) fail(tok.heredoc!.error);
      } else if (op === '<<<') {
        fail('here-strings (<<<) are not supported: use a here-document (<<EOF)');
        cur.redirects.push({ fd, op, target: null, line: tok.line });
      } else cur.redirects.push({ fd, op, target: null, line: tok.line });
      continue;
    }
    if (op === '(') {
      touch(tok);
      const next = tokens[i + 1];
      if (cur.words.length === 1 && next?.t === 'op' && next.op === ')') {
        touch(next);
        i++;
        cur.funcDef = true;
        finish('func', tok.line);
        continue;
      }
      fail(
        cur.words.length === 0
          ? 'subshells ( … ) are not supported: write the commands one after the other'
          : 'syntax error near "(": quote it if it is part of a value',
      );
      // swallow up to the matching ')'
      let depth = 1;
      while (depth > 0 && i + 1 < tokens.length && tokens[i + 1]!.t !== 'eof') {
        const t = tokens[++i]!;
        if (t.t === 'op' && t.op === '(') depth++;
        if (t.t === 'op' && t.op === ')') depth--;
        if (t.t !== 'nl' && t.t !== 'eof') touch(t);
      }
      continue;
    }
    if (op === ')') {
      touch(tok);
      fail('syntax error near ")": quote it if it is part of a value');
      continue;
    }
    if (cur.start < 0 && cur.words.length === 0) {
      // an operator with no command before it
      touch(tok);
      fail(`syntax error near "${op}"`);
    }
    finish(op, tok.line);
  }
  return out;
}

/** The reserved word that decides what kind of command this is (after `then`, `do`, `!` …). */
function keyword(r: Raw): string | null {
  for (const w of r.words) {
    if (w.quoted) return null;
    if (!PREFIXES.has(w.text)) return OPENERS.has(w.text) || CLOSERS.has(w.text) ? w.text : null;
  }
  return null;
}

/** How many compound commands these commands open (positive) or close (negative). */
function depthChange(list: readonly Raw[]): number {
  let d = 0;
  for (const r of list) {
    const k = keyword(r);
    if (k && OPENERS.has(k)) d++;
    else if (k && CLOSERS.has(k)) d--;
  }
  return d;
}

function structure(src: string, raws: readonly Raw[]): ShellCommand[] {
  const out: ShellCommand[] = [];
  let skip = 0;
  let swallowBody = false;
  let i = 0;
  while (i < raws.length) {
    // one and-or list / pipeline
    const list: Raw[] = [raws[i]!];
    while (LIST_OPS.has(list.at(-1)!.connector) && i + list.length < raws.length)
      list.push(raws[i + list.length]!);
    i += list.length;
    if (skip > 0) {
      skip += depthChange(list);
      continue;
    }
    const emit = (r: Raw, error: string | null, ignoreFailure = false) => {
      if (r.start < 0 && !error && r.words.length === 0) return; // an empty line
      const text = r.start < 0 ? '' : commandText(src.slice(r.start, r.end));
      out.push({
        line: r.line,
        text,
        words: r.words.map((w) => w.text),
        redirects: r.redirects.map((x) => ({ fd: x.fd, op: x.op, target: x.target?.text ?? '' })),
        ...(r.heredoc ? { heredoc: { body: r.heredoc.body ?? '', line: r.heredoc.bodyLine } } : {}),
        ignoreFailure,
        ...(error ? { error } : {}),
      });
    };
    const first = list[0]!;
    const k = keyword(first);
    if (swallowBody) {
      // the compound command after `name()` is the function's body: already reported
      swallowBody = false;
      if (k && OPENERS.has(k)) {
        skip = 1 + depthChange(list.slice(1));
        continue;
      }
    }
    if (first.funcDef) {
      emit(
        first,
        `functions are not supported: write out the commands "${first.words[0]?.text ?? ''}" runs, with their values`,
      );
      swallowBody = true;
      continue;
    }
    if (k && OPENERS.has(k)) {
      emit(first, CONSTRUCT[k]!);
      // the rest of this list belongs to the construct
      skip = 1 + depthChange(list.slice(1));
      continue;
    }
    if (k && CLOSERS.has(k)) {
      emit(first, `syntax error: unexpected "${k}"`);
      continue;
    }
    const end = list.at(-1)!.connector;
    const listError =
      end === '&'
        ? 'background jobs (&) are not supported'
        : end === ';;' || end === ';&' || end === ';;&'
          ? `syntax error near "${end}"`
          : null;
    if (list.length === 1) {
      emit(first, first.error ?? wordError(first) ?? listError);
      continue;
    }
    // `a && b || true`: failures of a and b are ignored
    const last = list.at(-1)!;
    const beforeLast = list[list.length - 2]!;
    const isTrue =
      beforeLast.connector === '||' &&
      last.words.length === 1 &&
      !last.words[0]!.quoted &&
      (last.words[0]!.text === 'true' || last.words[0]!.text === ':') &&
      last.redirects.length === 0;
    const body = isTrue ? list.slice(0, -1) : list;
    const pipe = body.some((r, j) => j < body.length - 1 && (r.connector === '|' || r.connector === '|&'));
    const orElse = body.some((r, j) => j < body.length - 1 && r.connector === '||');
    const err = pipe
      ? 'pipes (|) are not supported'
      : orElse
        ? '"||" is supported only as "|| true" at the end: the importer runs every command'
        : listError;
    if (err) {
      // the whole list is one refused construct
      const end = list.at(-1)!.end;
      emit({ ...first, end: end < 0 ? first.end : end }, first.error ?? wordError(first) ?? err);
      continue;
    }
    for (const r of body) emit(r, r.error ?? wordError(r), isTrue);
  }
  return out;
}

function wordError(r: Raw): string | null {
  const w = r.words.find((x) => x.error);
  if (w) return w.error!;
  const t = r.redirects.find((x) => x.target?.error);
  if (t) return t.target!.error!;
  const first = r.words[0];
  if (first?.assign) {
    const name = first.text.slice(0, first.text.indexOf('='));
    return `${VARIABLE_MSG} (${name}=…)`;
  }
  return null;
}

const VARIABLE_MSG = 'variables are not supported: write the value itself where it is used';
