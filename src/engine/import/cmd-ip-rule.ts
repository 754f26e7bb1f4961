/**
 * `ip rule add|delete|flush` (iproute2's iprule.c) applied to the namespace's RPDB as the kernel applies
 * it (net/core/fib_rules.c): a rule without `pref` gets the second rule's preference minus one
 * (`fib_default_rule_pref`), an identical rule is refused (`rule_exists`), `delete` removes the first
 * rule matching every attribute given (`rule_find`), `flush` removes every rule but those of preference 0.
 * The document then carries every rule with its preference, in RPDB order, and `defaultRules` for the
 * kernel's own rules that were deleted.
 */
import { formatIpv4 } from '../addr/ipv4.ts';
import { parseRuleDoc } from '../lab/compile-rules.ts';
import type { RuleDoc } from '../lab/format.ts';
import { sameRuleForAdd, type RuleAction } from '../model/rpdb.ts';
import { parseTableId, parseUnsigned } from '../tools/ip-names.ts';
import { matches, RULE_CMDS } from '../tools/ip-keywords.ts';
import { subcommand, type IpOptions } from './cmd-ip.ts';
import { nextArg, targetNs, type Ctx } from './context.ts';
import { isIpv6, parsePrefixArg, u32Arg, type Prefix } from './ip-args.ts';
import { kernelRefuses, unsupported } from './issues.ts';
import type { Ns, RuleEntry } from './model.ts';

interface RuleArgs {
  not: boolean;
  from?: Prefix;
  to?: Prefix;
  pref?: number;
  fwmark?: { value: number; mask?: number };
  iif?: string;
  oif?: string;
  ipproto?: string | number;
  sport?: string;
  dport?: string;
  action?: RuleAction;
  table?: number;
  goto?: number;
  suppress?: number;
  ipv6: boolean;
}

const TABLE_NAMES: Record<number, string> = { 253: 'default', 254: 'main', 255: 'local' };

function parseRuleArgs(args: readonly string[]): RuleArgs {
  const r: RuleArgs = { not: false, ipv6: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const val = () => nextArg(args, ++i);
    if (a === 'not') r.not = true;
    else if (a === 'from' || a === 'to') {
      const v = val();
      if (isIpv6(v)) r.ipv6 = true;
      else r[a] = parsePrefixArg(v, a);
    } else if (matches(a, 'preference') || matches(a, 'order') || matches(a, 'priority'))
      r.pref = u32Arg(val(), 'preference');
    else if (a === 'tos' || matches(a, 'dsfield') || a === 'dscp')
      unsupported('rule selector "tos" is not supported: the lab document has no tos selector');
    else if (a === 'fwmark') {
      const v = val();
      const [value, mask] = v.split('/', 2);
      const n = parseUnsigned(value ?? '');
      const m = mask !== undefined ? parseUnsigned(mask) : undefined;
      if (n === null || m === null) kernelRefuses(`Error: argument "${v}" is wrong: fwmark value is invalid`);
      r.fwmark = { value: n, ...(m !== undefined ? { mask: m } : {}) };
    } else if (matches(a, 'protocol'))
      val(); // a label only
    else if (matches(a, 'table') || a === 'lookup') {
      const t = val();
      const id = parseTableId(t);
      if (id === null || id === 0)
        unsupported(`table "${t}": natlab knows main, local, default and numbers 1..4294967295`);
      r.table = id;
    } else if (matches(a, 'suppress_prefixlength') || a === 'sup_pl')
      r.suppress = u32Arg(val(), 'suppress_prefixlength');
    else if (a === 'dev' || a === 'iif') r.iif = val();
    else if (a === 'oif') r.oif = val();
    else if (a === 'ipproto') {
      const v = val();
      const n = parseUnsigned(v);
      r.ipproto = n ?? v;
    } else if (a === 'sport') r.sport = val();
    else if (a === 'dport') r.dport = val();
    else if (
      [
        'realms',
        'tun_id',
        'suppress_ifgroup',
        'sup_group',
        'l3mdev',
        'uidrange',
        'nat',
        'map-to',
        'flowlabel',
      ].some((k) => a === k || (k.length > 4 && matches(a, k)))
    )
      unsupported(`rule attribute "${a}" is not modelled`);
    else {
      const t = a === 'type' ? val() : a;
      if (matches(t, 'goto')) {
        r.action = 'goto';
        r.goto = u32Arg(val(), 'goto');
      } else if (matches(t, 'nop')) r.action = 'nop';
      else if (t === 'blackhole' || t === 'unreachable' || t === 'prohibit') r.action = t;
      else if (t === 'unicast') r.action = 'lookup';
      else if (['local', 'nat', 'broadcast', 'brd', 'anycast', 'multicast', 'xresolve', 'throw'].includes(t))
        unsupported(`rule type "${t}" is not modelled`);
      else kernelRefuses(`Error: argument "${t}" is wrong: Failed to parse rule type`);
    }
  }
  return r;
}

