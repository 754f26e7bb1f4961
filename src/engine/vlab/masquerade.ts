/**
 * The masquerade network proposal: a network of the isolated network's size that nothing in the lab
 * uses — no address, no route, no production subnet, no other masquerade network — so that NETMAP can
 * map it 1:1 onto the isolated network (seed 000: "a subnet range that is not being used and has the
 * same subnet size"; 192.168.149.0/24 → 192.168.150.0/24).
 */
import { broadcastOf, canonical, parseCidr, type Cidr, type Ipv4 } from '../addr/ipv4.ts';
import type { LabDocument } from '../lab/format.ts';

/** RFC 1918: masquerade networks are proposed in private space only. */
export const PRIVATE_RANGES: readonly Cidr[] = [
  { addr: 0x0a000000 as Ipv4, len: 8 }, // 10.0.0.0/8
  { addr: 0xac100000 as Ipv4, len: 12 }, // 172.16.0.0/12
  { addr: 0xc0a80000 as Ipv4, len: 16 }, // 192.168.0.0/16
];

const size = (len: number) => 2 ** (32 - len);
const first = (c: Cidr) => canonical(c).addr as number;
const last = (c: Cidr) => broadcastOf(c) as number;

/**
 * The first block of length `len` at or after `from` (aligned) and at most `end`, overlapping none of
 * `used` (sorted by start), or undefined. Jumps over used ranges, so it takes at most one step per
 * used prefix.
 */
function firstFree(len: number, from: number, end: number, used: readonly Cidr[]): number | undefined {
  const n = size(len);
  let a = Math.ceil(from / n) * n;
  for (;;) {
    if (a + n - 1 > end) return undefined;
    let next = a;
    for (const u of used) if (first(u) <= a + n - 1 && last(u) >= a) next = Math.max(next, last(u) + 1);
    if (next === a) return a;
    a = Math.ceil(next / n) * n;
  }
}

/**
 * A masquerade network for `isolated`: the same prefix length, overlapping nothing in `used`.
 * Deterministic: the first free block after the isolated network inside its private range (wrapping
 * around to the start of that range), then the private ranges 10/8, 172.16/12, 192.168/16 in order.
 * Undefined when there is no room (an isolated network larger than a private range, or all used).
 */
export function proposeMasquerade(isolated: Cidr, used: readonly Cidr[]): Cidr | undefined {
  const len = isolated.len;
  if (len < 8 || len > 32) return undefined;
  const iso = canonical(isolated);
  const taken = [...used.map(canonical), iso].sort((x, y) => first(x) - first(y));
  const home = PRIVATE_RANGES.find((r) => r.len <= len && first(r) <= first(iso) && last(iso) <= last(r));
  const tries: [number, number][] = [];
  if (home) tries.push([last(iso) + 1, last(home)], [first(home), first(iso) - 1]);
  for (const r of PRIVATE_RANGES) if (r !== home && r.len <= len) tries.push([first(r), last(r)]);
  for (const [from, end] of tries) {
    if (from > end) continue;
    const a = firstFree(len, from, end, taken);
    if (a !== undefined) return { addr: (a >>> 0) as Ipv4, len };
  }
  return undefined;
}

const addressText = (a: string | { address: string }) => (typeof a === 'string' ? a : a.address);

/**
 * Every prefix a masquerade network must not overlap, from the drawn lab: interface addresses (their
 * subnets), routes (not default routes), production subnets and gateways, and every masquerade
 * network and address a design states (appliance, vNICs, access addresses).
 */
export function usedPrefixes(doc: LabDocument): Cidr[] {
  const out: Cidr[] = [];
  const add = (text: string | undefined, bare = true) => {
    if (text === undefined) return;
    const c = parseCidr(text, bare);
    if (c.ok) out.push(canonical(c.value));
  };
  for (const s of doc.segments) {
    add(s.subnet);
    add(s.gateway);
    for (const d of s.dns ?? []) add(d);
  }
  for (const d of doc.devices) {
    for (const i of d.interfaces) for (const a of i.addresses ?? []) add(addressText(a));
    for (const r of d.routes ?? []) if (r.to !== 'default' && !/\/0$/.test(r.to)) add(r.to);
  }
  for (const lab of doc.virtualLabs ?? []) {
    add(lab.appliance.ip);
    add(lab.appliance.gateway);
    for (const n of lab.isolatedNetworks) {
      add(n.vnicIp);
      add(n.masquerade);
    }
    for (const m of lab.staticMappings ?? []) add(m.accessIp);
  }
  return out;
}
