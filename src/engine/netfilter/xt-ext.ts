/**
 * The xtables extension machinery iptables 1.8.9 parses a rule with (libxtables/xtoptions.c): option
 * tables, the generic per-option checks of `xtables_option_parse()` and the final constraint check
 * `xtables_options_fcheck()`, reproduced with iptables' own error texts.
 */
import type { Getopt } from './getopt.ts';

/** An error iptables (or the kernel, or natlab) raises while parsing; `token` is an argv index. */
export class XtError extends Error {
  constructor(
    message: string,
    readonly detail: {
      readonly token?: number;
      /** Point at the option itself rather than its argument (for errors about the option, not its value). */
      readonly atOption?: boolean;
      /** natlab's plain-language explanation, appended to iptables' own words. */
      readonly explain?: string;
      /** iptables accepts this, but natlab does not model it. */
      readonly unsupported?: boolean;
    } = {},
  ) {
    super(message);
  }
}

/** One entry of an extension's `xt_option_entry[]` table. */
export interface OptEntry {
  readonly name: string;
  readonly id: number;
  /** False for XTTYPE_NONE. */
  readonly arg: boolean;
  /** XTOPT_INVERT. */
  readonly invert?: boolean;
  /** XTOPT_MAND. */
  readonly mand?: boolean;
  /** XTOPT_MULTI. */
  readonly multi?: boolean;
  /** Bitmask of option ids this one excludes (`.excl`). */
  readonly excl?: number;
}

/** What an extension's parse function sees of the rule being built (`cb->xt_entry`, argv). */
export interface ParseEnv {
  /** `entry->ip.proto` / `entry->ip.invflags & XT_INV_PROTO` at the time the option is parsed. */
  readonly proto: number;
  readonly protoInvert: boolean;
  readonly argv: readonly string[];
  readonly getopt: Getopt;
}

export interface OptCall {
  readonly entry: OptEntry;
  /** `optarg` (null for options without argument). */
  readonly arg: string | null;
  readonly invert: boolean;
  /** Option bits seen so far (`cb->xflags`), before this one. */
  readonly xflags: number;
  readonly env: ParseEnv;
}

export interface ExtDef<S> {
  /** Name after `-m` / `-j`. */
  readonly name: string;
  /** Old `struct option` API (libxt_tcp): no generic once/invert/argument checks. */
  readonly oldStyle?: boolean;
  readonly options: readonly OptEntry[];
  init(): S;
  parse(state: S, call: OptCall): void;
  /** `x6_fcheck` / `final_check`, run before the generic constraint check. */
  check?(state: S, xflags: number): void;
}

/** The generic checks of `xtables_option_parse()` for new-style extensions. */
export function genericOptionChecks(ext: string, call: OptCall): void {
  const { entry } = call;
  const bit = 1 << entry.id;
  if ((!entry.multi || (entry.excl ?? 0) & bit) && call.xflags & bit)
    throw new XtError(`${ext}: option "--${entry.name}" can only be used once.`, {
      atOption: true,
      explain: `--${entry.name} may appear only once in a rule.`,
    });
  if (call.invert && !entry.invert)
    throw new XtError(`${ext}: option "--${entry.name}" cannot be inverted.`, {
      atOption: true,
      explain: `"!" is not allowed before --${entry.name}.`,
    });
  if (entry.arg && call.arg === null)
    throw new XtError(`${ext}: option "--${entry.name}" requires an argument.`);
}

/** `xtables_options_fcheck()`: mandatory options and mutual exclusions, in table order. */
export function finalOptionChecks(ext: string, options: readonly OptEntry[], xflags: number): void {
  for (const entry of options) {
    if (entry.mand && !(xflags & (1 << entry.id)))
      throw new XtError(`${ext}: option "--${entry.name}" must be specified`, {
        explain: `the ${ext} extension needs --${entry.name}.`,
      });
    if (!(xflags & (1 << entry.id))) continue;
    for (let i = 0; i < 32; i++) {
      if (i === entry.id) continue;
      const other = options.find((o) => o.id === i);
      if (!other) continue;
      const of = 1 << other.id;
      if (!((entry.excl ?? 0) & of)) continue;
      if ((xflags & ((1 << entry.id) | of)) !== ((1 << entry.id) | of)) continue;
      throw new XtError(`${ext}: option "--${entry.name}" cannot be used together with "--${other.name}".`, {
        explain: `--${entry.name} and --${other.name} exclude each other.`,
      });
    }
  }
}

/** Marks an option natlab parses for faithful errors but does not model. */
export function unsupported(what: string, token?: number): XtError {
  return new XtError(`natlab does not model ${what}`, {
    unsupported: true,
    ...(token !== undefined ? { token } : {}),
    explain:
      'iptables accepts this, but the simulator cannot evaluate it; remove it or express the rule differently.',
  });
}
