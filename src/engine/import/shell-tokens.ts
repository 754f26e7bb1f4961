/**
 * The first half of the shell front end: a bash script's text → words, operators and newlines, the way
 * bash's reader splits them (quotes, backslashes, line continuations, comments, here-document bodies).
 * Nothing is expanded: every expansion (`$X`, `${X}`, `$(…)`, `` `…` ``, globs, `~`, braces) is marked
 * as an error on its word, with the reason, and consumed so that the rest of the script still reads
 * correctly.
 */

export interface WordTok {
  readonly t: 'word';
  readonly text: string;
  /** Some part of the word was quoted or escaped. */
  readonly quoted: boolean;
  /** `NAME=…` with an unquoted valid NAME: an assignment when it starts a command. */
  readonly assign: boolean;
  readonly start: number;
  readonly end: number;
  readonly line: number;
  /** Why bash would not take this word literally. */
  readonly error?: string;
}

export interface Heredoc {
  readonly delimiter: string;
  /** A quoted delimiter (`<<'EOF'`): the body is literal. */
  readonly quoted: boolean;
  /** `<<-`: leading tabs are removed from each body line and from the delimiter line. */
  readonly strip: boolean;
  body: string | null;
  /** 1-based line of the body's first line. */
  bodyLine: number;
  error?: string;
}

export interface OpTok {
  readonly t: 'op';
  readonly op: string;
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly heredoc?: Heredoc;
}

/** A newline. */
export interface NewlineTok {
  readonly t: 'nl';
  readonly start: number;
  readonly line: number;
}

/** The end of the script. */
export interface EofTok {
  readonly t: 'eof';
  readonly start: number;
  readonly line: number;
}

export type Tok = WordTok | OpTok | NewlineTok | EofTok;

