/** Source address selection (`inet_select_addr`, net/ipv4/devinet.c). */
import { inPrefix, type Ipv4 } from '../addr/ipv4.ts';
import type { Device, IfAddr, Iface } from '../model/device.ts';
import { SCOPE_VALUE } from '../model/route.ts';

const addrScope = (a: IfAddr): number => SCOPE_VALUE[a.scope];

/**
 * First primary address of `dev` whose scope is at least as wide as `scope` and whose subnet
 * contains `dst` (if given); else the first such primary address; else, scanning every interface
 * (lo first), the first primary non-link-scope address. 0 if none.
 */
export function inetSelectAddr(device: Device, dev: Iface, dst: Ipv4 | 0, scope: number): Ipv4 | 0 {
  const localnetScope = dev.conf.route_localnet ? SCOPE_VALUE.link : SCOPE_VALUE.host;
  let addr: Ipv4 | 0 = 0;
  for (const a of dev.addrs) {
    if (a.secondary) continue;
    if (Math.min(addrScope(a), localnetScope) > scope) continue;
    if (dst === 0 || inPrefix(dst, { addr: a.local, len: a.len })) return a.local;
    if (addr === 0) addr = a.local;
  }
  if (addr !== 0) return addr;
  // in_dev_select_addr over every device: "Not loopback addresses on loopback should be preferred"
  for (const d of device.ifaces) {
    for (const a of d.addrs) {
      if (!a.secondary && a.scope !== 'link' && addrScope(a) <= scope) return a.local;
    }
  }
  return 0;
}

/** `__ip_dev_find` / `inet_addr_type == RTN_LOCAL`: the interface that owns a local address. */
export function ifaceOwning(device: Device, a: Ipv4): Iface | undefined {
  for (const d of device.ifaces) for (const x of d.addrs) if (x.local === a) return d;
  return undefined;
}
