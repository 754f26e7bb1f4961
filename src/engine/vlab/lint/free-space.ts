/** Finding an unused host address in a subnet, for fixes (access IPs). */
import { maskOf, networkOf, type Cidr, type Ipv4 } from '../../addr/ipv4.ts';

/** The highest host address of `subnet` not in `used` (and not the network or broadcast address). */
export function freeAddress(subnet: Cidr, used: ReadonlySet<number>): Ipv4 | undefined {
  if (subnet.len > 30) return undefined;
  const net = networkOf(subnet);
  const host = ~maskOf(subnet.len) >>> 0;
  for (let h = host - 1; h >= 1; h--) {
    const a = (net + h) >>> 0;
    if (!used.has(a)) return a as Ipv4;
  }
  return undefined;
}
