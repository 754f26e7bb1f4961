/**
 * NAT bindings and packet rewriting (net/netfilter/nf_nat_core.c, nf_nat_proto.c): a binding is set up
 * once per connection and manip type (`nf_nat_setup_info`), by a NAT target or as a null binding;
 * afterwards every packet of the connection, in both directions, is rewritten from the conntrack entry
 * (`nf_nat_packet`), and ICMP errors about it are rewritten inside and out
 * (`nf_nat_icmp_reply_translation`).
 */
import type { Ipv4 } from '../addr/ipv4.ts';
import type { Hook } from '../model/netfilter.ts';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, isIcmpError, type Header } from '../model/packet.ts';
import { beAsLe, jhash2, reciprocalScale } from './jhash.ts';
import type { CtEntry, CtRef, CtTable } from './table.ts';
import { invert, tupleEqual, type Tuple } from './tuple.ts';

export type Manip = 'SRC' | 'DST';

/** `HOOK2MANIP`: PREROUTING and OUTPUT change the destination, POSTROUTING and INPUT the source. */
export function hookManip(hook: Hook): Manip {
  return hook === 'prerouting' || hook === 'output' ? 'DST' : 'SRC';
}

/** `struct nf_nat_range2` with its flags. */
export interface NatRange2 {
  readonly mapIps: boolean;
  readonly minAddr: Ipv4;
  readonly maxAddr: Ipv4;
  readonly protoSpecified: boolean;
  readonly minProto: number;
  readonly maxProto: number;
  readonly random: boolean;
  readonly randomFully: boolean;
  readonly persistent: boolean;
}

export function natInitialized(ct: CtEntry, m: Manip): boolean {
  return m === 'SRC' ? ct.status.srcNatDone : ct.status.dstNatDone;
}

/** A mutable copy of the header fields NAT may rewrite. */
export interface MutHeader {
  src: Ipv4;
  dst: Ipv4;
  sport: number;
  dport: number;
  readonly proto: number;
  readonly icmpType: number;
}

const ICMP_ID_TYPES = new Set([0, 8, 13, 14, 15, 16, 17, 18]);

/** `nf_nat_ipv4_manip_pkt`: rewrite one side of a header from a target tuple. */
export function manipHeader(h: MutHeader, target: Tuple, m: Manip): void {
  if (m === 'SRC') h.src = target.src;
  else h.dst = target.dst;
  if (h.proto === IPPROTO_TCP || h.proto === IPPROTO_UDP) {
    if (m === 'SRC') h.sport = target.sport;
    else h.dport = target.dport;
  } else if (h.proto === IPPROTO_ICMP && ICMP_ID_TYPES.has(h.icmpType)) {
    // icmp_manip_pkt: the echo id is set from the target's source part, whatever the manip type
    h.sport = target.sport;
  }
}

const other = (ct: CtEntry, ref: CtRef): Tuple => (ref.dir === 'ORIGINAL' ? ct.reply : ct.orig);

function statusFor(ct: CtEntry, m: Manip, dir: CtRef['dir']): boolean {
  let src = m === 'SRC';
  if (dir === 'REPLY') src = !src;
  return src ? ct.status.srcNat : ct.status.dstNat;
}

/** `nf_nat_packet`: apply this hook's manip if the connection has a binding of that kind. */
export function natPacket(h: MutHeader, ref: CtRef, hook: Hook): boolean {
  const m = hookManip(hook);
  if (!statusFor(ref.ct, m, ref.dir)) return false;
  const target = invert(other(ref.ct, ref));
  if (!target) return false;
  const { src, sport, dst, dport } = h;
  manipHeader(h, target, m);
  return h.src !== src || h.sport !== sport || h.dst !== dst || h.dport !== dport;
}

