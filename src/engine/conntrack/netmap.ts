/** NETMAP address arithmetic (`netmap_tg4`, net/netfilter/xt_NETMAP.c). */
import { maskOf, type Cidr, type Ipv4 } from '../addr/ipv4.ts';

/** Keep the host bits the `--to` prefix leaves free; take the network bits from `--to`. */
export function netmapAddress(addr: Ipv4, to: Cidr): Ipv4 {
  const netmask = maskOf(to.len);
  return (((addr & ~netmask) | (to.addr & netmask)) >>> 0) as Ipv4;
}
