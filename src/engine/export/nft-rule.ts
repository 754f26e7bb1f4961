/**
 * One iptables rule in native nft syntax, in the style of `iptables-translate` (iptables 1.8.9):
 * `iifname`, `oifname`, fragment, `ip protocol`, `ip saddr`, `ip daddr`, the matches in order, `counter`,
 * the statement, `comment`. It departs from iptables-translate 1.8.9 where that prints something the
 * kernel would run differently (e.g. `! --dport` of udp, CONNMARK --set-xmark, --save-mark --mask, SNAT/DNAT
 * in --ctstate, `-p tcp -m tcp` without options) and translates what it leaves out when nft has an exact
 * equivalent (NETMAP, ICMP codes, ICMP types without a name). A rule nft cannot express exactly is refused
 * with the reason: the caller writes it as an `# untranslatable:` comment.
 */
import { formatIpv4, maskOf } from '../addr/ipv4.ts';
import type {
  CtStateName,
  Hook,
  IfaceMatch,
  MatchModule,
  NatRange,
  PortRange,
  RejectWith,
  Rule,
  Target,
} from '../model/netfilter.ts';
import { truncateUtf8 } from '../netfilter/ext-matches.ts';
import { assertNever } from '../util/assert.ts';
import { err, ok, type Result } from '../util/result.ts';

export interface NftRuleContext {
  /** The built-in hooks whose chains reach this chain (its own hook for a built-in chain). */
  readonly hooks: ReadonlySet<Hook>;
  /** Why a chain name cannot be written in nft, or null. */
  readonly chainProblem: (name: string) => string | null;
}

export interface NftRule {
  readonly text: string;
  /** Lossless for packets but not for text (a comment shortened, a character replaced). */
  readonly notes: readonly string[];
}

class Untranslatable extends Error {}
const fail = (why: string): never => {
  throw new Untranslatable(why);
};

const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;
const neq = (invert: boolean) => (invert ? '!= ' : '');

/** nft's names for IP protocols in `ip protocol` (others are written as numbers). */
const PROTO_NAMES: ReadonlyMap<number, string> = new Map([
  [1, 'icmp'],
  [2, 'igmp'],
  [6, 'tcp'],
  [17, 'udp'],
  [33, 'dccp'],
  [47, 'gre'],
  [50, 'esp'],
  [51, 'ah'],
  [132, 'sctp'],
  [136, 'udplite'],
]);
/** Protocols with ports, as `-m multiport` needs them (nft payload names). */
const PORT_PROTOS = new Set(['tcp', 'udp', 'dccp', 'sctp', 'udplite']);

/** `icmp_type` symbols (nft describe icmp type). */
const ICMP_TYPES: ReadonlyMap<number, string> = new Map([
  [0, 'echo-reply'],
  [3, 'destination-unreachable'],
  [4, 'source-quench'],
  [5, 'redirect'],
  [8, 'echo-request'],
  [9, 'router-advertisement'],
  [10, 'router-solicitation'],
  [11, 'time-exceeded'],
  [12, 'parameter-problem'],
  [13, 'timestamp-request'],
  [14, 'timestamp-reply'],
  [15, 'info-request'],
  [16, 'info-reply'],
  [17, 'address-mask-request'],
  [18, 'address-mask-reply'],
]);
/** `icmp_code` symbols (nft describe icmp code). */
const ICMP_CODES: ReadonlyMap<number, string> = new Map([
  [0, 'net-unreachable'],
  [1, 'host-unreachable'],
  [2, 'prot-unreachable'],
  [3, 'port-unreachable'],
  [4, 'frag-needed'],
  [9, 'net-prohibited'],
  [10, 'host-prohibited'],
  [13, 'admin-prohibited'],
]);

