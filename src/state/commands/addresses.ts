/**
 * Address proposals for new connections: the subnet a segment stands for, and the first address in it
 * no machine of the lab uses.
 */
import {
  broadcastOf,
  formatIpv4,
  networkOf,
  parseCidr,
  parseIpv4,
  type Cidr,
} from '../../engine/addr/ipv4.ts';
import type { AddressDocEntry, LabDocument } from '../../engine/lab/format.ts';
import type { Draft } from 'immer';

type Doc = LabDocument | Draft<LabDocument>;

export const addressText = (a: AddressDocEntry): string => (typeof a === 'string' ? a : a.address);

/**
 * The subnet of a segment: a production network's `subnet`; for an isolated network, the subnet of
 * the production network it copies (a virtual lab's isolated network); else the subnet of the first
 * address an interface on it has.
 */
export function subnetOf(doc: Doc, segmentId: string): Cidr | undefined {
  const seg = doc.segments.find((s) => s.id === segmentId);
  if (seg?.subnet) {
    const c = parseCidr(seg.subnet);
    if (c.ok) return c.value;
  }
  for (const v of doc.virtualLabs ?? [])
    for (const n of v.isolatedNetworks)
      if (n.segment === segmentId && n.productionNetwork !== segmentId) {
        const p = subnetOf(doc, n.productionNetwork);
        if (p) return p;
      }
  for (const d of doc.devices)
    for (const i of d.interfaces)
      if (i.segment === segmentId)
        for (const a of i.addresses ?? []) {
          const c = parseCidr(addressText(a));
          if (c.ok) return { addr: networkOf(c.value), len: c.value.len };
        }
  return undefined;
}

/** Addresses in use on a segment (interfaces on it, its gateway, appliance addresses for production). */
export function usedAddresses(doc: Doc, segmentId: string): Set<number> {
  const used = new Set<number>();
  const add = (text: string | undefined) => {
    if (text === undefined) return;
    const c = parseCidr(text, true);
    if (c.ok) used.add(c.value.addr);
  };
  const seg = doc.segments.find((s) => s.id === segmentId);
  add(seg?.gateway);
  for (const d of doc.devices)
    for (const i of d.interfaces)
      if (i.segment === segmentId) for (const a of i.addresses ?? []) add(addressText(a));
  for (const v of doc.virtualLabs ?? []) {
    if (v.appliance.productionNetwork === segmentId) add(v.appliance.ip);
    for (const m of v.staticMappings ?? []) if (m.productionNetwork === segmentId) add(m.accessIp);
  }
  return used;
}

/** The first free host address of the segment's subnet at or after `from` (an offset), with its length. */
export function freeAddress(doc: Doc, segmentId: string, from = 1): string | undefined {
  const subnet = subnetOf(doc, segmentId);
  return subnet ? firstFreeIn(subnet, usedAddresses(doc, segmentId), from) : undefined;
}

/**
 * The first host address of `subnet` not in `used`, starting at host offset `from` and wrapping
 * around (network and broadcast addresses excluded), as `a.b.c.d/len`.
 */
export function firstFreeIn(subnet: Cidr, used: ReadonlySet<number>, from = 1): string | undefined {
  const net = networkOf(subnet) >>> 0;
  const bcast = broadcastOf(subnet) >>> 0;
  const size = bcast - net + 1;
  if (size < 4) return undefined;
  for (let k = 0; k < size - 2; k++) {
    const a = (net + 1 + ((Math.max(from, 1) - 1 + k) % (size - 2))) >>> 0;
    if (!used.has(a)) return `${formatIpv4(a)}/${subnet.len}`;
  }
  return undefined;
}

/** The gateway of a production network, when it is an address. */
export function gatewayOf(doc: Doc, segmentId: string): string | undefined {
  const seg = doc.segments.find((s) => s.id === segmentId);
  if (seg?.gateway && parseIpv4(seg.gateway).ok) return seg.gateway;
  for (const v of doc.virtualLabs ?? [])
    for (const n of v.isolatedNetworks)
      if (n.segment === segmentId && n.productionNetwork !== segmentId)
        return gatewayOf(doc, n.productionNetwork);
  return undefined;
}