function toDoc(r: RuleArgs, pref: number): RuleDoc {
  const action = r.action ?? 'lookup';
  const hex = (n: number) => `0x${n.toString(16)}`;
  const prefix = (p: Prefix) => `${formatIpv4(p.addr)}/${p.len}`;
  const table = r.table ?? (action === 'lookup' ? 254 : undefined);
  return {
    pref,
    ...(r.not ? { not: true } : {}),
    ...(r.from && r.from.len > 0 ? { from: prefix(r.from) } : {}),
    ...(r.to && r.to.len > 0 ? { to: prefix(r.to) } : {}),
    ...(r.iif !== undefined ? { iif: r.iif } : {}),
    ...(r.oif !== undefined ? { oif: r.oif } : {}),
    ...(r.fwmark
      ? { fwmark: `${hex(r.fwmark.value)}${r.fwmark.mask !== undefined ? `/${hex(r.fwmark.mask)}` : ''}` }
      : {}),
    ...(r.ipproto !== undefined ? { ipproto: r.ipproto } : {}),
    ...(r.sport !== undefined ? { sport: r.sport } : {}),
    ...(r.dport !== undefined ? { dport: r.dport } : {}),
    ...(action !== 'lookup' ? { action } : {}),
    ...(table !== undefined ? { table: TABLE_NAMES[table] ?? table } : {}),
    ...(r.goto !== undefined ? { goto: r.goto } : {}),
    ...(r.suppress !== undefined ? { suppressPrefixlength: r.suppress } : {}),
  };
}

export function ipRule(c: Ctx, args: readonly string[], o: IpOptions): void {
  const sub = subcommand(args[0], RULE_CMDS, 'rule');
  if (sub === 'list' || sub === 'save' || sub === 'help') return c.harmless(`ip rule ${sub}`);
  if (sub === 'restore') unsupported('"ip rule restore" reads a file: write the rules');
  const rest = args.slice(1);
  if (o.inet6) return c.warn('IPv6 is not modelled: this rule is left out');
  const ns = targetNs(c);
  if (sub === 'flush') {
    ns.rules = ns.rules.filter((e) => e.spec.pref === 0);
    return;
  }
  if (rest.length === 0) kernelRefuses(`"ip rule ${sub === 'add' ? 'add' : 'del'}" requires arguments.`);
  const r = parseRuleArgs(rest);
  if (r.ipv6) return c.warn('IPv6 is not modelled: this rule is left out');
  if (sub === 'delete') return ruleDel(ns, r);
  if (r.action !== undefined && r.action !== 'lookup' && r.table !== undefined)
    unsupported(`a rule with action "${r.action}" has no table`);
  if (r.action === 'goto' && r.pref !== undefined && r.goto! <= r.pref)
    kernelRefuses('Error: Backward goto not supported.');
  const second = ns.rules[1];
  const pref = r.pref ?? (second && second.spec.pref ? second.spec.pref - 1 : 0);
  const doc = toDoc(r, pref);
  const spec = parseRuleDoc(doc);
  if (!spec.ok) kernelRefuses(`Error: ${spec.error.message}`);
  const full = { ...spec.value, pref };
  if (ns.rules.some((e) => sameRuleForAdd(e.spec, full))) kernelRefuses('RTNETLINK answers: File exists');
  let at = 0;
  while (at < ns.rules.length && ns.rules[at]!.spec.pref <= pref) at++;
  const entry: RuleEntry = { doc, spec: full, builtin: null, line: c.line };
  ns.rules.splice(at, 0, entry);
}

const range = (p: { min: number; max: number } | undefined) => (p ? `${p.min}-${p.max}` : '');
const cidr = (p: { addr: number; len: number } | undefined) => (p ? `${p.addr >>> 0}/${p.len}` : '');

/** `rule_find`: the first rule that has every attribute the command gives. */
function ruleDel(ns: Ns, r: RuleArgs): void {
  // the selectors parsed as the document parses them (the action and table are compared as given)
  const spec = parseRuleDoc(toDoc({ ...r, action: 'nop', table: undefined, goto: undefined }, 0));
  if (!spec.ok) kernelRefuses(`Error: ${spec.error.message}`);
  const s = spec.value;
  const mark = r.fwmark;
  const markMask = mark ? (mark.mask ?? (mark.value ? 0xffffffff : 0)) : 0;
  const at = ns.rules.findIndex((e) => {
    const x = e.spec;
    return (
      (r.action === undefined || x.action === r.action) &&
      (r.table === undefined || x.table === r.table) &&
      (r.pref === undefined || x.pref === r.pref) &&
      (r.iif === undefined || x.iif === r.iif) &&
      (r.oif === undefined || x.oif === r.oif) &&
      (!mark?.value || x.fwmark?.value === mark.value) &&
      (!markMask || x.fwmark?.mask === markMask) &&
      (r.suppress === undefined || x.suppressPrefixlength === r.suppress) &&
      (s.ipproto === undefined || x.ipproto === s.ipproto) &&
      (s.sport === undefined || range(x.sport) === range(s.sport)) &&
      (s.dport === undefined || range(x.dport) === range(s.dport)) &&
      (!r.from?.len || cidr(x.from) === cidr(s.from)) &&
      (!r.to?.len || cidr(x.to) === cidr(s.to)) &&
      (r.goto === undefined || x.goto === r.goto)
    );
  });
  if (at < 0) kernelRefuses('RTNETLINK answers: No such file or directory');
  ns.rules.splice(at, 1);
}
