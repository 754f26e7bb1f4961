/**
 * A new static IP mapping row for a virtual lab of the document (the address plan's "Add mapping"): a
 * lab VM drawn on one of its isolated networks that has no mapping yet, and a free access address of
 * the appliance's production network — so the row is valid the moment it appears.
 */
import { inPrefix, networkOf, parseIpv4, type Cidr } from '../../engine/addr/ipv4.ts';
import type { LabDocument } from '../../engine/lab/format.ts';
import type { StaticMappingDesign } from '../../engine/vlab/design.ts';
import { addressText, freeAddress, subnetOf } from '../commands/addresses.ts';

export function proposeMapping(doc: LabDocument, labIndex: number): StaticMappingDesign | undefined {
  const lab = doc.virtualLabs?.[labIndex];
  if (!lab) return undefined;
  const mapped = new Set((lab.staticMappings ?? []).map((m) => m.isolatedIp));
  let pick: { productionNetwork: string; ip: string } | undefined;
  for (const n of lab.isolatedNetworks) {
    const prefix: Cidr | undefined = subnetOf(doc, n.productionNetwork);
    const vnic = n.vnicIp?.split('/')[0];
    for (const d of doc.devices)
      for (const i of d.interfaces)
        if (i.segment === n.segment)
          for (const a of i.addresses ?? []) {
            const ip = addressText(a).split('/')[0]!;
            const v = parseIpv4(ip);
            if (pick || mapped.has(ip) || ip === vnic || !v.ok || (prefix && !inPrefix(v.value, prefix)))
              continue;
            pick = { productionNetwork: n.productionNetwork, ip };
          }
    if (pick) break;
  }
  const first = lab.isolatedNetworks[0];
  if (!pick && first) {
    // no lab VM drawn yet: a host address of the isolated network (to be edited)
    const free = freeAddress(doc, first.segment, 10);
    if (free) pick = { productionNetwork: first.productionNetwork, ip: free.split('/')[0]! };
  }
  if (!pick) return undefined;
  // a free address from .100 that is no DNS server's either (usedAddresses knows the rest)
  const prodId = lab.appliance.productionNetwork;
  const subnet = subnetOf(doc, prodId);
  if (!subnet) return undefined;
  const dns = new Set(doc.segments.find((s) => s.id === prodId)?.dns ?? []);
  let access: string | undefined;
  let from = 100;
  for (let tries = 0; tries < 64 && !access; tries++) {
    const f = freeAddress(doc, prodId, from)?.split('/')[0];
    const v = f === undefined ? undefined : parseIpv4(f);
    if (!v?.ok) break;
    if (!dns.has(f!)) access = f;
    else from = (v.value >>> 0) - (networkOf(subnet) >>> 0) + 1;
  }
  if (!access) return undefined;
  return { productionNetwork: pick.productionNetwork, isolatedIp: pick.ip, accessIp: access };
}
