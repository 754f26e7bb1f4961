/**
 * glibc's `getopt_long()` as the console's tools use it: short options (`-c 3`, `-c3`, `-nq`), long
 * options (`--proto tcp`, `--proto=tcp`, any unambiguous prefix), GNU permutation (options may follow
 * operands) and `--` ending the options. It only splits: each tool words its own errors.
 */

export interface LongOption {
  readonly name: string;
  /** 0 none, 1 required, 2 optional (only as `--name=value`). */
  readonly hasArg: 0 | 1 | 2;
  /** The short option it stands for (its `val`). */
  readonly val: string;
}

export interface GetoptSpec {
  /** Short options without argument (`nq4`). */
  readonly flags: string;
  /** Short options with a required argument (`cItW`). */
  readonly withArg: string;
  /** Short options with an optional argument, attached only (`-Lconntrack`). */
  readonly optionalArg?: string;
  readonly long?: readonly LongOption[];
}

export interface ParsedOption {
  /** The short option letter (for a long option: its `val`). */
  readonly opt: string;
  readonly arg?: string;
  /** As typed: `-c`, `--proto`. */
  readonly spelled: string;
  /** Index in argv of the token that held the option. */
  readonly index: number;
}

export type GetoptError =
  | { readonly kind: 'invalid'; readonly opt: string }
  | { readonly kind: 'missing'; readonly opt: string }
  | { readonly kind: 'unknown-long'; readonly name: string }
  | { readonly kind: 'ambiguous-long'; readonly name: string }
  | { readonly kind: 'long-needs-arg'; readonly name: string }
  | { readonly kind: 'long-takes-no-arg'; readonly name: string };

export type GetoptResult =
  | {
      readonly ok: true;
      readonly options: ParsedOption[];
      readonly operands: string[];
      /** Index in argv of each operand. */
      readonly operandIndex: number[];
    }
  | { readonly ok: false; readonly error: GetoptError; readonly options: ParsedOption[] };

/** `getopt_long`'s long-option lookup: the exact name, else the only option (or the same one) the prefix starts. */
function findLong(spec: GetoptSpec, name: string): LongOption | 'ambiguous' | undefined {
  const long = spec.long ?? [];
  const exact = long.find((l) => l.name === name);
  if (exact) return exact;
  const hits = long.filter((l) => l.name.startsWith(name));
  if (hits.length === 0) return undefined;
  const first = hits[0]!;
  const same = hits.every((h) => h.val === first.val && h.hasArg === first.hasArg);
  return same ? first : 'ambiguous';
}

export function getopt(argv: readonly string[], spec: GetoptSpec): GetoptResult {
  const options: ParsedOption[] = [];
  const operands: string[] = [];
  const operandIndex: number[] = [];
  const operand = (i: number) => (operands.push(argv[i]!), operandIndex.push(i));
  const fail = (error: GetoptError): GetoptResult => ({ ok: false, error, options });
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i]!;
    if (tok === '--') {
      for (let j = i + 1; j < argv.length; j++) operand(j);
      break;
    }
    if (tok.startsWith('--') && spec.long) {
      const eq = tok.indexOf('=');
      const name = tok.slice(2, eq < 0 ? undefined : eq);
      const l = findLong(spec, name);
      if (l === undefined) return fail({ kind: 'unknown-long', name });
      if (l === 'ambiguous') return fail({ kind: 'ambiguous-long', name });
      const spelled = `--${l.name}`;
      if (eq >= 0) {
        if (l.hasArg === 0) return fail({ kind: 'long-takes-no-arg', name: l.name });
        options.push({ opt: l.val, arg: tok.slice(eq + 1), spelled, index: i });
      } else if (l.hasArg === 1) {
        if (i + 1 >= argv.length) return fail({ kind: 'long-needs-arg', name: l.name });
        options.push({ opt: l.val, arg: argv[++i]!, spelled, index: i - 1 });
      } else options.push({ opt: l.val, spelled, index: i });
      continue;
    }
    if (!tok.startsWith('-') || tok === '-') {
      operand(i);
      continue;
    }
    const index = i;
    for (let j = 1; j < tok.length; j++) {
      const c = tok[j]!;
      const spelled = `-${c}`;
      if (spec.withArg.includes(c)) {
        const rest = tok.slice(j + 1);
        if (rest !== '') options.push({ opt: c, arg: rest, spelled, index });
        else if (i + 1 < argv.length) options.push({ opt: c, arg: argv[++i]!, spelled, index });
        else return fail({ kind: 'missing', opt: c });
        break;
      }
      if (spec.optionalArg?.includes(c)) {
        const rest = tok.slice(j + 1);
        options.push(rest !== '' ? { opt: c, arg: rest, spelled, index } : { opt: c, spelled, index });
        break;
      }
      if (spec.flags.includes(c)) options.push({ opt: c, spelled, index });
      else return fail({ kind: 'invalid', opt: c });
    }
  }
  return { ok: true, options, operands, operandIndex };
}

/**
 * `strtol(s, &end, base)` as C parses it: leading blanks, a sign, digits (base 0: `0x` hex, `0` octal).
 * `rest` is what follows the number; `digits` false when no digit was read (then value is 0).
 */
export function strtol(s: string, base: 0 | 10 | 16): { value: bigint; rest: string; digits: boolean } {
  let i = 0;
  while (i < s.length && ' \t\n\v\f\r'.includes(s[i]!)) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') neg = s[i++] === '-';
  let b: number = base;
  if (
    (b === 0 || b === 16) &&
    s[i] === '0' &&
    (s[i + 1] === 'x' || s[i + 1] === 'X') &&
    /[0-9a-f]/i.test(s[i + 2] ?? '')
  ) {
    i += 2;
    b = 16;
  } else if (b === 0) b = s[i] === '0' ? 8 : 10;
  const start = i;
  let v = 0n;
  for (; i < s.length; i++) {
    const d = parseInt(s[i]!, 36);
    if (Number.isNaN(d) || d >= b) break;
    v = v * BigInt(b) + BigInt(d);
  }
  if (i === start) return { value: 0n, rest: s, digits: false };
  return { value: neg ? -v : v, rest: s.slice(i), digits: true };
}
