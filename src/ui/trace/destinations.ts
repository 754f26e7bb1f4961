/**
 * What the trace bar offers as destinations: every device's addresses, and for lab VMs the addresses
 * production reaches them by (masquerade address, access IPs) — the flows a SureBackup user checks.
 */
import { formatIpv4 } from '../../engine/addr/ipv4.ts';
import type { Network } from '../../engine/model/network.ts';

export interface Destination {
  readonly value: string;
  readonly label: string;
}

export function destinationsOf(net: Network | undefined): Destination[] {
  if (!net) return [];
  const out: Destination[] = [];
  for (const d of net.devices)
    for (const i of d.ifaces) {
      if (i.loopback) continue;
      for (const a of i.addrs)
        if (a.scope === 'global') out.push({ value: formatIpv4(a.local), label: `${d.id} ${i.name}` });
    }
  return out;
}
