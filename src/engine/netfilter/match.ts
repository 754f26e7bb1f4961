/**
 * Rule matching (`ip_packet_match` + the xt match modules) against a packet at one hook.
 * Every match is `cond XOR invert`, the way the kernel's NF_INVF does it.
 */
import { maskOf } from '../addr/ipv4.ts';
import type { CtRef } from '../conntrack/table.ts';
import type { CtStateName, IfaceMatch, MatchModule, PortRange, Rule } from '../model/netfilter.ts';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP } from '../model/packet.ts';
import type { Pkt } from '../sim/pkt.ts';
import { assertNever } from '../util/assert.ts';
import { markMatches } from './mark.ts';

export interface MatchCtx {
  readonly pkt: Pkt;
  /** Input interface name, or null (locally generated). */
  readonly iif: string | null;
  /** Output interface name, or null (before routing / local delivery). */
  readonly oif: string | null;
}

function ifaceMatches(m: IfaceMatch, name: string | null): boolean {
  const n = name ?? '';
  const hit = m.wildcard ? n.startsWith(m.name) : n === m.name;
  return hit !== m.invert;
}

const inPorts = (p: number, r: PortRange) => p >= r.min && p <= r.max;

const CT_BIT: Readonly<Record<CtStateName, number>> = {
  INVALID: 1,
  NEW: 2,
  ESTABLISHED: 4,
  RELATED: 8,
  UNTRACKED: 16,
  SNAT: 32,
  DNAT: 64,
};

/** The conntrack state bits of a packet (`xt_conntrack` / `xt_state`), as a bitmask of {@link CT_BIT}. */
export function ctStateBits(pkt: Pkt): number {
  if (pkt.untracked) return CT_BIT.UNTRACKED;
  const ref: CtRef | null = pkt.ct;
  if (!ref) return CT_BIT.INVALID;
  const st = ref.ct.status;
  return CT_BIT[ref.info] | (st.srcNat ? CT_BIT.SNAT : 0) | (st.dstNat ? CT_BIT.DNAT : 0);
}

/** Whether any of `states` is among the packet's state bits. */
function anyState(states: readonly CtStateName[], bits: number): boolean {
  for (let i = 0; i < states.length; i++) if ((CT_BIT[states[i]!] & bits) !== 0) return true;
  return false;
}

function moduleMatches(m: MatchModule, ctx: MatchCtx): boolean {
  const p = ctx.pkt;
  switch (m.module) {
    case 'tcp':
    case 'udp': {
      if (p.proto !== (m.module === 'tcp' ? IPPROTO_TCP : IPPROTO_UDP)) return false;
      if (
        m.sport &&
        m.dport &&
        m.sport.invert &&
        m.dport.invert &&
        m.sport.min === m.sport.max &&
        m.dport.min === m.dport.max
      ) {
        // iptables-nft loads sport+dport as one 4-byte payload and compares it with `neq`:
        // `! --sport A ! --dport B` means NOT(sport == A AND dport == B), not (sport != A AND dport != B)
        // (`nft --debug=netlink`: payload load 4b @ transport header + 0; cmp neq). Legacy xt_tcp differs.
        if (p.sport === m.sport.min && p.dport === m.dport.min) return false;
      } else {
        if (m.sport && inPorts(p.sport, m.sport) === m.sport.invert) return false;
        if (m.dport && inPorts(p.dport, m.dport) === m.dport.invert) return false;
      }
      if (m.module === 'tcp' && m.flags && ((p.tcpFlags & m.flags.mask) === m.flags.comp) === m.flags.invert)
        return false;
      return true;
    }
    case 'icmp': {
      if (p.proto !== IPPROTO_ICMP) return false;
      const hit =
        m.type === 255 || (p.icmpType === m.type && p.icmpCode >= m.codeMin && p.icmpCode <= m.codeMax);
      return hit !== m.invert;
    }
    case 'multiport': {
      if (p.proto !== IPPROTO_TCP && p.proto !== IPPROTO_UDP) return false;
      const hit = m.ports.some(
        (r) => (m.dir !== 'dst' && inPorts(p.sport, r)) || (m.dir !== 'src' && inPorts(p.dport, r)),
      );
      return hit !== m.invert;
    }
    case 'iprange': {
      if (m.src && (p.src >= m.src.min && p.src <= m.src.max) === m.src.invert) return false;
      if (m.dst && (p.dst >= m.dst.min && p.dst <= m.dst.max) === m.dst.invert) return false;
      return true;
    }
    case 'mark':
      return markMatches(p.mark, m.value, m.mask) !== m.invert;
    case 'connmark':
      if (!p.ct) return false;
      return markMatches(p.ct.ct.mark, m.value, m.mask) !== m.invert;
    case 'conntrack': {
      if (m.ctstate) {
        if (anyState(m.ctstate.states, ctStateBits(p)) === m.ctstate.invert) return false;
      }
      if (m.ctstatus) {
        const st = p.ct?.ct.status;
        const has = (n: string) =>
          st !== undefined &&
          ((n === 'SEEN_REPLY' && st.seenReply) ||
            (n === 'CONFIRMED' && st.confirmed) ||
            (n === 'ASSURED' && st.seenReply));
        if (m.ctstatus.statuses.some(has) === m.ctstatus.invert) return false;
      }
      if (m.ctdir && (!p.ct || p.ct.dir !== m.ctdir)) return false;
      return true;
    }
    case 'state': {
      return anyState(m.states, ctStateBits(p)) !== m.invert;
    }
    case 'comment':
      return true;
    default:
      return assertNever(m, 'match module');
  }
}

export function ruleMatches(r: Rule, ctx: MatchCtx): boolean {
  const p = ctx.pkt;
  if (r.src && (((p.src ^ r.src.addr) & maskOf(r.src.len)) === 0) === r.src.invert) return false;
  if (r.dst && (((p.dst ^ r.dst.addr) & maskOf(r.dst.len)) === 0) === r.dst.invert) return false;
  if (r.iif && !ifaceMatches(r.iif, ctx.iif)) return false;
  if (r.oif && !ifaceMatches(r.oif, ctx.oif)) return false;
  if (r.proto && r.proto.proto !== 0 && (p.proto === r.proto.proto) === r.proto.invert) return false;
  if (r.proto && r.proto.proto === 0 && r.proto.invert) return false;
  if (r.fragment && r.fragment.invert === false) return false; // natlab packets are never fragments
  for (const m of r.matches) if (!moduleMatches(m, ctx)) return false;
  return true;
}
