/**
 * iproute2's JSON writer (lib/json_writer.c), byte for byte: compact (`-j`) and pretty (`-j -p`)
 * layouts, where pretty output breaks lines only before object members and before a non-empty
 * object's closing brace, and pads array brackets with spaces (`[ "UP","LOWER_UP" ]`, `[ ]`).
 */
export class JsonWriter {
  private out = '';
  private depth = 0;
  /** Separator owed before the next value: '' at the start of a container or after a member name. */
  private sep = '';

  constructor(private readonly pretty: boolean) {}

  private eol(): void {
    if (!this.pretty) return;
    this.out += '\n' + '    '.repeat(this.depth);
  }

  private eor(): void {
    this.out += this.sep;
    this.sep = ',';
  }

  private begin(c: string): void {
    this.eor();
    this.out += c;
    this.depth++;
    this.sep = '';
  }

  private end(c: string): void {
    this.depth--;
    if (this.sep !== '') this.eol();
    this.out += c;
    this.sep = ',';
  }

  name(name: string): void {
    this.eor();
    this.eol();
    this.sep = '';
    this.out += quote(name) + (this.pretty ? ': ' : ':');
  }

  startObject(): void {
    this.begin('{');
  }

  endObject(): void {
    this.end('}');
  }

  startArray(): void {
    this.begin('[');
    if (this.pretty) this.out += ' ';
  }

  endArray(): void {
    if (this.pretty && this.sep !== '') this.out += ' ';
    this.sep = '';
    this.end(']');
  }

  string(value: string): void {
    this.eor();
    this.out += quote(value);
  }

  /** A number, `null`, `true` or `false`, written as is. */
  raw(value: string): void {
    this.eor();
    this.out += value;
  }

  /** What was written so far (an unfinished document if a command fails half-way). */
  text(): string {
    return this.out;
  }
}

const ESCAPES: Record<string, string> = {
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
  '\f': '\\f',
  '\b': '\\b',
  '\\': '\\\\',
  '"': '\\"',
};

/** `jsonw_puts`: only these seven characters are escaped. */
function quote(s: string): string {
  let r = '"';
  for (const ch of s) r += ESCAPES[ch] ?? ch;
  return r + '"';
}