const REJECT: Record<RejectWith, string> = {
  'icmp-port-unreachable': 'reject',
  'tcp-reset': 'reject with tcp reset',
  'icmp-net-unreachable': 'reject with icmp type net-unreachable',
  'icmp-host-unreachable': 'reject with icmp type host-unreachable',
  'icmp-proto-unreachable': 'reject with icmp type prot-unreachable',
  'icmp-net-prohibited': 'reject with icmp type net-prohibited',
  'icmp-host-prohibited': 'reject with icmp type host-prohibited',
  'icmp-admin-prohibited': 'reject with icmp type admin-prohibited',
};

const LOG_LEVELS = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug'];

/** The order iptables-translate lists conntrack states in. */
const STATE_ORDER: readonly CtStateName[] = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED', 'UNTRACKED'];

/** A quoted nft string for user text: nft strings cannot hold `"`; `$` would start a variable in `log prefix`. */
function quoted(s: string, what: string, notes: string[], banned: RegExp, max?: number): string {
  let t = s.replace(banned, "'");
  if (t !== s)
    notes.push(`${what} ${JSON.stringify(s)}: written with ' for what nft cannot hold there (" or $)`);
  if (max !== undefined) {
    const cut = truncateUtf8(t, max);
    if (cut !== t) notes.push(`${what} ${JSON.stringify(s)}: shortened to nft's ${max} bytes`);
    t = cut;
  }
  return `"${t}"`;
}

