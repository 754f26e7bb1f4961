/**
 * One namespace's conntrack table (net/netfilter/nf_conntrack_core.c): entries are created
 * unconfirmed by the first packet and inserted (both tuples hashed) at confirm, after POSTROUTING or
 * INPUT. Lookups only see confirmed entries.
 */
import { IPPROTO_ICMP, IPPROTO_TCP, TCP_ACK, TCP_RST, TCP_SYN, type Header } from '../model/packet.ts';
import { ICMP_NEW_TYPES, invert, tupleEqual, tupleHash, tupleOf, type Tuple } from './tuple.ts';

export type CtDirection = 'ORIGINAL' | 'REPLY';

export interface CtStatus {
  srcNat: boolean;
  dstNat: boolean;
  srcNatDone: boolean;
  dstNatDone: boolean;
  seenReply: boolean;
  confirmed: boolean;
}

export interface CtEntry {
  readonly id: number;
  readonly orig: Tuple;
  /** The tuple a reply will carry; NAT rewrites it (`nf_conntrack_alter_reply`). */
  reply: Tuple;
  readonly status: CtStatus;
  /** The connmark (`ct mark`), not the packet mark. */
  mark: number;
  /** Out interface of a MASQUERADE binding. */
  masqIndex?: number;
}

/** `enum ip_conntrack_info` as the state match sees it. */
export type CtInfo = 'NEW' | 'ESTABLISHED' | 'RELATED';

/** A packet's conntrack: the entry, the direction this packet travels in it, and its info. */
export interface CtRef {
  readonly ct: CtEntry;
  readonly dir: CtDirection;
  readonly info: CtInfo;
}

/** One hashed tuple of a confirmed entry (`struct nf_conntrack_tuple_hash`). */
interface TupleHash {
  readonly tuple: Tuple;
  readonly ct: CtEntry;
  readonly dir: CtDirection;
}

export class CtTable {
  /** Confirmed tuples by {@link tupleHash}; a bucket holds the (rare) tuples whose hashes collide. */
  private readonly byHash = new Map<number, TupleHash | TupleHash[]>();
  readonly entries: CtEntry[] = [];
  private nextId = 1;

  find(t: Tuple): { ct: CtEntry; dir: CtDirection } | undefined {
    const b = this.byHash.get(tupleHash(t));
    if (b === undefined) return undefined;
    if (!Array.isArray(b)) return tupleEqual(b.tuple, t) ? b : undefined;
    return b.find((x) => tupleEqual(x.tuple, t));
  }

  /** `conntrack -F`: every entry gone (ids go on counting, as the kernel's do). */
  flush(): void {
    this.entries.length = 0;
    this.byHash.clear();
  }

  /** `nf_conntrack_tuple_taken`: some other confirmed entry already uses this tuple (either direction). */
  taken(t: Tuple, ignore: CtEntry): boolean {
    const hit = this.find(t);
    return hit !== undefined && hit.ct !== ignore;
  }

  /** Hashes a tuple; an equal tuple already there is replaced (an entry whose two tuples are equal, a
   *  connection to itself, is then found in the REPLY direction). */
  private insert(h: TupleHash): void {
    const key = tupleHash(h.tuple);
    const b = this.byHash.get(key);
    if (b === undefined || (!Array.isArray(b) && tupleEqual(b.tuple, h.tuple))) this.byHash.set(key, h);
    else if (!Array.isArray(b)) this.byHash.set(key, [b, h]);
    else {
      const i = b.findIndex((x) => tupleEqual(x.tuple, h.tuple));
      if (i < 0) b.push(h);
      else b[i] = h;
    }
  }

  create(orig: Tuple): CtEntry {
    return {
      id: this.nextId++,
      orig,
      reply: invert(orig) ?? orig,
      status: {
        srcNat: false,
        dstNat: false,
        srcNatDone: false,
        dstNatDone: false,
        seenReply: false,
        confirmed: false,
      },
      mark: 0,
    };
  }

  /** `__nf_conntrack_confirm`; false on a clash (the kernel then drops or resolves the packet). */
  confirm(ct: CtEntry): boolean {
    if (ct.status.confirmed) return true;
    if (this.find(ct.orig) || this.find(ct.reply)) return false;
    this.insert({ tuple: ct.orig, ct, dir: 'ORIGINAL' });
    this.insert({ tuple: ct.reply, ct, dir: 'REPLY' });
    ct.status.confirmed = true;
    this.entries.push(ct);
    return true;
  }

  /** Source-NAT bindings by original source, for `find_appropriate_src`. */
  *bySource(): Iterable<CtEntry> {
    yield* this.entries;
  }
}

/**
 * `nf_conntrack_in` for one packet (not an ICMP error): the existing entry and direction, a new
 * unconfirmed entry, or null (INVALID) when this packet cannot start a connection.
 */
export function resolveConntrack(table: CtTable, h: Header): CtRef | null {
  const t = tupleOf(h);
  const hit = table.find(t);
  if (hit) {
    if (hit.dir === 'REPLY') return { ct: hit.ct, dir: 'REPLY', info: 'ESTABLISHED' };
    return { ct: hit.ct, dir: 'ORIGINAL', info: hit.ct.status.seenReply ? 'ESTABLISHED' : 'NEW' };
  }
  if (!canStart(h)) return null;
  return { ct: table.create(t), dir: 'ORIGINAL', info: 'NEW' };
}

/** Whether a packet without an entry may create one (`icmp_new`, `tcp_new` with nf_conntrack_tcp_loose=1). */
export function canStart(h: Header): boolean {
  if (h.proto === IPPROTO_ICMP) return ICMP_NEW_TYPES.has(h.icmpType);
  if (h.proto === IPPROTO_TCP) {
    if (h.tcpFlags & TCP_RST) return false;
    if ((h.tcpFlags & (TCP_SYN | TCP_ACK)) === (TCP_SYN | TCP_ACK)) return false;
    return (h.tcpFlags & (TCP_SYN | TCP_ACK)) !== 0;
  }
  return true;
}
