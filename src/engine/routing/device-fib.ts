/** Per-device lookup structures derived once from an immutable {@link Device}. */
import type { Device } from '../model/device.ts';
import { TABLE_LOCAL } from '../model/route.ts';
import { buildFibTable, tableLookup, type FibTable } from './fib.ts';
import { flow } from './flow.ts';
import type { Ipv4 } from '../addr/ipv4.ts';
import { ruleVisits, type RpdbContext } from './rpdb.ts';

export interface DeviceFib extends RpdbContext {
  readonly device: Device;
  /** `inet_addr_type` answers already looked up (the device is immutable, so they never change). */
  readonly addrTypes: Map<number, AddressType>;
}

type AddressType = 'local' | 'broadcast' | 'unicast';

/** Bound on the memo of address types per device (a fuzzer may ask about millions of addresses). */
const MAX_MEMO = 4096;

const cache = new WeakMap<Device, DeviceFib>();

export function deviceFib(device: Device): DeviceFib {
  let f = cache.get(device);
  if (!f) {
    const fib = new Map<number, FibTable>();
    for (const [id, routes] of device.tables) fib.set(id, buildFibTable(id, routes));
    const ifIndexOf = (dev: string) => device.ifByName.get(dev)?.index ?? -1;
    f = {
      device,
      rules: device.rules,
      fib,
      ifIndexOf,
      visitsOf: ruleVisits(device.rules),
      addrTypes: new Map(),
    };
    cache.set(device, f);
  }
  return f;
}

/** `inet_addr_type` in the local table: local, broadcast or unicast. */
export function addressType(device: Device, a: Ipv4): AddressType {
  const f = deviceFib(device);
  let t = f.addrTypes.get(a);
  if (t === undefined) {
    const local = f.fib.get(TABLE_LOCAL);
    const r = local ? tableLookup(local, flow({ dst: a }), f.ifIndexOf) : null;
    t =
      r?.kind === 'route' && (r.route.type === 'local' || r.route.type === 'broadcast')
        ? r.route.type
        : 'unicast';
    if (f.addrTypes.size >= MAX_MEMO) f.addrTypes.clear();
    f.addrTypes.set(a, t);
  }
  return t;
}

/** `inet_addr_type(addr) == RTN_LOCAL`: the local table says the address is ours. */
export function isLocalAddress(device: Device, a: Ipv4): boolean {
  return addressType(device, a) === 'local';
}
