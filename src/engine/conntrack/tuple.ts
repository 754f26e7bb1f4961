/**
 * Conntrack tuples (`struct nf_conntrack_tuple`): the manipulable source part (address + port, or the
 * ICMP id) and the destination part (address + port, or ICMP type/code).
 */
import { formatIpv4, type Ipv4 } from '../addr/ipv4.ts';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, type Header } from '../model/packet.ts';

export interface Tuple {
  readonly proto: number;
  readonly src: Ipv4;
  /** TCP/UDP source port, or the ICMP id. */
  readonly sport: number;
  readonly dst: Ipv4;
  /** TCP/UDP destination port, or ICMP `type << 8 | code`. */
  readonly dport: number;
}

/** `icmp_invert_tuple`'s invmap: request types ↔ reply types. Others have no inverse. */
const ICMP_INVERSE: ReadonlyMap<number, number> = new Map([
  [8, 0],
  [0, 8],
  [13, 14],
  [14, 13],
  [15, 16],
  [16, 15],
  [17, 18],
  [18, 17],
]);
/** {@link ICMP_INVERSE} as a switch (every conntrack lookup of an ICMP packet inverts a tuple). */
function icmpInverse(type: number): number | undefined {
  switch (type) {
    case 8:
      return 0;
    case 0:
      return 8;
    default:
      return ICMP_INVERSE.get(type);
  }
}

/** Types that may start a connection (`icmp_new` valid_new). */
export const ICMP_NEW_TYPES: ReadonlySet<number> = new Set([8, 13, 15, 17]);

export function tupleOf(h: Header): Tuple {
  if (h.proto === IPPROTO_ICMP)
    return { proto: h.proto, src: h.src, sport: h.sport, dst: h.dst, dport: (h.icmpType << 8) | h.icmpCode };
  if (h.proto === IPPROTO_TCP || h.proto === IPPROTO_UDP)
    return { proto: h.proto, src: h.src, sport: h.sport, dst: h.dst, dport: h.dport };
  return { proto: h.proto, src: h.src, sport: 0, dst: h.dst, dport: 0 };
}

/** `nf_ct_invert_tuple`; null for an ICMP type without inverse. */
export function invert(t: Tuple): Tuple | null {
  if (t.proto === IPPROTO_ICMP) {
    const inv = icmpInverse(t.dport >> 8);
    if (inv === undefined) return null;
    return { proto: t.proto, src: t.dst, sport: t.sport, dst: t.src, dport: (inv << 8) | (t.dport & 0xff) };
  }
  return { proto: t.proto, src: t.dst, sport: t.dport, dst: t.src, dport: t.sport };
}

export function tupleKey(t: Tuple): string {
  return `${t.proto}/${t.src}/${t.sport}/${t.dst}/${t.dport}`;
}

/** A 30-bit hash of a tuple (a small integer Map key); equal tuples hash equal, collisions are compared. */
export function tupleHash(t: Tuple): number {
  let h = Math.imul(t.src ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 15) ^ t.dst, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 13) ^ ((t.sport << 16) | t.dport), 0x27d4eb2f);
  h ^= (h >>> 16) ^ (t.proto << 3);
  return h & 0x3fffffff;
}

export function tupleEqual(a: Tuple, b: Tuple): boolean {
  return (
    a.proto === b.proto && a.src === b.src && a.dst === b.dst && a.sport === b.sport && a.dport === b.dport
  );
}

/** As `conntrack -L` prints one direction: `src=… dst=… sport=… dport=…` / `type=8 code=0 id=…`. */
export function formatTuple(t: Tuple): string {
  const base = `src=${formatIpv4(t.src)} dst=${formatIpv4(t.dst)}`;
  if (t.proto === IPPROTO_ICMP) return `${base} type=${t.dport >> 8} code=${t.dport & 0xff} id=${t.sport}`;
  if (t.proto === IPPROTO_TCP || t.proto === IPPROTO_UDP) return `${base} sport=${t.sport} dport=${t.dport}`;
  return base;
}
