/**
 * A rule as `iptables -S` / iptables-save (1.8.9, nf_tables) print it after `-A CHAIN `, byte for byte:
 * `nft_ipv4_save_rule()` (iptables/nft-ipv4.c) prints -s -d -i -o -p -f, then each match as `-m NAME`
 * followed by the extension's `save()` output, then `-j TARGET` and the target's `save()`.
 */
import { formatIpv4 } from '../addr/ipv4.ts';
import type { IfaceMatch, MatchModule, NatRange, PortRange, Rule, Target } from '../model/netfilter.ts';
import { assertNever } from '../util/assert.ts';
import { TCP_FLAG_NAMES } from './ext-tcpudp.ts';
import { protocolName } from './protocols.ts';

const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;
const bang = (invert: boolean) => (invert ? ' !' : '');

const NO_QUOTE = /^[_\-0-9a-zA-Z]+$/;

/** `xtables_save_string()`: bare when only `[_-0-9a-zA-Z]`, else double-quoted with `"`, `\`, `'` escaped. */
export function saveString(value: string): string {
  if (NO_QUOTE.test(value)) return ` ${value}`;
  return ` "${value.replace(/["\\']/g, (c) => `\\${c}`)}"`;
}

/** `save_iface()`: the name, then `+` for a prefix match. */
function iface(letter: 'i' | 'o', m: IfaceMatch): string {
  return `${bang(m.invert)} -${letter} ${m.name}${m.wildcard ? '+' : ''}`;
}

/** `print_tcpf()`: flag names in FIN,SYN,RST,PSH,ACK,URG order, NONE for none. */
function tcpFlags(flags: number): string {
  const names: string[] = [];
  for (const [name, bit] of TCP_FLAG_NAMES.slice(0, 6)) if (flags & bit) names.push(name);
  return names.length ? names.join(',') : 'NONE';
}

function portOpt(name: string, p: (PortRange & { invert: boolean }) | undefined): string {
  if (!p || (p.min === 0 && p.max === 0xffff)) return '';
  return `${bang(p.invert)} --${name} ${p.min === p.max ? p.min : `${p.min}:${p.max}`}`;
}

function matchText(m: MatchModule): string {
  switch (m.module) {
    case 'tcp':
      return (
        ' -m tcp' +
        portOpt('sport', m.sport) +
        portOpt('dport', m.dport) +
        (m.flags
          ? `${bang(m.flags.invert)} --tcp-flags ${tcpFlags(m.flags.mask)} ${tcpFlags(m.flags.comp)}`
          : '')
      );
    case 'udp':
      return ' -m udp' + portOpt('sport', m.sport) + portOpt('dport', m.dport);
    case 'icmp': {
      const code = m.codeMin !== 0 || m.codeMax !== 0xff ? `/${m.codeMin}` : '';
      return ` -m icmp${bang(m.invert)} --icmp-type ${m.type === 0xff ? 'any' : `${m.type}${code}`}`;
    }
    case 'multiport': {
      const list = m.ports.map((p) => (p.min === p.max ? `${p.min}` : `${p.min}:${p.max}`)).join(',');
      const opt = { src: 'sports', dst: 'dports', any: 'ports' }[m.dir];
      return ` -m multiport${bang(m.invert)} --${opt} ${list}`;
    }
    case 'iprange': {
      const r = (opt: string, x: typeof m.src) =>
        x ? `${bang(x.invert)} --${opt} ${formatIpv4(x.min)}-${formatIpv4(x.max)}` : '';
      return ' -m iprange' + r('src-range', m.src) + r('dst-range', m.dst);
    }
    case 'mark':
    case 'connmark':
      return ` -m ${m.module}${bang(m.invert)} --mark ${hex(m.value)}${m.mask >>> 0 !== 0xffffffff ? `/${hex(m.mask)}` : ''}`;
    case 'conntrack': {
      let s = ' -m conntrack';
      if (m.ctstate) s += `${bang(m.ctstate.invert)} --ctstate ${m.ctstate.states.join(',')}`;
      if (m.ctstatus) s += `${bang(m.ctstatus.invert)} --ctstatus ${m.ctstatus.statuses.join(',') || 'NONE'}`;
      if (m.ctdir) s += ` --ctdir ${m.ctdir}`;
      return s;
    }
    case 'state':
      return ` -m state${bang(m.invert)} --state ${m.states.join(',')}`;
    case 'comment':
      return ` -m comment --comment${saveString(m.comment)}`;
    default:
      return assertNever(m, 'match module');
  }
}