/** `nf_nat_icmp_reply_translation` for a RELATED ICMP error: quoted header back, outer header as a reply. */
export function icmpReplyTranslation(outer: MutHeader, inner: MutHeader, ref: CtRef, hook: Hook): boolean {
  const m = hookManip(hook);
  if (!statusFor(ref.ct, m, ref.dir)) return false;
  const o = other(ref.ct, ref);
  manipHeader(inner, o, m === 'SRC' ? 'DST' : 'SRC');
  const target = invert(o);
  if (!target) return false;
  if (m === 'SRC') outer.src = target.src;
  else outer.dst = target.dst;
  return true;
}

export interface SetupResult {
  /** The binding changed the tuple (status SNAT/DNAT set). */
  readonly changed: boolean;
  /** The kernel would have picked a random port/id here; natlab's choice is deterministic. */
  readonly randomized: boolean;
}

/** `nf_nat_setup_info`. */
export function setupInfo(table: CtTable, ct: CtEntry, range: NatRange2, m: Manip): SetupResult {
  const curr = invert(ct.reply)!;
  const { tuple, randomized } = getUniqueTuple(table, curr, range, ct, m);
  let changed = false;
  if (!tupleEqual(tuple, curr)) {
    ct.reply = invert(tuple)!;
    if (m === 'SRC') ct.status.srcNat = true;
    else ct.status.dstNat = true;
    changed = true;
  }
  if (m === 'SRC') ct.status.srcNatDone = true;
  else ct.status.dstNatDone = true;
  return { changed, randomized };
}

/** `nf_nat_alloc_null_binding`: "no NAT" is a decision too, and may still move a clashing port. */
export function allocNullBinding(table: CtTable, ct: CtEntry, m: Manip): SetupResult {
  const ip = m === 'SRC' ? ct.reply.dst : ct.reply.src;
  return setupInfo(table, ct, nullRange(ip), m);
}

export function nullRange(ip: Ipv4): NatRange2 {
  return {
    mapIps: true,
    minAddr: ip,
    maxAddr: ip,
    protoSpecified: false,
    minProto: 0,
    maxProto: 0,
    random: false,
    randomFully: false,
    persistent: false,
  };
}

function usedTuple(table: CtTable, t: Tuple, ct: CtEntry): boolean {
  const reply = invert(t);
  return reply !== null && table.taken(reply, ct);
}

function l4InRange(t: Tuple, m: Manip, min: number, max: number): boolean {
  if (t.proto === IPPROTO_ICMP) return t.sport >= min && t.sport <= max;
  if (t.proto === IPPROTO_TCP || t.proto === IPPROTO_UDP) {
    const port = m === 'SRC' ? t.sport : t.dport;
    return port >= min && port <= max;
  }
  return true;
}

function inRange(t: Tuple, r: NatRange2): boolean {
  if (r.mapIps && (t.src < r.minAddr || t.src > r.maxAddr)) return false;
  if (!r.protoSpecified) return true;
  return l4InRange(t, 'SRC', r.minProto, r.maxProto);
}

function getUniqueTuple(
  table: CtTable,
  orig: Tuple,
  range: NatRange2,
  ct: CtEntry,
  m: Manip,
): { tuple: Tuple; randomized: boolean } {
  const randomAll = range.random || range.randomFully;
  if (m === 'SRC' && !randomAll) {
    if (inRange(orig, range)) {
      if (!usedTuple(table, orig, ct)) return { tuple: orig, randomized: false };
    } else {
      const found = findAppropriateSrc(table, orig, range);
      if (found && !usedTuple(table, found, ct)) return { tuple: found, randomized: false };
    }
  }
  let tuple = findBestIps(orig, range, m);
  if (!randomAll) {
    if (range.protoSpecified) {
      if (
        l4InRange(tuple, m, range.minProto, range.maxProto) &&
        (range.minProto === range.maxProto || !usedTuple(table, tuple, ct))
      )
        return { tuple, randomized: false };
    } else if (!usedTuple(table, tuple, ct)) {
      return { tuple, randomized: false };
    }
  }
  tuple = uniqueL4(table, tuple, range, m, ct);
  return { tuple, randomized: true };
}