/** bash's operators, longest first. */
const OPERATORS = [
  ';;&',
  '&>>',
  '<<-',
  '<<<',
  '&&',
  '||',
  ';;',
  ';&',
  '|&',
  '<<',
  '>>',
  '>&',
  '<&',
  '<>',
  '>|',
  '&>',
  '(',
  ')',
  ';',
  '&',
  '|',
  '<',
  '>',
];
const OP_START = new Set(';&|<>()');
const BLANK = new Set([' ', '\t']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const VAR_START = /[A-Za-z0-9_@*#?$!-]/;

const VARIABLES = 'variables are not supported: write the value itself';

export class Tokenizer {
  private pos = 0;
  private line = 1;
  private readonly pending: Heredoc[] = [];
  readonly tokens: Tok[] = [];

  constructor(private readonly src: string) {}

  run(): Tok[] {
    const s = this.src;
    while (this.pos < s.length) {
      const c = s[this.pos]!;
      if (BLANK.has(c)) this.pos++;
      else if (c === '\\' && s[this.pos + 1] === '\n') {
        this.pos += 2;
        this.line++;
      } else if (c === '\n') {
        this.tokens.push({ t: 'nl', start: this.pos, line: this.line });
        this.pos++;
        this.line++;
        this.readHeredocBodies();
      } else if (c === '#') {
        const nl = s.indexOf('\n', this.pos);
        this.pos = nl < 0 ? s.length : nl;
      } else if (OP_START.has(c)) this.readOperator();
      else this.tokens.push(this.readWord());
    }
    for (const h of this.pending.splice(0)) {
      h.error = `the here-document (<<${h.delimiter}) has no body: the script ends on the same line`;
      h.body = '';
    }
    this.tokens.push({ t: 'eof', start: s.length, line: this.line });
    return this.tokens;
  }

  private readOperator(): void {
    const s = this.src;
    const op = OPERATORS.find((o) => s.startsWith(o, this.pos))!;
    const start = this.pos;
    const line = this.line;
    this.pos += op.length;
    if (op !== '<<' && op !== '<<-') {
      this.tokens.push({ t: 'op', op, start, end: this.pos, line });
      return;
    }
    while (this.pos < s.length && BLANK.has(s[this.pos]!)) this.pos++;
    const c = s[this.pos];
    let h: Heredoc;
    if (c === undefined || c === '\n' || OP_START.has(c)) {
      h = {
        delimiter: '',
        quoted: false,
        strip: false,
        body: '',
        bodyLine: line,
        error: `"${op}" needs a delimiter word`,
      };
    } else {
      const w = this.readWord();
      h = {
        delimiter: w.text,
        quoted: w.quoted,
        strip: op === '<<-',
        body: null,
        bodyLine: 0,
        ...(w.error ? { error: w.error } : {}),
      };
      this.pending.push(h);
    }
    this.tokens.push({ t: 'op', op, start, end: this.pos, line, heredoc: h });
  }

  /** After a newline: the bodies of the here-documents opened on the line just ended. */
  private readHeredocBodies(): void {
    const s = this.src;
    for (const h of this.pending.splice(0)) {
      h.bodyLine = this.line;
      const lines: string[] = [];
      let closed = false;
      while (this.pos < s.length) {
        const eol = s.indexOf('\n', this.pos);
        const raw = s.slice(this.pos, eol < 0 ? s.length : eol);
        this.pos = eol < 0 ? s.length : eol + 1;
        if (eol >= 0) this.line++;
        const text = h.strip ? raw.replace(/^\t+/, '') : raw;
        if (text === h.delimiter) {
          closed = true;
          break;
        }
        lines.push(text);
      }
      if (!closed && !h.error)
        h.error = `the here-document is never closed: no line "${h.delimiter}" after line ${h.bodyLine - 1}`;
      const body = lines.length ? `${lines.join('\n')}\n` : '';
      if (h.quoted) h.body = body;
      else {
        const x = expandHeredoc(body);
        h.body = x.text;
        if (x.error && !h.error) h.error = x.error;
      }
    }
  }

  private readWord(): WordTok {
    const s = this.src;
    const start = this.pos;
    const line = this.line;
    let text = '';
    let quoted = false;
    let assign = false;
    let error: string | undefined;
    let glob = false;
    let braceOpen = false;
    let braceList = false;
    let braceExp = false;
    const fail = (m: string) => {
      error ??= m;
    };
    while (this.pos < s.length) {
      const c = s[this.pos]!;
      if (BLANK.has(c) || c === '\n' || OP_START.has(c)) break;
      if (c === '\\') {
        const n = s[this.pos + 1];
        if (n === undefined) {
          text += c;
          this.pos++;
        } else if (n === '\n') {
          this.pos += 2;
          this.line++;
        } else {
          text += n;
          quoted = true;
          this.pos += 2;
        }
      } else if (c === "'") {
        const close = s.indexOf("'", this.pos + 1);
        const end = close < 0 ? s.length : close;
        const inner = s.slice(this.pos + 1, end);
        this.countLines(inner);
        if (close < 0) fail(`unterminated single quote: the ' on line ${line} is never closed`);
        text += inner;
        quoted = true;
        this.pos = close < 0 ? s.length : close + 1;
      } else if (c === '"') {
        text += this.readDoubleQuoted(fail);
        quoted = true;
      } else if (c === '$') {
        const n = s[this.pos + 1];
        if (n === "'" || n === '"') {
          fail(
            n === "'"
              ? "$'…' quoting is not supported: use '…'"
              : '$"…" (translated strings) is not supported: use "…"',
          );
          this.pos++;
          if (n === "'") {
            const close = s.indexOf("'", this.pos + 1);
            this.countLines(s.slice(this.pos, close < 0 ? s.length : close));
            this.pos = close < 0 ? s.length : close + 1;
          } else this.readDoubleQuoted(() => undefined);
        } else if (n === '(' || n === '{') {
          fail(
            n === '('
              ? s[this.pos + 2] === '('
                ? 'arithmetic ($((…))) is not supported: write the number itself'
                : 'command substitution ($(…)) is not supported: write the value itself'
              : `${VARIABLES} (\${…})`,
          );
          this.pos++;
          this.skipBalanced(n, n === '(' ? ')' : '}');
        } else if (n !== undefined && VAR_START.test(n)) {
          const m = /^[A-Za-z_][A-Za-z0-9_]*|^./.exec(s.slice(this.pos + 1, this.pos + 200))!;
          fail(`${VARIABLES} ($${m[0]})`);
          this.pos += 1 + m[0].length;
        } else {
          text += c;
          this.pos++;
        }
      } else if (c === '`') {
        fail('command substitution (`…`) is not supported: write the value itself');
        this.skipBackticks();
      } else {
        if (c === '*' || c === '?' || c === '[') glob = true;
        if (c === '~' && text === '' && !quoted)
          fail('"~" (the home directory) is not supported: write the path');
        if (c === '{') braceOpen = true;
        if (braceOpen && (c === ',' || (c === '.' && s[this.pos + 1] === '.'))) braceList = true;
        if (c === '}' && braceList) braceExp = true;
        if (c === '=' && !assign && !quoted && NAME.test(text)) assign = true;
        text += c;
        this.pos++;
      }
    }
    if (glob && !error && !isTestBracket(text))
      fail(`unquoted * ? or [ in "${text}": bash may expand it to file names; quote the word ('${text}')`);
    if (braceExp && !error) fail(`brace expansion in "${text}" is not supported: write each word out`);
    return {
      t: 'word',
      text,
      quoted,
      assign,
      start,
      end: this.pos,
      line,
      ...(error !== undefined ? { error } : {}),
    };
  }

  /** From an opening `"`: the text inside, after backslash processing. */
  private readDoubleQuoted(fail: (m: string) => void): string {
    const s = this.src;
    const line = this.line;
    let text = '';
    this.pos++;
    while (this.pos < s.length) {
      const d = s[this.pos]!;
      if (d === '"') {
        this.pos++;
        return text;
      }
      if (d === '\\') {
        const n = s[this.pos + 1];
        if (n === '\n') this.line++;
        else if (n === '$' || n === '`' || n === '"' || n === '\\') text += n;
        else if (n !== undefined) text += d + n;
        else text += d;
        this.pos += n === undefined ? 1 : 2;
        continue;
      }
      if (d === '$') {
        const n = s[this.pos + 1];
        if (n === '(' || n === '{') {
          fail(
            n === '('
              ? 'command substitution ($(…)) is not supported: write the value itself'
              : `${VARIABLES} (\${…})`,
          );
          this.pos++;
          this.skipBalanced(n, n === '(' ? ')' : '}');
          continue;
        }
        if (n !== undefined && VAR_START.test(n)) {
          const m = /^[A-Za-z_][A-Za-z0-9_]*|^./.exec(s.slice(this.pos + 1, this.pos + 200))!;
          fail(`${VARIABLES} ($${m[0]})`);
          this.pos += 1 + m[0].length;
          continue;
        }
      }
      if (d === '`') {
        fail('command substitution (`…`) is not supported: write the value itself');
        this.skipBackticks();
        continue;
      }
      if (d === '\n') this.line++;
      text += d;
      this.pos++;
    }
    fail(`unterminated double quote: the " on line ${line} is never closed`);
    return text;
  }

  /** From an opening bracket: past its matching close (quotes respected, nesting counted). */
  private skipBalanced(open: string, close: string): void {
    const s = this.src;
    let depth = 0;
    while (this.pos < s.length) {
      const c = s[this.pos]!;
      if (c === '\n') this.line++;
      if (c === '\\') {
        if (s[this.pos + 1] === '\n') this.line++;
        this.pos += 2;
        continue;
      }
      if (c === "'") {
        const e = s.indexOf("'", this.pos + 1);
        this.countLines(s.slice(this.pos + 1, e < 0 ? s.length : e));
        this.pos = e < 0 ? s.length : e + 1;
        continue;
      }
      if (c === open) depth++;
      else if (c === close && --depth === 0) {
        this.pos++;
        return;
      }
      this.pos++;
    }
  }

  private skipBackticks(): void {
    const s = this.src;
    this.pos++;
    while (this.pos < s.length && s[this.pos] !== '`') {
      if (s[this.pos] === '\n') this.line++;
      this.pos += s[this.pos] === '\\' ? 2 : 1;
    }
    this.pos++;
  }

  private countLines(t: string): void {
    for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) this.line++;
  }
}

/** `[` and `[[` as words (the test command) are reported as conditionals, not as globs. */
const isTestBracket = (w: string) => w === '[' || w === '[[' || w === ']' || w === ']]';

/** An unquoted here-document body: `\$ \` \\` and line continuations are processed; expansions refused. */
function expandHeredoc(body: string): { text: string; error?: string } {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    const n = body[i + 1];
    if (c === '\\' && n !== undefined && '$`\\\n'.includes(n)) {
      if (n !== '\n') out += n;
      i++;
    } else if ((c === '$' && n !== undefined && (n === '(' || n === '{' || VAR_START.test(n))) || c === '`')
      return {
        text: out,
        error:
          "the here-document's delimiter is not quoted, so bash expands $ and ` in its body: variables and substitutions are not supported (quote the delimiter: <<'EOF')",
      };
    else out += c;
  }
  return { text: out };
}