function ifname(keyword: string, m: IfaceMatch): string | null {
  if (/["\\]/.test(m.name)) fail(`interface name ${JSON.stringify(m.name)} has a character nft cannot quote`);
  if (m.wildcard && m.name === '') return m.invert ? fail(`! -${keyword[0]} + matches no packet`) : null;
  return `${keyword} ${neq(m.invert)}"${m.name.replaceAll('*', '\\*')}${m.wildcard ? '*' : ''}"`;
}

const port = (p: PortRange) => (p.min === p.max ? `${p.min}` : `${p.min}-${p.max}`);
const fullRange = (p: PortRange) => p.min === 0 && p.max === 0xffff;

const TCP_FLAGS: readonly [string, number][] = [
  ['fin', 0x01],
  ['syn', 0x02],
  ['rst', 0x04],
  ['psh', 0x08],
  ['ack', 0x10],
  ['urg', 0x20],
];
const flagList = (f: number) =>
  TCP_FLAGS.filter(([, b]) => f & b)
    .map(([n]) => n)
    .join(',') || '0x0';

/** A match module's nft expressions (empty when it matches every packet of its protocol). */
function matchText(m: MatchModule, proto: string | null, comments: string[]): string[] {
  switch (m.module) {
    case 'tcp':
    case 'udp': {
      const out: string[] = [];
      for (const [name, p] of [
        ['sport', m.sport],
        ['dport', m.dport],
      ] as const)
        if (p && !fullRange(p)) out.push(`${m.module} ${name} ${neq(p.invert)}${port(p)}`);
      if (m.module === 'tcp' && m.flags) {
        const f = m.flags;
        if (f.mask === 0) {
          if (f.invert) fail('! --tcp-flags with an empty mask matches no packet');
        } else out.push(`tcp flags ${neq(f.invert)}${flagList(f.comp)} / ${flagList(f.mask)}`);
      }
      return out;
    }
    case 'icmp': {
      if (m.type === 0xff) return m.invert ? fail('! --icmp-type any matches no packet') : [];
      const out = [`icmp type ${neq(m.invert)}${ICMP_TYPES.get(m.type) ?? m.type}`];
      if (m.codeMin !== 0 || m.codeMax !== 0xff) {
        if (m.invert) fail('! --icmp-type TYPE/CODE is NOT (type AND code): nft has no such match');
        const code = (c: number) => ICMP_CODES.get(c) ?? `${c}`;
        out.push(`icmp code ${m.codeMin === m.codeMax ? code(m.codeMin) : `${m.codeMin}-${m.codeMax}`}`);
      }
      return out;
    }
    case 'multiport': {
      if (proto === null || !PORT_PROTOS.has(proto))
        fail('-m multiport without -p tcp, udp, sctp, dccp or udplite');
      const list = (ps: readonly string[]) => (ps.length === 1 ? ps[0]! : `{ ${ps.join(', ')} }`);
      if (m.dir !== 'any')
        return [`${proto} ${m.dir === 'src' ? 'sport' : 'dport'} ${neq(m.invert)}${list(m.ports.map(port))}`];
      const pairs = m.ports.flatMap((p) => [`0-65535 . ${port(p)}`, `${port(p)} . 0-65535`]);
      return [`${proto} sport . ${proto} dport ${neq(m.invert)}{ ${pairs.join(', ')} }`];
    }
    case 'iprange': {
      const out: string[] = [];
      for (const [name, r] of [
        ['saddr', m.src],
        ['daddr', m.dst],
      ] as const)
        if (r) out.push(`ip ${name} ${neq(r.invert)}${formatIpv4(r.min)}-${formatIpv4(r.max)}`);
      return out;
    }
    case 'mark':
    case 'connmark': {
      const key = m.module === 'mark' ? 'mark' : 'ct mark';
      if (m.mask >>> 0 === 0xffffffff) return [`${key} ${neq(m.invert)}${hex(m.value)}`];
      return [`${key} and ${hex(m.mask)} ${m.invert ? '!=' : '=='} ${hex(m.value)}`];
    }
    case 'conntrack':
      return conntrack(m);
    case 'state':
      return [stateText(m.states, m.invert)];
    case 'comment':
      comments.push(m.comment);
      return [];
    default:
      return assertNever(m, 'match module');
  }
}

function stateText(states: readonly CtStateName[], invert: boolean): string {
  if (states.some((s) => s === 'SNAT' || s === 'DNAT')) fail('SNAT/DNAT in a state list');
  const names = STATE_ORDER.filter((s) => states.includes(s)).map((s) => s.toLowerCase());
  return `ct state ${invert ? '! ' : ''}${names.join(',')}`;
}

/**
 * `-m conntrack` (xt_conntrack.c conntrack_mt()): a packet without a conntrack entry (INVALID or
 * UNTRACKED) passes when its state passes --ctstate, whatever --ctdir and --ctstatus say; nft's `ct
 * direction` and `ct status` never match such a packet. Exact only when the state check fails for them.
 */
function conntrack(m: Extract<MatchModule, { module: 'conntrack' }>): string[] {
  const out: string[] = [];
  if (m.ctdir) out.push(`ct direction ${m.ctdir.toLowerCase()}`);
  if (m.ctstate) {
    const { states, invert } = m.ctstate;
    const nat = states.filter((s) => s === 'SNAT' || s === 'DNAT');
    if (nat.length && nat.length !== states.length)
      fail('--ctstate mixes SNAT/DNAT with states: nft has no single match for that');
    if (nat.length) {
      if (invert)
        fail('! --ctstate SNAT/DNAT also matches packets without conntrack; nft’s ct status does not');
      out.push(`ct status ${nat.map((s) => s.toLowerCase()).join(',')}`);
    } else {
      const ctless = (['INVALID', 'UNTRACKED'] as const).some((s) => states.includes(s) !== invert);
      if (ctless && (m.ctdir || m.ctstatus))
        fail(
          '--ctstate lets packets without conntrack through --ctdir/--ctstatus; nft’s ct direction/status do not',
        );
      out.push(stateText(states, invert));
    }
  }
  if (m.ctstatus) {
    if (m.ctstatus.statuses.length === 0) fail('--ctstatus NONE');
    const names = m.ctstatus.statuses.map((s) => s.toLowerCase().replace('_', '-'));
    out.push(`ct status ${m.ctstatus.invert ? '! ' : ''}${names.join(',')}`);
  }
  return out;
}

/** `meta mark set …` for `x = (x & ~mask) ^ value`, as libxt_MARK's xlate picks the operation. */
function xmark(key: 'meta mark' | 'ct mark', value: number, mask: number): string {
  const self = key === 'meta mark' ? 'mark' : 'ct mark';
  const v = value >>> 0;
  const m = mask >>> 0;
  if (m === 0xffffffff) return `${key} set ${hex(v)}`;
  if (v === 0) return `${key} set ${self} and ${hex(~m)}`;
  if (v === m) return `${key} set ${self} or ${hex(v)}`;
  if (m === 0) return `${key} set ${self} xor ${hex(v)}`;
  return `${key} set ${self} and ${hex(~m)} xor ${hex(v)}`;
}

function natFlags(f: { random: boolean; randomFully?: boolean; persistent?: boolean }): string {
  const flags = [
    ...(f.random ? ['random'] : []),
    ...(f.randomFully ? ['fully-random'] : []),
    ...(f.persistent ? ['persistent'] : []),
  ];
  return flags.length ? ` ${flags.join(',')}` : '';
}

function ports(min: number | undefined, max: number | undefined): string {
  if (min === undefined) return '';
  return max !== undefined && max !== min ? `:${min}-${max}` : `:${min}`;
}

function nat(kind: 'dnat' | 'snat', r: NatRange): string {
  if (r.basePort !== undefined) fail('a NAT port range with /BASE (port offset) has no nft syntax');
  let to = '';
  if (r.minAddr !== undefined)
    to +=
      formatIpv4(r.minAddr) +
      (r.maxAddr !== undefined && r.maxAddr !== r.minAddr ? `-${formatIpv4(r.maxAddr)}` : '');
  to += ports(r.minPort, r.maxPort);
  if (to === '') fail(`${kind.toUpperCase()} without an address or port`);
  return `${kind} to ${to}${natFlags(r)}`;
}

function netmap(to: { addr: number; len: number }, hooks: ReadonlySet<Hook>): string {
  const dst = [...hooks].every((h) => h === 'prerouting' || h === 'output');
  const src = [...hooks].every((h) => h === 'input' || h === 'postrouting');
  if (hooks.size === 0) fail('NETMAP in a chain no built-in chain reaches: its direction is unknown');
  if (!dst && !src) fail('NETMAP in a chain reached from both DNAT and SNAT hooks');
  const [stmt, field] = dst ? ['dnat', 'ip daddr'] : ['snat', 'ip saddr'];
  if (to.len === 32) return `${stmt} to ${formatIpv4(to.addr)}`;
  if (to.len === 0) return `${stmt} to ${field}`;
  return `${stmt} to ${field} & ${formatIpv4(~maskOf(to.len) >>> 0)} | ${formatIpv4(to.addr)}`;
}

function targetText(t: Target, ctx: NftRuleContext, notes: string[]): string | null {
  switch (t.kind) {
    case 'none':
      return null;
    case 'ACCEPT':
    case 'DROP':
    case 'RETURN':
      return t.kind.toLowerCase();
    case 'jump':
    case 'goto': {
      const bad = ctx.chainProblem(t.chain);
      if (bad) fail(bad);
      return `${t.kind} ${t.chain}`;
    }
    case 'REJECT':
      return REJECT[t.with];
    case 'MARK':
      return xmark('meta mark', t.value, t.mask);
    case 'CONNMARK':
      if (t.mode === 'set') return xmark('ct mark', t.value, t.mask);
      if (t.mode === 'save') {
        // ctmark = (ctmark & ~ctmask) ^ (mark & nfmask)
        if (t.ctmask >>> 0 === 0xffffffff)
          return t.nfmask >>> 0 === 0xffffffff ? 'ct mark set mark' : `ct mark set mark and ${hex(t.nfmask)}`;
        if (t.nfmask === 0) return `ct mark set ct mark and ${hex(~t.ctmask)}`;
        return fail('CONNMARK --save-mark with both masks partial combines two marks: nft cannot');
      }
      // mark = (mark & ~nfmask) ^ (ctmark & ctmask)
      if (t.nfmask >>> 0 === 0xffffffff)
        return t.ctmask >>> 0 === 0xffffffff
          ? 'meta mark set ct mark'
          : `meta mark set ct mark and ${hex(t.ctmask)}`;
      if (t.ctmask === 0) return `meta mark set mark and ${hex(~t.nfmask)}`;
      return fail('CONNMARK --restore-mark with both masks partial combines two marks: nft cannot');
    case 'DNAT':
      return nat('dnat', t.range);
    case 'SNAT':
      return nat('snat', t.range);
    case 'MASQUERADE':
      return `masquerade${t.minPort !== undefined ? ` to ${ports(t.minPort, t.maxPort)}` : ''}${natFlags(t)}`;
    case 'REDIRECT':
      return `redirect${t.minPort !== undefined ? ` to ${ports(t.minPort, t.maxPort)}` : ''}${natFlags(t)}`;
    case 'NETMAP':
      return netmap(t.to, ctx.hooks);
    case 'LOG': {
      let s = 'log';
      if (t.prefix) s += ` prefix ${quoted(t.prefix, 'LOG prefix', notes, /["$]/g)}`;
      if (t.level !== undefined && t.level !== 4) s += ` level ${LOG_LEVELS[t.level] ?? t.level}`;
      const all = t.tcpSequence && t.tcpOptions && t.ipOptions && t.logUid && t.macDecode;
      if (all) return `${s} flags all`;
      if (t.tcpSequence || t.tcpOptions)
        s += ` flags tcp ${[...(t.tcpSequence ? ['sequence'] : []), ...(t.tcpOptions ? ['options'] : [])].join(',')}`;
      if (t.ipOptions) s += ' flags ip options';
      if (t.logUid) s += ' flags skuid';
      if (t.macDecode) s += ' flags ether';
      return s;
    }
    case 'NOTRACK':
      return 'notrack';
    case 'TRACE':
      return 'meta nftrace set 1';
    default:
      return assertNever(t, 'target');
  }
}

function translate(r: Rule, ctx: NftRuleContext, notes: string[]): string {
  const parts: string[] = [];
  const comments: string[] = [];
  if (r.iif) parts.push(ifname('iifname', r.iif) ?? '');
  if (r.oif) parts.push(ifname('oifname', r.oif) ?? '');
  if (r.fragment) parts.push(`ip frag-off & 0x1fff ${r.fragment.invert ? '' : '!= '}0`);
  const protoNum = r.proto && r.proto.proto !== 0 ? r.proto.proto : null;
  const protoName = protoNum !== null ? (PROTO_NAMES.get(protoNum) ?? String(protoNum)) : null;
  const matches = r.matches.map((m) => ({
    m,
    text: matchText(m, r.proto?.invert ? null : protoName, comments),
  }));
  // `ip protocol` is implied by a payload match of that protocol (nft adds the dependency itself)
  const implied =
    protoName !== null &&
    !r.proto!.invert &&
    matches.some((x) => x.m.module === protoName && x.text.length > 0);
  if (protoNum !== null && !implied) parts.push(`ip protocol ${neq(r.proto!.invert)}${protoName}`);
  for (const [name, c] of [
    ['saddr', r.src],
    ['daddr', r.dst],
  ] as const) {
    if (!c || (c.len === 0 && !c.invert)) continue;
    parts.push(`ip ${name} ${neq(c.invert)}${formatIpv4(c.addr)}${c.len === 32 ? '' : `/${c.len}`}`);
  }
  for (const x of matches) parts.push(...x.text);
  parts.push('counter');
  const stmt = targetText(r.target, ctx, notes);
  if (stmt) parts.push(stmt);
  if (comments.length) parts.push(`comment ${quoted(comments.join('; '), 'comment', notes, /"/g, 128)}`);
  return parts.filter((p) => p !== '').join(' ');
}

/** The rule in nft syntax, or why nft cannot express it exactly. */
export function nftRule(r: Rule, ctx: NftRuleContext): Result<NftRule, string> {
  const notes: string[] = [];
  try {
    return ok({ text: translate(r, ctx, notes), notes });
  } catch (e) {
    if (e instanceof Untranslatable) return err(e.message);
    throw e;
  }
}
