/** `ip rule add` arguments from the lab document (ip-rule(8) syntax for each field). */
import { parseCidr } from '../addr/ipv4.ts';
import { PROTO_NAMES } from '../model/packet.ts';
import { TABLE_DEFAULT, TABLE_LOCAL, TABLE_MAIN } from '../model/route.ts';
import type { RpdbRule } from '../model/rpdb.ts';
import type { PortRange } from '../model/netfilter.ts';
import { err, ok, type Result } from '../util/result.ts';
import type { RuleDoc } from './format.ts';

/** `main`, `local`, `default`, or 1..2^32-1 (rt_tables names are not modelled). */
export function parseTableId(t: string | number | undefined): Result<number> {
  if (t === undefined) return ok(TABLE_MAIN);
  if (t === 'main') return ok(TABLE_MAIN);
  if (t === 'local') return ok(TABLE_LOCAL);
  if (t === 'default') return ok(TABLE_DEFAULT);
  // ip(8) reads table ids with strtoul(…, 0): decimal, 0x hex or 0 octal
  const n =
    typeof t === 'number'
      ? t
      : /^0x[0-9a-f]+$/i.test(t)
        ? parseInt(t, 16)
        : /^0[0-7]+$/.test(t)
          ? parseInt(t, 8)
          : /^\d+$/.test(t)
            ? Number(t)
            : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 0xffffffff)
    return err(`table ${JSON.stringify(t)} is not main, local, default or a number 1..4294967295`);
  return ok(n);
}

/** A u32 in decimal or 0x hex, as iproute2's get_u32 accepts it. */
export function parseU32(t: string | number): Result<number> {
  if (typeof t === 'number')
    return Number.isInteger(t) && t >= 0 && t <= 0xffffffff
      ? ok(t)
      : err(`${t} is not a 32-bit unsigned number`);
  const s = t.trim();
  const n = /^0x[0-9a-f]{1,8}$/i.test(s) ? parseInt(s, 16) : /^\d+$/.test(s) ? Number(s) : NaN;
  return Number.isInteger(n) && n <= 0xffffffff ? ok(n) : err(`"${t}" is not a 32-bit unsigned number`);
}

/** `fwmark V[/M]`: without a mask, M is 0xffffffff when V ≠ 0 and 0 when V = 0 (fib_nl2rule). */
export function parseFwmark(t: string | number): Result<{ value: number; mask: number }> {
  const [v, m] = typeof t === 'number' ? [t, undefined] : t.split('/', 2);
  const value = parseU32(v ?? '');
  if (!value.ok) return err(`fwmark ${JSON.stringify(t)}: ${value.error}`);
  if (m === undefined) return ok({ value: value.value, mask: value.value !== 0 ? 0xffffffff : 0 });
  const mask = parseU32(m);
  if (!mask.ok) return err(`fwmark ${JSON.stringify(t)}: ${mask.error}`);
  return ok({ value: value.value, mask: mask.value });
}

function parsePortRange(t: string | number): Result<PortRange> {
  const m = /^(\d+)(?:-(\d+))?$/.exec(String(t));
  const min = Number(m?.[1]);
  const max = m?.[2] !== undefined ? Number(m[2]) : min;
  if (!m || min > 65535 || max > 65535 || min > max)
    return err(`"${t}" is not a port or port range (N or N-M)`);
  return ok({ min, max });
}

function parseProto(t: string | number): Result<number> {
  if (typeof t === 'number' || /^\d+$/.test(t)) {
    const n = Number(t);
    return n >= 0 && n <= 255 ? ok(n) : err(`ipproto ${t} is not 0..255`);
  }
  for (const [n, name] of PROTO_NAMES) if (name === t && n !== 0) return ok(n);
  return err(`unknown ipproto "${t}"`);
}

export type RuleSpec = Omit<RpdbRule, 'pref'> & { pref?: number };

/** Converts one document rule; errors are keyed by field name. */
export function parseRuleDoc(d: RuleDoc): Result<RuleSpec, { field: string; message: string }> {
  const fail = (field: string, message: string) => err({ field, message });
  const action = d.action ?? 'lookup';
  const spec: { -readonly [K in keyof RuleSpec]: RuleSpec[K] } = { not: d.not === true, action };
  if (d.pref !== undefined) {
    if (!Number.isInteger(d.pref) || d.pref < 0 || d.pref > 0xffffffff)
      return fail('pref', `pref ${d.pref} is not 0..4294967295`);
    spec.pref = d.pref;
  }
  for (const key of ['from', 'to'] as const) {
    const v = d[key];
    if (v === undefined || v === 'all') continue;
    const c = parseCidr(v, true);
    if (!c.ok) return fail(key, c.error);
    spec[key] = c.value;
  }
  if (d.iif !== undefined) spec.iif = d.iif;
  if (d.oif !== undefined) spec.oif = d.oif;
  if (d.fwmark !== undefined) {
    const f = parseFwmark(d.fwmark);
    if (!f.ok) return fail('fwmark', f.error);
    spec.fwmark = f.value;
  }
  if (d.ipproto !== undefined) {
    const p = parseProto(d.ipproto);
    if (!p.ok) return fail('ipproto', p.error);
    spec.ipproto = p.value;
  }
  for (const key of ['sport', 'dport'] as const) {
    const v = d[key];
    if (v === undefined) continue;
    const r = parsePortRange(v);
    if (!r.ok) return fail(key, r.error);
    spec[key] = r.value;
  }
  if (action === 'lookup') {
    const t = parseTableId(d.table);
    if (!t.ok) return fail('table', t.error);
    spec.table = t.value;
  } else if (d.table !== undefined) {
    return fail('table', `a rule with action "${action}" has no table`);
  }
  if (action === 'goto') {
    if (d.goto === undefined) return fail('goto', 'action "goto" needs the target preference in "goto"');
    if (d.pref !== undefined && d.goto <= d.pref)
      return fail('goto', 'a goto must jump forward (to a larger pref)');
    spec.goto = d.goto;
  }
  if (d.suppressPrefixlength !== undefined) spec.suppressPrefixlength = d.suppressPrefixlength;
  return ok(spec);
}
