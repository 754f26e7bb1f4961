/**
 * iptables 1.8.9's command-line parser (`do_parse()` with `command_default()`, `command_match()`,
 * `command_jump()`, iptables/xshared.c) reproduced for one rule of `iptables -t TABLE -A CHAIN …`: the same
 * getopt walk, the same on-demand loading of the protocol match, the same checks in the same order, the
 * same messages. Produces the xtables-level parse result; {@link ./rule-store.ts} turns it into a Rule.
 */
import type { TableName } from '../model/netfilter.ts';
import { xtStrtoul } from './c-num.ts';
import {
  MATCH_EXTS,
  OTHER_MATCHES,
  OTHER_TARGETS,
  STANDARD_EXT,
  STANDARD_VERDICTS,
  TARGET_EXTS,
  type AnyExt,
} from './ext-registry.ts';
import { Getopt, OPT_MISSING, OPT_NONOPTION, OPT_UNKNOWN, ORIGINAL_OPTS, type LongOption } from './getopt.ts';
import { parseProtocolName, protocolName } from './protocols.ts';
import {
  XtError,
  finalOptionChecks,
  genericOptionChecks,
  unsupported,
  type OptCall,
  type ParseEnv,
} from './xt-ext.ts';

/** `OPT_*` of iptables/xshared.h, in `optflags[]` order. */
const OPT_LETTERS = ['n', 's', 'd', 'p', 'j', 'v', 'x', 'i', 'o', '0', 'c', 'f'] as const;
const optBit = (letter: (typeof OPT_LETTERS)[number]) => 1 << OPT_LETTERS.indexOf(letter);
/** Options that may follow `!` (`inverse_for_options[]`). */
const INVERTIBLE = new Set(['s', 'd', 'p', 'i', 'o', 'f']);
const COMMANDS = new Set(['A', 'C', 'D', 'R', 'I', 'L', 'S', 'F', 'Z', 'N', 'X', 'E', 'P']);

export interface ExtInstance {
  readonly def: AnyExt;
  readonly state: unknown;
  xflags: number;
  readonly offset: number;
  completed: boolean;
  /** argv index of the `-m NAME` / `-j NAME` (or implicitly loading) token. */
  readonly tok: number;
}

export interface XtParsed {
  /** OPT_* bits that were given, and which of -s -d -p -i -o -f were inverted. */
  options: number;
  inverted: Set<string>;
  proto: number;
  src: { readonly text: string; readonly tok: number } | null;
  dst: { readonly text: string; readonly tok: number } | null;
  iif: { readonly name: string; readonly tok: number } | null;
  oif: { readonly name: string; readonly tok: number } | null;
  fragment: boolean;
  matches: ExtInstance[];
  target: ExtInstance | null;
  jumpto: string;
  gotoSet: boolean;
  jumpTok: number;
}

export interface CoreCtx {
  readonly table: TableName;
  readonly chain: string;
  /** Chains iptables-restore has announced: `-j NAME` is then a jump even if NAME is also a target. */
  readonly userChains?: ReadonlySet<string>;
}

const withToken = (e: unknown, tok: number, optTok = tok): never => {
  if (e instanceof XtError && e.detail.token === undefined)
    throw new XtError(e.message, { ...e.detail, token: e.detail.atOption ? optTok : tok });
  throw e;
};

