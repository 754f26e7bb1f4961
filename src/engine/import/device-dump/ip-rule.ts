/**
 * `ip rule show` output (iproute2 `print_rule()`) → the device's `rules` and `defaultRules`. A line is
 * `PREF:<TAB>[not ]from SRC[ to DST][ tos T][ fwmark V[/M]][ iif D][ oif D][ ipproto P][ sport R][ dport R]
 * ACTION`. The three default rules are left to the lab (a missing one becomes `defaultRules.X: false`);
 * every other rule is written with its preference, in the dump's order, which `ip rule add` keeps.
 */
import { parseCidr } from '../../addr/ipv4.ts';
import type { RuleDoc } from '../../lab/format.ts';
import { protoName } from '../../tools/ip-names.ts';
import { dumpLines, type DumpIssue } from './issues.ts';

export interface RulesImport {
  readonly rules: RuleDoc[];
  readonly defaultRules: { local?: false; main?: false; default?: false };
}

const DEFAULTS: readonly (readonly [number, 'local' | 'main' | 'default'])[] = [
  [0, 'local'],
  [32766, 'main'],
  [32767, 'default'],
];

/** IP protocol names as `ip rule` prints them (`inet_proto_n2a`), back to numbers. */
const PROTO_NUMBERS: ReadonlyMap<string, number> = new Map(
  Array.from({ length: 256 }, (_, n) => [protoName(n), n] as const),
);

const U32 = /^(?:0x[0-9a-f]{1,8}|\d{1,10})$/i;
const u32 = (s: string): number | null => {
  if (!U32.test(s)) return null;
  const n = Number(s);
  return n <= 0xffffffff ? n : null;
};
const RANGE = /^(\d{1,5})(?:-(\d{1,5}))?$/;

class LineError extends Error {}

function parseBody(pref: number, words: string[]): RuleDoc {
  const fail = (m: string): never => {
    throw new LineError(m);
  };
  const rule: { -readonly [K in keyof RuleDoc]: RuleDoc[K] } = { pref };
  let k = 0;
  const next = (what: string) => words[k++] ?? fail(`"${what}" without a value`);
  if (words[k] === 'not') {
    rule.not = true;
    k++;
  }
  let action = false;
  while (k < words.length) {
    const w = words[k++]!;
    switch (w) {
      case 'from':
      case 'to': {
        const v = next(w);
        if (v === 'all') break;
        const c = parseCidr(v, true);
        if (!c.ok) fail(`${w} ${v}: ${c.error}`);
        rule[w] = v;
        break;
      }
      case 'tos':
      case 'dsfield':
        next(w);
        return fail(`${w}: natlab's lab format has no tos selector`);
      case 'fwmark': {
        const v = next(w);
        const [val, mask] = v.split('/');
        if (u32(val ?? '') === null || (mask !== undefined && u32(mask) === null))
          fail(`fwmark ${v}: not V or V/M`);
        // ip prints no mask for 0xffffffff: `fwmark 0` is mark 0 under the full mask
        rule.fwmark = mask !== undefined ? v : u32(val!) === 0 ? `${val}/0xffffffff` : v;
        break;
      }
      case 'iif':
      case 'oif':
        rule[w] = next(w);
        if (words[k] === '[detached]') k++;
        break;
      case 'ipproto': {
        const v = next(w);
        const n = PROTO_NUMBERS.get(v) ?? (/^\d+$/.test(v) ? Number(v) : undefined);
        if (n === undefined || n > 255) fail(`ipproto ${v}: unknown protocol`);
        rule.ipproto = n;
        break;
      }
      case 'sport':
      case 'dport': {
        const v = next(w);
        if (!RANGE.test(v)) fail(`${w} ${v}: not a port or range`);
        rule[w] = v;
        break;
      }
      case 'lookup':
      case 'table': {
        const v = next(w);
        const n = u32(v);
        if (v !== 'main' && v !== 'local' && v !== 'default' && (n === null || n === 0))
          fail(`lookup ${v}: natlab knows the tables main, local, default and numbers (no rt_tables names)`);
        rule.table = n !== null ? n : v;
        action = true;
        break;
      }
      case 'suppress_prefixlength': {
        const n = u32(next(w));
        if (n === null || n > 32) fail('suppress_prefixlength: not 0..32');
        rule.suppressPrefixlength = n!;
        break;
      }
      case 'goto': {
        const n = u32(next(w));
        if (n === null) fail('goto: not a preference');
        rule.action = 'goto';
        rule.goto = n!;
        if (words[k] === '[unresolved]') k++;
        action = true;
        break;
      }
      case 'nop':
      case 'blackhole':
      case 'unreachable':
      case 'prohibit':
        rule.action = w;
        action = true;
        break;
      default:
        fail(
          `"${w}": natlab does not model this part of a rule (it models ip-rule(8)'s from, to, fwmark, iif, oif, ipproto, sport, dport and the actions lookup, goto, nop, blackhole, unreachable, prohibit)`,
        );
    }
  }
  if (!action) fail('no action (lookup, goto, nop, blackhole, unreachable, prohibit)');
  return rule;
}

const isDefault = (r: RuleDoc, pref: number, table: string) =>
  r.pref === pref && Object.keys(r).length === 2 && r.table === table;

export function parseIpRule(text: string, issues: DumpIssue[]): RulesImport {
  const rules: RuleDoc[] = [];
  const present = new Set<string>();
  for (const { n, text: line } of dumpLines(text)) {
    if (line.trim() === '') continue;
    const m = /^(\d+):\s+(.*)$/.exec(line);
    if (!m) {
      issues.push({
        source: 'ip rule',
        line: n,
        text: line,
        message: 'not an ip rule line ("PREF:<TAB>SELECTOR ACTION")',
      });
      continue;
    }
    const pref = Number(m[1]);
    if (pref > 0xffffffff) {
      issues.push({ source: 'ip rule', line: n, text: line, message: 'preference out of range' });
      continue;
    }
    try {
      const r = parseBody(pref, m[2]!.trim().split(/\s+/));
      // a default rule is the lab's own only if no other rule of its preference comes before it
      const def = DEFAULTS.find(([p, t]) => isDefault(r, p, t));
      if (def && !present.has(def[1]) && !rules.some((x) => x.pref === pref)) present.add(def[1]);
      else rules.push(r);
    } catch (e) {
      if (!(e instanceof LineError)) throw e;
      issues.push({ source: 'ip rule', line: n, text: line, message: e.message });
    }
  }
  const defaultRules: RulesImport['defaultRules'] = {};
  for (const [, t] of DEFAULTS) if (!present.has(t)) defaultRules[t] = false;
  return { rules, defaultRules };
}
