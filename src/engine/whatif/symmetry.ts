/**
 * Devices the network cannot tell apart. Two devices configured alike (the same text up to their own
 * addresses, config-text.ts) are interchangeable when swapping them — with their addresses, and with
 * the addresses NETMAP pairs with those — leaves every other device's configuration unchanged: no
 * device names a moved address, every prefix and range holds both addresses of a swapped pair or
 * neither, every NETMAP maps the swapped pairs onto swapped pairs, and no NAT range hashes addresses
 * (DNAT/SNAT over several addresses). Such a swap is an automorphism of the lab, and the kernel's
 * processing only compares addresses with prefixes, looks them up and rewrites them; so the trace of
 * the swapped probe is the swapped trace. Two things still depend on more than that and are checked on
 * each trace (`traceIsPortable`): ARP answers from several devices (the bridge's port order picks the
 * winner) and ports picked after a conntrack clash (a hash of the addresses).
 * The reachability matrix uses this to trace one cell per class of alike cells (docs/reachability.md).
 */
import { inPrefix, maskOf, type Cidr, type Ipv4 } from '../addr/ipv4.ts';
import { netmapAddress } from '../conntrack/netmap.ts';
import type { Network } from '../model/network.ts';
import type { TraceResult } from '../sim/steps.ts';
import { ADDRESS_TOKEN, deviceConfigLines, dottedValue, fingerprint, ownAddresses } from './config-text.ts';

/** A swap of two devices and of the addresses that move with them (each map holds both directions). */
export interface Swap {
  readonly devices: ReadonlyMap<string, string>;
  readonly addrs: ReadonlyMap<number, number>;
  /** The keys of both maps. */
  readonly moved: { readonly devices: readonly string[]; readonly addrs: readonly number[] };
}

/** A device's class: its representative and the swap that turns the representative into it. */
export interface SymmetryClass {
  readonly rep: string;
  /** null for the representative itself. */
  readonly swap: Swap | null;
}

interface Netmap {
  readonly domain: Cidr | null;
  readonly to: Cidr;
}

/** Beyond this many moved addresses a swap is not worth checking. */
const MAX_PAIRS = 256;
/** Representatives a device is compared with before it becomes one itself. */
const MAX_REPS = 8;
/** A mention that no device owns (the network and broadcast address of an interface's prefix). */
const NOBODY = '';

export class NetworkSymmetry {
  /** False when a NAT rule picks from an address range (a hash of the addresses): no swaps at all. */
  readonly enabled: boolean;
  private readonly mentions = new Map<number, Set<string>>();
  private readonly ranges: (readonly [number, number])[] = [];
  private readonly netmaps: Netmap[] = [];
  private readonly own = new Map<string, readonly Ipv4[]>();
  private readonly prints = new Map<string, string>();

  constructor(net: Network) {
    let enabled = true;
    const seen = new Set<string>();
    for (const d of net.devices) {
      const lines = deviceConfigLines(d);
      const own = ownAddresses(d);
      this.own.set(d.id, own);
      this.prints.set(d.id, fingerprint(lines, own));
      for (const line of lines) this.scan(d.id, line, seen);
      for (const [, table] of d.ruleset)
        for (const [name, chain] of table.chains)
          for (const r of chain.rules) {
            const t = r.target;
            if ((t.kind === 'DNAT' || t.kind === 'SNAT') && t.range.minAddr !== t.range.maxAddr)
              enabled = false;
            if (t.kind !== 'NETMAP') continue;
            const dirs =
              name === 'PREROUTING' || name === 'OUTPUT'
                ? [r.dst]
                : name === 'POSTROUTING' || name === 'INPUT'
                  ? [r.src]
                  : [r.dst, r.src];
            for (const m of dirs)
              this.netmaps.push({ domain: m && !m.invert ? { addr: m.addr, len: m.len } : null, to: t.to });
          }
    }
    this.enabled = enabled;
  }

  private mention(a: number, by: string): void {
    let s = this.mentions.get(a);
    if (!s) this.mentions.set(a, (s = new Set()));
    s.add(by);
  }

  private scan(device: string, line: string, seen: Set<string>): void {
    for (const m of line.matchAll(ADDRESS_TOKEN)) {
      const a = dottedValue(m[1]!);
      if (a === null) continue;
      this.mention(a, device);
      let lo = a;
      let hi = a;
      if (m[2] !== undefined) {
        const len = Number(m[2]);
        const mask = maskOf(len) >>> 0;
        lo = (a & mask) >>> 0;
        hi = (lo | ~mask) >>> 0;
        if (line.startsWith('addr add') && len <= 30) {
          this.mention(lo, NOBODY);
          this.mention(hi, NOBODY);
        }
      } else if (m[3] !== undefined) {
        const b = dottedValue(m[3]);
        if (b === null) continue;
        this.mention(b, device);
        [lo, hi] = a <= b ? [a, b] : [b, a];
      }
      const key = `${lo}-${hi}`;
      if (lo !== hi && hi - lo !== 0xffffffff && !seen.has(key)) {
        seen.add(key);
        this.ranges.push([lo, hi]);
      }
    }
  }

  /**
   * The classes of `ids` (in order; the first of a class is its representative). `extra(id)`: further
   * addresses the caller names the device by (its masquerade address…); they move with the device.
   */
  classes(
    ids: readonly string[],
    extra: (id: string) => readonly Ipv4[] = () => [],
  ): Map<string, SymmetryClass> {
    const out = new Map<string, SymmetryClass>();
    const reps = new Map<string, string[]>();
    for (const id of ids) {
      const key = `${extra(id).length}\n${this.prints.get(id) ?? id}`;
      const group = reps.get(key) ?? [];
      let found: SymmetryClass | null = null;
      if (this.enabled && this.prints.has(id))
        for (const rep of group.slice(0, MAX_REPS)) {
          const swap = this.swap(rep, id, extra(rep), extra(id));
          if (swap) {
            found = { rep, swap };
            break;
          }
        }
      if (!found) {
        found = { rep: id, swap: null };
        group.push(id);
        reps.set(key, group);
      }
      out.set(id, found);
    }
    return out;
  }

