/** Small labs for tests beyond the kernel-lab topology. */
import type { Network } from '../model/network.ts';
import { compileOrThrow } from './kernel-lab.ts';

/**
 * Two LANs joined by two routers; ha's gateway is r1, hb's is r2, so requests go via r1 and replies
 * via r2 (seed 001's asymmetric flow). `r2Filter` goes into r2's filter FORWARD chain.
 */
export function asymmetricLab(r2Filter?: string[]): Network {
  const host = (id: string, ip: string, seg: string, gw: string) => ({
    id,
    kind: 'host' as const,
    interfaces: [{ name: 'eth0', segment: seg, addresses: [ip] }],
    routes: [{ to: 'default', via: gw }],
  });
  const router = (id: string, n: number, filter?: string[]) => ({
    id,
    kind: 'router' as const,
    interfaces: [
      { name: 'eth0', segment: 'a', addresses: [`10.0.1.${n}/24`] },
      { name: 'eth1', segment: 'b', addresses: [`10.0.2.${n}/24`] },
    ],
    sysctls: { 'net.ipv4.ip_forward': 1 },
    ...(filter ? { iptables: { filter: { FORWARD: filter } } } : {}),
  });
  return compileOrThrow({
    schemaVersion: 2,
    name: 'asymmetric',
    segments: [
      { id: 'a', kind: 'link' },
      { id: 'b', kind: 'link' },
    ],
    devices: [
      host('ha', '10.0.1.10/24', 'a', '10.0.1.1'),
      host('hb', '10.0.2.10/24', 'b', '10.0.2.2'),
      router('r1', 1),
      router('r2', 2, r2Filter),
    ],
  });
}