/** `sprint_range()` of libxt_NAT.c. */
function natRange(r: {
  minAddr?: number;
  maxAddr?: number;
  minPort?: number;
  maxPort?: number;
  basePort?: number;
}): string {
  let s = '';
  if (r.minAddr !== undefined) {
    s += formatIpv4(r.minAddr);
    if (r.maxAddr !== undefined && r.maxAddr !== r.minAddr) s += `-${formatIpv4(r.maxAddr)}`;
  }
  if (r.minPort !== undefined) {
    s += `:${r.minPort}`;
    if (r.maxPort !== undefined && r.maxPort !== r.minPort) s += `-${r.maxPort}`;
    if (r.basePort !== undefined) s += `/${r.basePort}`;
  }
  return s;
}

function natFlags(r: { random: boolean; randomFully?: boolean; persistent?: boolean }): string {
  return (
    (r.random ? ' --random' : '') +
    (r.randomFully ? ' --random-fully' : '') +
    (r.persistent ? ' --persistent' : '')
  );
}

function nat(kind: 'DNAT' | 'SNAT', r: NatRange): string {
  const range = natRange(r);
  return ` -j ${kind}${range ? ` --to-${kind === 'DNAT' ? 'destination' : 'source'} ${range}` : ''}${natFlags(r)}`;
}

function targetText(t: Target): string {
  switch (t.kind) {
    case 'none':
      return '';
    case 'ACCEPT':
    case 'DROP':
    case 'RETURN':
    case 'TRACE':
      return ` -j ${t.kind}`;
    case 'jump':
      return ` -j ${t.chain}`;
    case 'goto':
      return ` -g ${t.chain}`;
    case 'REJECT':
      return ` -j REJECT --reject-with ${t.with}`;
    case 'MARK':
      return ` -j MARK --set-xmark ${hex(t.value)}/${hex(t.mask)}`;
    case 'CONNMARK':
      if (t.mode === 'set') return ` -j CONNMARK --set-xmark ${hex(t.value)}/${hex(t.mask)}`;
      return ` -j CONNMARK --${t.mode}-mark --nfmask ${hex(t.nfmask)} --ctmask ${hex(t.ctmask)}`;
    case 'DNAT':
    case 'SNAT':
      return nat(t.kind, t.range);
    case 'MASQUERADE':
    case 'REDIRECT': {
      const ports = natRange({
        ...(t.minPort !== undefined ? { minPort: t.minPort } : {}),
        ...(t.maxPort !== undefined ? { maxPort: t.maxPort } : {}),
      });
      return ` -j ${t.kind}${ports ? ` --to-ports ${ports.slice(1)}` : ''}${natFlags(t)}`;
    }
    case 'NETMAP':
      return ` -j NETMAP --to ${formatIpv4(t.to.addr)}/${t.to.len}`;
    case 'LOG':
      return (
        ' -j LOG' +
        (t.prefix ? ` --log-prefix${saveString(t.prefix)}` : '') +
        (t.level !== undefined && t.level !== 4 ? ` --log-level ${t.level}` : '') +
        (t.tcpSequence ? ' --log-tcp-sequence' : '') +
        (t.tcpOptions ? ' --log-tcp-options' : '') +
        (t.ipOptions ? ' --log-ip-options' : '') +
        (t.logUid ? ' --log-uid' : '') +
        (t.macDecode ? ' --log-macdecode' : '')
      );
    case 'NOTRACK':
      return t.spelling === 'CT' ? ' -j CT --notrack' : ' -j NOTRACK';
    default:
      return assertNever(t, 'target');
  }
}

/** The rule as `iptables -S` prints it after `-A CHAIN ` (empty for a rule without options). */
export function formatRule(rule: Rule): string {
  let s = '';
  if (rule.src) s += `${bang(rule.src.invert)} -s ${formatIpv4(rule.src.addr)}/${rule.src.len}`;
  if (rule.dst) s += `${bang(rule.dst.invert)} -d ${formatIpv4(rule.dst.addr)}/${rule.dst.len}`;
  if (rule.iif) s += iface('i', rule.iif);
  if (rule.oif) s += iface('o', rule.oif);
  if (rule.proto && rule.proto.proto !== 0)
    s += `${bang(rule.proto.invert)} -p ${protocolName(rule.proto.proto) ?? rule.proto.proto}`;
  if (rule.fragment) s += `${bang(rule.fragment.invert)} -f`;
  for (const m of rule.matches) s += matchText(m);
  s += targetText(rule.target);
  return s.slice(1);
}