  /** The swap of `a` and `b` if it is an automorphism of the network, else null. */
  swap(a: string, b: string, extraA: readonly Ipv4[] = [], extraB: readonly Ipv4[] = []): Swap | null {
    const ownA = this.own.get(a) ?? [];
    const ownB = this.own.get(b) ?? [];
    if (a === b || ownA.length !== ownB.length || extraA.length !== extraB.length) return null;
    const pairs = new Map<number, number>();
    const work: number[] = [];
    const add = (x: number, y: number): boolean => {
      if (x === y) return false;
      const px = pairs.get(x);
      const py = pairs.get(y);
      if (px !== undefined || py !== undefined) return px === y && py === x;
      if (pairs.size >= MAX_PAIRS) return false;
      pairs.set(x, y).set(y, x);
      work.push(x, y);
      return true;
    };
    for (let k = 0; k < ownA.length; k++) if (!add(ownA[k]!, ownB[k]!)) return null;
    for (let k = 0; k < extraA.length; k++) if (!add(extraA[k]!, extraB[k]!)) return null;
    // NETMAP is a bijection between its domain and `--to`: the images (and preimages) of swapped
    // addresses must be swapped too
    while (work.length) {
      const m = work.pop()!;
      const p = pairs.get(m)!;
      for (const n of this.netmaps) {
        const inDomain = n.domain === null || inPrefix(m, n.domain);
        const inImage = inPrefix(m, n.to);
        if (!inDomain && !inImage) continue;
        if (n.domain === null || n.domain.len !== n.to.len) return null;
        if (inDomain && !add(netmapAddress(m as Ipv4, n.to), netmapAddress(p as Ipv4, n.to))) return null;
        if (inImage && !add(netmapAddress(m as Ipv4, n.domain), netmapAddress(p as Ipv4, n.domain)))
          return null;
      }
    }
    const ownerOf = (x: number) => (ownA.includes(x as Ipv4) ? a : ownB.includes(x as Ipv4) ? b : null);
    for (const x of pairs.keys()) {
      const by = this.mentions.get(x);
      if (!by) continue;
      const owner = ownerOf(x);
      for (const d of by) if (d !== owner) return null;
    }
    for (const [lo, hi] of this.ranges)
      for (const [x, y] of pairs) if (x >= lo && x <= hi ? y < lo || y > hi : y >= lo && y <= hi) return null;
    return {
      devices: new Map([
        [a, b],
        [b, a],
      ]),
      addrs: pairs,
      moved: { devices: [a, b], addrs: [...pairs.keys()] },
    };
  }
}

/**
 * Swaps applied together: a client's and a VM's, each the identity (null) or a {@link Swap}. They
 * must move disjoint devices and addresses (`disjoint`), so their order does not matter.
 */
export type Swaps = readonly (Swap | null)[];

export function disjoint(s: Swap | null, t: Swap | null): boolean {
  if (!s || !t) return true;
  for (const d of s.moved.devices) if (t.devices.has(d)) return false;
  for (const a of s.moved.addrs) if (t.addrs.has(a)) return false;
  return true;
}

export function swapDevice(ss: Swaps, id: string): string {
  for (const s of ss) {
    const v = s?.devices.get(id);
    if (v !== undefined) return v;
  }
  return id;
}

export function swapAddr(ss: Swaps, a: Ipv4): Ipv4 {
  for (const s of ss) {
    const v = s?.addrs.get(a);
    if (v !== undefined) return v as Ipv4;
  }
  return a;
}

const ID_CHAR = 'A-Za-z0-9_.-';
const patterns = new WeakMap<Swap, { re: RegExp; to: Map<string, string> }>();

/** The swap's device ids and dotted addresses as one pattern (whole words only), and their images. */
function patternOf(s: Swap): { re: RegExp; to: Map<string, string> } {
  let p = patterns.get(s);
  if (p) return p;
  const to = new Map<string, string>();
  for (const [x, y] of s.devices) to.set(x, y);
  for (const [x, y] of s.addrs) to.set(dotted(x), dotted(y));
  const words = [...to.keys()]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'));
  const re = new RegExp(`(?<![${ID_CHAR}])(?:${words.join('|')})(?![A-Za-z0-9_-]|\\.[A-Za-z0-9_-])`, 'g');
  patterns.set(s, (p = { re, to }));
  return p;
}

/** Device ids and addresses in a sentence, swapped. */
export function swapText(ss: Swaps, text: string): string {
  let out = text;
  for (const s of ss) {
    if (!s) continue;
    const p = patternOf(s);
    out = out.replace(p.re, (w) => p.to.get(w) ?? w);
  }
  return out;
}

const dotted = (a: number) => `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;

/**
 * Whether the swapped probe is sure to give the swapped trace: no ARP request was answered by more
 * than one device (the winner follows the bridge's port order, which a swap does not keep) and no
 * port or ICMP id was picked after a clash (natlab picks it from a hash of the addresses).
 */
export function traceIsPortable(r: TraceResult): boolean {
  for (const leg of [r.request, r.reply])
    for (const hop of leg?.hops ?? [])
      for (const s of hop.steps) {
        if (s.kind === 'neighbour' && s.alsoAnswered?.length) return false;
        if (s.kind === 'nat' && s.randomized) return false;
      }
  return true;
}
