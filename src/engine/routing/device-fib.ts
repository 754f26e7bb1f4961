/** Per-device lookup structures derived once from an immutable {@link Device}. */
import type { Device } from '../model/device.ts';
import { TABLE_LOCAL } from '../model/route.ts';
import { buildFibTable, tableLookup, type FibTable } from './fib.ts';
import { flow } from './flow.ts';
import type { Ipv4 } from '../addr/ipv4.ts';
import type { RpdbContext } from './rpdb.ts';

export interface DeviceFib extends RpdbContext {
  readonly device: Device;
}

const cache = new WeakMap<Device, DeviceFib>();

export function deviceFib(device: Device): DeviceFib {
  let f = cache.get(device);
  if (!f) {
    const fib = new Map<number, FibTable>();
    for (const [id, routes] of device.tables) fib.set(id, buildFibTable(id, routes));
    const ifIndexOf = (dev: string) => device.ifByName.get(dev)?.index ?? -1;
    f = { device, rules: device.rules, fib, ifIndexOf };
    cache.set(device, f);
  }
  return f;
}

/** `inet_addr_type(addr) == RTN_LOCAL`: the local table says the address is ours. */
export function isLocalAddress(device: Device, a: Ipv4): boolean {
  const local = deviceFib(device).fib.get(TABLE_LOCAL);
  if (!local) return false;
  const r = tableLookup(local, flow({ dst: a }), deviceFib(device).ifIndexOf);
  return r.kind === 'route' && r.route.type === 'local';
}

/** `inet_addr_type` in the local table: local, broadcast or unicast. */
export function addressType(device: Device, a: Ipv4): 'local' | 'broadcast' | 'unicast' {
  const local = deviceFib(device).fib.get(TABLE_LOCAL);
  if (!local) return 'unicast';
  const r = tableLookup(local, flow({ dst: a }), deviceFib(device).ifIndexOf);
  if (r.kind === 'route' && (r.route.type === 'local' || r.route.type === 'broadcast')) return r.route.type;
  return 'unicast';
}