export function xtParse(argv: readonly string[], ctx: CoreCtx): XtParsed {
  const g = new Getopt(argv, ORIGINAL_OPTS);
  const r: XtParsed = {
    options: 0,
    inverted: new Set(),
    proto: 0,
    src: null,
    dst: null,
    iif: null,
    oif: null,
    fragment: false,
    matches: [],
    target: null,
    jumpto: '',
    gotoSet: false,
    jumpTok: -1,
  };
  let protocolText: string | null = null;
  let protoUsed = false;
  let offsetCounter = 0;
  let invert = false;

  const merge = (def: AnyExt): number => {
    offsetCounter += 256;
    const fresh: LongOption[] = def.options.map((o) => ({
      name: o.name,
      hasArg: o.arg ? 1 : 0,
      val: o.id + offsetCounter,
    }));
    g.opts = [...ORIGINAL_OPTS, ...fresh, ...g.opts.slice(ORIGINAL_OPTS.length)];
    return offsetCounter;
  };
  const setOption = (letter: (typeof OPT_LETTERS)[number]) => {
    const bit = optBit(letter);
    if (r.options & bit)
      throw new XtError(`multiple -${letter} flags not allowed`, {
        atOption: true,
        explain: `-${letter} may appear only once.`,
      });
    r.options |= bit;
    if (invert) {
      if (!INVERTIBLE.has(letter))
        throw new XtError(`cannot have ! before -${letter}`, {
          atOption: true,
          explain: `"!" cannot negate -${letter}.`,
        });
      r.inverted.add(letter);
    }
  };
  const addMatch = (def: AnyExt, tok: number, forceMerge: boolean): ExtInstance => {
    const earlier = r.matches.filter((m) => m.def === def);
    for (const m of earlier) m.completed = true;
    const last = earlier[earlier.length - 1];
    const offset = last && !forceMerge ? last.offset : merge(def);
    const inst: ExtInstance = { def, state: def.init(), xflags: 0, offset, completed: false, tok };
    r.matches.push(inst);
    return inst;
  };
  const env = (): ParseEnv => ({ proto: r.proto, protoInvert: r.inverted.has('p'), argv, getopt: g });
  const callOption = (inst: ExtInstance, c: number, optarg: string | null, name: string) => {
    const entry = inst.def.options.find((o) => o.id === c - inst.offset);
    if (!entry) throw new XtError(`Extension does not know id ${c - inst.offset}`);
    const call: OptCall = { entry, arg: optarg, invert, xflags: inst.xflags, env: env() };
    if (!inst.def.oldStyle) genericOptionChecks(name, call);
    inst.def.parse(inst.state, call);
    inst.xflags |= 1 << entry.id;
  };

  for (;;) {
    const tok = g.optind;
    const { c, optarg } = g.next();
    if (c === -1) break;
    const argTok = Math.max(g.optind - 1, 0);
    const arg = argv[argTok] ?? '';
    const ch = c < 256 ? String.fromCharCode(c) : '';
    try {
      if (COMMANDS.has(ch))
        throw new XtError(`Cannot use -${ch} with -A`, {
          atOption: true,
          explain: `the rule text must not contain -${ch} CHAIN: the chain (and table) come from where the rule is written. Keep only what follows "-A CHAIN".`,
        });
      switch (ch) {
        case 't':
          if (invert) throw new XtError('unexpected ! flag before --table', { atOption: true });
          throw new XtError(`-t ${optarg ?? ''} is not part of a rule`, {
            atOption: true,
            explain: 'the table comes from where the rule is written; remove -t from the rule text.',
          });
        case 'h':
        case 'V':
          throw new XtError(`-${ch} prints ${ch === 'h' ? 'help' : 'the version'} instead of adding a rule`);
        case '6':
          throw new XtError('-6 selects IPv6, which iptables (IPv4) refuses', {
            explain: 'natlab rules are IPv4; remove -6.',
          });
        case '4':
        case 'M':
          break;
        case 'v':
        case 'n':
        case 'x':
        case '0':
          if (ch !== 'v' || !(r.options & optBit('v'))) setOption(ch);
          break;
        case 'w':
        case 'W': {
          const next = argv[g.optind];
          if (optarg === null && next !== undefined && next[0] !== '-' && next[0] !== '!') g.optind++;
          break;
        }
        case 'c':
          setOption('c');
          if (optarg !== null && !optarg.slice(1).includes(',')) {
            const next = argv[g.optind];
            if (next === undefined || next[0] === '-' || next[0] === '!')
              throw new XtError('-c requires packet and byte counter');
            g.optind++;
          }
          break;
        case 'p': {
          setOption('p');
          const lower = arg.toLowerCase();
          const n = parseProtocolName(lower, (s) => xtStrtoul(s, 0, 255)?.value ?? null);
          if (n === null)
            throw new XtError(`unknown protocol "${lower}" specified`, {
              token: argTok,
              explain: 'use tcp, udp, icmp, all, a name from /etc/protocols or a number 0-255.',
            });
          if (n === 0 && invert) throw new XtError('rule would never match protocol', { token: argTok });
          protocolText = lower;
          r.proto = n;
          break;
        }
        case 's':
        case 'd':
          setOption(ch);
          r[ch === 's' ? 'src' : 'dst'] = { text: arg, tok: argTok };
          break;
        case 'g':
          setOption('j');
          r.gotoSet = true;
          r.jumpto = parseTargetName(optarg ?? '');
          r.jumpTok = argTok;
          break;
        case 'j':
          setOption('j');
          r.jumpto = parseTargetName(arg);
          r.jumpTok = argTok;
          commandJump(arg, argTok);
          break;
        case 'i':
        case 'o': {
          if (optarg === '')
            throw new XtError('Empty interface is likely to be undesired', { token: argTok });
          setOption(ch);
          if (arg.length + 1 > 16)
            throw new XtError(`interface name \`${arg}' must be shorter than IFNAMSIZ (15)`, {
              token: argTok,
              explain: 'Linux interface names have at most 15 characters.',
            });
          r[ch === 'i' ? 'iif' : 'oif'] = { name: arg, tok: argTok };
          break;
        }
        case 'f':
          setOption('f');
          r.fragment = true;
          break;
        case 'm':
          commandMatch(optarg ?? '', argTok);
          break;
        default:
          if (c === OPT_NONOPTION) {
            if (optarg === '!') {
              if (invert) throw new XtError('multiple consecutive ! not allowed');
              invert = true;
              continue;
            }
            throw new XtError(`Bad argument \`${optarg ?? ''}'`, {
              explain:
                optarg === 'iptables' || optarg === 'ip6tables'
                  ? 'paste only the rule itself, without "iptables -A CHAIN".'
                  : `"${optarg ?? ''}" is not an option or the value of one; "!" goes before the option it negates (! -s ADDR, not -s ! ADDR).`,
            });
          }
          if (commandDefault(c, optarg)) continue;
      }
    } catch (e) {
      withToken(e, optarg !== null && argTok !== tok ? argTok : tok, tok);
    }
    invert = false;
  }

  function parseTargetName(name: string): string {
    if (name.length < 1) throw new XtError('Invalid target name (too short)');
    if (name.length >= 29) throw new XtError(`Invalid target name \`${name}' (28 chars max)`);
    if (/\s/.test(name)) throw new XtError(`Invalid target name \`${name}'`);
    return name;
  }

  function commandJump(name: string, tok: number) {
    if (ctx.userChains?.has(name) && !STANDARD_VERDICTS.has(name)) return;
    const def = STANDARD_VERDICTS.has(name) ? STANDARD_EXT : TARGET_EXTS.get(name);
    if (!def) {
      if (OTHER_TARGETS.has(name)) throw unsupported(`the ${name} target`, tok);
      return;
    }
    r.target = {
      def: def as AnyExt,
      state: def.init(),
      xflags: 0,
      offset: merge(def as AnyExt),
      completed: false,
      tok,
    };
  }

  function commandMatch(name: string, tok: number) {
    if (invert)
      throw new XtError('unexpected ! flag before --match', {
        atOption: true,
        explain: '"!" negates an option of a match, not the -m itself.',
      });
    if (name.length >= 29) throw new XtError(`Invalid match name "${name}" (28 chars max)`);
    const def = MATCH_EXTS.get(name);
    if (!def) {
      if (OTHER_MATCHES.has(name)) throw unsupported(`the ${name} match`, tok);
      throw new XtError(`Couldn't load match \`${name}':No such file or directory`, {
        token: tok,
        explain: `iptables has no "${name}" match (names are case-sensitive).`,
      });
    }
    addMatch(def, tok, false);
  }

  function commandDefault(c: number, optarg: string | null): boolean {
    const t = r.target;
    if (t && c >= t.offset && c < t.offset + 256) {
      callOption(t, c, optarg, t.def.name);
      return false;
    }
    for (const m of r.matches) {
      if (m.completed || c < m.offset || c >= m.offset + 256) continue;
      callOption(m, c, optarg, m.def.name);
      return false;
    }
    if (protocolText !== null) {
      const num = xtStrtoul(protocolText, 0, 255);
      const name = num ? protocolName(num.value) : protocolText;
      const def = name !== null ? MATCH_EXTS.get(name) : undefined;
      const loaded = def !== undefined && r.matches.some((m) => m.def === def);
      if (name !== null && OTHER_MATCHES.has(name) && !protoUsed)
        throw unsupported(`the ${name} match (implied by -p ${name})`);
      if (def && (!loaded || !protoUsed) && (name === 'tcp' || name === 'udp' || name === 'icmp')) {
        protoUsed = true;
        addMatch(def, Math.max(g.optind - 1, 0), true);
        g.optind--;
        return true;
      }
    }
    const at = argv[g.optind - 1] ?? '';
    if (c === OPT_MISSING) throw new XtError(`option "${at}" requires an argument`);
    if (c === OPT_UNKNOWN)
      throw new XtError(`unknown option "${at}"`, {
        explain: `no loaded extension has an option "${at}"; write -p tcp/udp/icmp or -m MODULE before the options of that module.`,
      });
    throw new XtError(`Unknown arg "${optarg ?? ''}"`);
  }

  const finalChecks = (inst: ExtInstance) => {
    try {
      inst.def.check?.(inst.state, inst.xflags);
      if (!inst.def.oldStyle) finalOptionChecks(inst.def.name, inst.def.options, inst.xflags);
    } catch (e) {
      withToken(e, inst.tok);
    }
  };
  if (ctx.table === 'nat' && r.jumpto === 'DROP')
    throw new XtError(
      'The "nat" table is not intended for filtering, the use of DROP is therefore inhibited.',
      {
        token: r.jumpTok,
        explain: 'drop packets in the filter table (or mangle/raw), not in nat.',
      },
    );
  r.matches.forEach(finalChecks);
  if (r.target) finalChecks(r.target);
  if (g.optind < argv.length)
    throw new XtError('unknown arguments found on commandline', { token: g.optind });
  if (invert) throw new XtError('nothing appropriate following !', { token: argv.length - 1 });
  return r;
}

/** Post-parse checks of `do_parse()` that come after the addresses are resolved. */
export function commandChecks(r: XtParsed, chain: string): void {
  for (const l of ['n', 'x', '0'] as const)
    if (r.options & optBit(l)) throw new XtError(`Illegal option \`-${l}' with this command`);
  if ((chain === 'PREROUTING' || chain === 'INPUT') && r.oif)
    throw new XtError(`Can't use -o with ${chain}`, {
      token: r.oif.tok,
      explain: `packets in ${chain} have not been routed yet, so there is no output interface.`,
    });
  if ((chain === 'POSTROUTING' || chain === 'OUTPUT') && r.iif)
    throw new XtError(`Can't use -i with ${chain}`, {
      token: r.iif.tok,
      explain: `${chain} sees packets on their way out; the input interface is not known there.`,
    });
}
