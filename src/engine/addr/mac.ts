import { err, ok, type Result } from '../util/result.ts';

/** A MAC address, lower-case colon-separated (the form `ip link` prints). */
export type Mac = string & { readonly __brand: 'Mac' };

export function parseMac(text: string): Result<Mac> {
  const t = text.trim().toLowerCase().replaceAll('-', ':');
  if (!/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(t))
    return err(`"${text}" is not a MAC address (aa:bb:cc:dd:ee:ff)`);
  return ok(t as Mac);
}

export const isMulticastMac = (m: Mac): boolean => (parseInt(m.slice(0, 2), 16) & 1) === 1;

/**
 * A locally administered unicast MAC derived from device and interface position, stable across
 * loads, for interfaces whose MAC the lab does not give.
 */
export function generatedMac(deviceIndex: number, ifIndex: number): Mac {
  const h = (n: number) => (n & 255).toString(16).padStart(2, '0');
  return `02:00:${h(deviceIndex >> 8)}:${h(deviceIndex)}:${h(ifIndex >> 8)}:${h(ifIndex)}` as Mac;
}