/** `find_appropriate_src`: reuse the mapping an earlier connection from the same source got. */
function findAppropriateSrc(table: CtTable, t: Tuple, range: NatRange2): Tuple | null {
  const entries = table.entries;
  for (let i = entries.length - 1; i >= 0; i--) {
    const ct = entries[i]!;
    if (!ct.status.srcNatDone) continue;
    const o = ct.orig;
    if (o.proto !== t.proto || o.src !== t.src || o.sport !== t.sport) continue;
    const inv = invert(ct.reply)!;
    const result = tuple(inv.proto, inv.src, inv.sport, t.dst, t.dport);
    if (inRange(result, range)) return result;
  }
  return null;
}

/** A tuple as one object literal (a spread of a tuple with one field changed is much slower). */
function tuple(proto: number, src: Ipv4, sport: number, dst: Ipv4, dport: number): Tuple {
  return { proto, src, sport, dst, dport };
}
const withSrc = (t: Tuple, src: Ipv4): Tuple => tuple(t.proto, src, t.sport, t.dst, t.dport);
const withDst = (t: Tuple, dst: Ipv4): Tuple => tuple(t.proto, t.src, t.sport, dst, t.dport);

/** `find_best_ips_proto`: a stable hash of source and destination addresses picks from the range. */
function findBestIps(t: Tuple, range: NatRange2, m: Manip): Tuple {
  if (!range.mapIps) return t;
  if (range.minAddr === range.maxAddr)
    return m === 'SRC' ? withSrc(t, range.minAddr) : withDst(t, range.minAddr);
  // jhash2 over the 16-byte nf_inet_addr of the source (IPv4 in the first word), initval = dst ^ zone 0
  const j = jhash2([beAsLe(t.src), 0, 0, 0], range.persistent ? 0 : beAsLe(t.dst));
  const dist = (range.maxAddr - range.minAddr + 1) >>> 0;
  const addr = ((range.minAddr + reciprocalScale(j, dist)) >>> 0) as Ipv4;
  return m === 'SRC' ? withSrc(t, addr) : withDst(t, addr);
}

/**
 * `nf_nat_l4proto_unique_tuple`: find a free port / ICMP id. The kernel starts at a random offset
 * (`get_random_u16`); natlab starts at a hash of the tuple so that traces are reproducible.
 */
function uniqueL4(table: CtTable, t: Tuple, range: NatRange2, m: Manip, ct: CtEntry): Tuple {
  let min: number;
  let size: number;
  const icmp = t.proto === IPPROTO_ICMP;
  if (!icmp && t.proto !== IPPROTO_TCP && t.proto !== IPPROTO_UDP) return t;
  if (icmp) {
    [min, size] = range.protoSpecified ? [range.minProto, range.maxProto - range.minProto + 1] : [0, 65536];
  } else if (!range.protoSpecified) {
    if (m === 'DST') return t; // "If it's dst rewrite, can't change port"
    const port = t.sport;
    [min, size] = port < 1024 ? (port < 512 ? [1, 511] : [600, 424]) : [1024, 64512];
  } else {
    [min, size] = [range.minProto, range.maxProto - range.minProto + 1];
  }
  const useRandom = range.random || range.randomFully || m !== 'DST';
  let off = useRandom ? jhash2([t.src, t.dst, t.sport, t.dport, t.proto], 0x6e61746c) & 0xffff : 0;
  const attempts = Math.min(size, 128);
  for (let i = 0; i < attempts; i++, off++) {
    const key = min + (off % size);
    const cand =
      icmp || m === 'SRC'
        ? tuple(t.proto, t.src, key, t.dst, t.dport)
        : tuple(t.proto, t.src, t.sport, t.dst, key);
    if (!usedTuple(table, cand, ct)) return cand;
  }
  return t;
}

/** True if the packet is an ICMP error whose quoted header belongs to a tracked connection. */
export function isRelatedCandidate(h: Header & { inner?: Header }): boolean {
  return isIcmpError(h) && h.inner !== undefined;
}
