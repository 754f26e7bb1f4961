/**
 * glibc `getopt_long()` as iptables drives it (iptables/xshared.c `do_parse()`): optstring
 * `IPT_OPTSTRING` = `"-:A:C:D:R:I:L::S::M:F::Z::N:X::E:P:Vh::o:p:s:d:j:i:fbvw::W::nt:m:xc:g:46"`,
 * i.e. RETURN_IN_ORDER (a non-option comes back as code 1) and `:` for a missing argument, `opterr = 0`,
 * and a long-option table that grows while parsing (`xtables_options_xfrm()` / `xtables_merge_options()`
 * put the newest extension's options right after the built-in ones). Long options may be abbreviated to
 * any unambiguous prefix, exactly as glibc allows (posix/getopt.c `process_long_option()`).
 */

export interface LongOption {
  readonly name: string;
  /** 0 none, 1 required, 2 optional (`=value` only). */
  readonly hasArg: 0 | 1 | 2;
  readonly val: number;
}

export const OPT_NONOPTION = 1;
export const OPT_UNKNOWN = '?'.charCodeAt(0);
export const OPT_MISSING = ':'.charCodeAt(0);

const OPTSTRING = 'A:C:D:R:I:L::S::M:F::Z::N:X::E:P:Vh::o:p:s:d:j:i:fbvw::W::nt:m:xc:g:46';

/** Argument kind of each short option in IPT_OPTSTRING (0 none, 1 required, 2 optional). */
const SHORT = ((): ReadonlyMap<string, 0 | 1 | 2> => {
  const m = new Map<string, 0 | 1 | 2>();
  for (let i = 0; i < OPTSTRING.length; i++) {
    const c = OPTSTRING[i]!;
    if (c === ':') continue;
    let kind: 0 | 1 | 2 = 0;
    if (OPTSTRING[i + 1] === ':') kind = OPTSTRING[i + 2] === ':' ? 2 : 1;
    m.set(c, kind);
  }
  return m;
})();

export interface GetoptResult {
  /** Option code: a short option's char code, a long option's `val`, 1, `?`, `:`; -1 at the end. */
  readonly c: number;
  readonly optarg: string | null;
}

export class Getopt {
  optind = 0;
  private nextchar = '';

  constructor(
    private readonly argv: readonly string[],
    public opts: readonly LongOption[],
  ) {}

  next(): GetoptResult {
    if (this.nextchar === '') {
      if (this.optind >= this.argv.length) return { c: -1, optarg: null };
      const arg = this.argv[this.optind]!;
      if (arg === '--') {
        this.optind++;
        return { c: -1, optarg: null };
      }
      if (arg[0] !== '-' || arg.length === 1) {
        this.optind++;
        return { c: OPT_NONOPTION, optarg: arg };
      }
      if (arg[1] === '-') return this.longOption(arg.slice(2));
      this.nextchar = arg.slice(1);
    }
    return this.shortOption();
  }

  private longOption(body: string): GetoptResult {
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    this.optind++;
    let found: LongOption | undefined = this.opts.find((o) => o.name === name);
    if (!found) {
      let ambiguous = false;
      for (const o of this.opts) {
        if (!o.name.startsWith(name)) continue;
        if (!found) found = o;
        else if (found.hasArg !== o.hasArg || found.val !== o.val) ambiguous = true;
      }
      if (ambiguous || !found) return { c: OPT_UNKNOWN, optarg: null };
    }
    if (eq >= 0) {
      if (found.hasArg === 0) return { c: OPT_UNKNOWN, optarg: null };
      return { c: found.val, optarg: body.slice(eq + 1) };
    }
    if (found.hasArg === 1) {
      if (this.optind < this.argv.length) return { c: found.val, optarg: this.argv[this.optind++]! };
      return { c: OPT_MISSING, optarg: null };
    }
    return { c: found.val, optarg: null };
  }

  private shortOption(): GetoptResult {
    const c = this.nextchar[0]!;
    this.nextchar = this.nextchar.slice(1);
    const kind = SHORT.get(c);
    if (kind === undefined) {
      if (this.nextchar === '') this.optind++;
      return { c: OPT_UNKNOWN, optarg: null };
    }
    const code = c.charCodeAt(0);
    if (kind === 0) {
      if (this.nextchar === '') this.optind++;
      return { c: code, optarg: null };
    }
    if (this.nextchar !== '') {
      const optarg = this.nextchar;
      this.nextchar = '';
      this.optind++;
      return { c: code, optarg };
    }
    this.optind++;
    if (kind === 2) return { c: code, optarg: null };
    if (this.optind < this.argv.length) return { c: code, optarg: this.argv[this.optind++]! };
    return { c: OPT_MISSING, optarg: null };
  }
}

/** iptables' `original_opts[]` (iptables/xtables.c, the nf_tables variant), in order. */
export const ORIGINAL_OPTS: readonly LongOption[] = [
  ['append', 1, 'A'],
  ['delete', 1, 'D'],
  ['check', 1, 'C'],
  ['insert', 1, 'I'],
  ['replace', 1, 'R'],
  ['list', 2, 'L'],
  ['list-rules', 2, 'S'],
  ['flush', 2, 'F'],
  ['zero', 2, 'Z'],
  ['new-chain', 1, 'N'],
  ['delete-chain', 2, 'X'],
  ['rename-chain', 1, 'E'],
  ['policy', 1, 'P'],
  ['source', 1, 's'],
  ['destination', 1, 'd'],
  ['src', 1, 's'],
  ['dst', 1, 'd'],
  ['protocol', 1, 'p'],
  ['in-interface', 1, 'i'],
  ['jump', 1, 'j'],
  ['table', 1, 't'],
  ['match', 1, 'm'],
  ['numeric', 0, 'n'],
  ['out-interface', 1, 'o'],
  ['verbose', 0, 'v'],
  ['wait', 2, 'w'],
  ['wait-interval', 2, 'W'],
  ['exact', 0, 'x'],
  ['fragments', 0, 'f'],
  ['version', 0, 'V'],
  ['help', 2, 'h'],
  ['line-numbers', 0, '0'],
  ['modprobe', 1, 'M'],
  ['set-counters', 1, 'c'],
  ['goto', 1, 'g'],
  ['ipv4', 0, '4'],
  ['ipv6', 0, '6'],
].map(([name, hasArg, v]) => ({
  name: name as string,
  hasArg: hasArg as 0 | 1 | 2,
  val: (v as string).charCodeAt(0),
}));
