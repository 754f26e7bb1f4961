/**
 * iproute2's one-printer-two-outputs helpers (lib/json_print.c): every `print_*(PRINT_ANY, key, fmt,
 * value)` call writes `fmt` filled with `value` to the text output, or `key: value` to the JSON output
 * when `-j` is given. PRINT_FP calls only reach the text, PRINT_JSON calls only the JSON.
 */
import { JsonWriter } from './json-writer.ts';

export type PrintKind = 'any' | 'fp' | 'json';

export interface OutputOptions {
  /** `-j` / `-json`. */
  readonly json?: boolean;
  /** `-p` / `-pretty` (only with `-j`). */
  readonly pretty?: boolean;
}

/** `%#x` as C prints it: `0` for zero, `0x…` otherwise. */
export function altHex(n: number): string {
  return n === 0 ? '0' : `0x${(n >>> 0).toString(16)}`;
}

export class IpPrinter {
  private text = '';
  private readonly jw: JsonWriter | null;

  constructor(opts: OutputOptions) {
    this.jw = opts.json === true ? new JsonWriter(opts.pretty === true) : null;
  }

  get isJson(): boolean {
    return this.jw !== null;
  }

  private toFp(kind: PrintKind): boolean {
    return this.jw === null && kind !== 'json';
  }

  private toJson(kind: PrintKind, key: string | null): boolean {
    if (this.jw === null || kind === 'fp') return false;
    if (key !== null) this.jw.name(key);
    return true;
  }

  /** `new_json_obj()`: the top-level array of a dump. */
  open(): void {
    this.jw?.startArray();
  }

  /** `delete_json_obj()` and everything printed: the command's stdout. */
  close(): string {
    if (this.jw === null) return this.text;
    this.jw.endArray();
    return this.jw.text() + '\n';
  }

  /** What a command that fails half-way has printed (an unterminated `[` for a failed JSON dump). */
  partial(): string {
    return this.jw === null ? this.text : this.jw.text();
  }

  /** `print_string(kind, key, fmt, value)`. */
  str(kind: PrintKind, key: string | null, fmt: string, value: string): void {
    if (this.toJson(kind, key)) this.jw!.string(value);
    else if (this.toFp(kind)) this.text += fmt.replace('%s', value);
  }

  /** `print_uint()` / `print_int()`: a JSON number. */
  num(kind: PrintKind, key: string | null, fmt: string, value: number): void {
    if (this.toJson(kind, key)) this.jw!.raw(String(value));
    else if (this.toFp(kind)) this.text += fmt.replace('%s', String(value));
  }

  /** `print_0xhex()`: a JSON string in `%#llx` form. */
  hex(kind: PrintKind, key: string | null, fmt: string, value: number): void {
    this.str(kind, key, fmt, altHex(value));
  }

  /** `print_null()`: a JSON `null`, or `fmt` as is. */
  nul(kind: PrintKind, key: string, fmt: string): void {
    if (this.toJson(kind, key)) this.jw!.raw('null');
    else if (this.toFp(kind)) this.text += fmt;
  }

  /** `print_bool()`: a JSON `true`/`false`, or `fmt` as is. */
  bool(kind: PrintKind, key: string, fmt: string, value: boolean): void {
    if (this.toJson(kind, key)) this.jw!.raw(String(value));
    else if (this.toFp(kind)) this.text += fmt;
  }

  /** Text only: `print_string(PRINT_FP, NULL, "%s", text)`. */
  fp(text: string): void {
    if (this.jw === null) this.text += text;
  }

  /** `open_json_object(key)`: JSON only. */
  openObject(key: string | null = null): void {
    if (this.jw === null) return;
    if (key !== null) this.jw.name(key);
    this.jw.startObject();
  }

  closeObject(): void {
    this.jw?.endObject();
  }

  /** `open_json_array(kind, key)`: in text, a PRINT_ANY array prints `textOpen` instead. */
  openArray(kind: PrintKind, key: string, textOpen = ''): void {
    if (this.toJson(kind, key)) this.jw!.startArray();
    else if (this.toFp(kind)) this.text += textOpen;
  }

  closeArray(kind: PrintKind, textClose = ''): void {
    if (this.jw !== null && kind !== 'fp') this.jw.endArray();
    else if (this.toFp(kind)) this.text += textClose;
  }
}
