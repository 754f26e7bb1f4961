/**
 * Interface addresses as the kernel lists them (`__inet_insert_ifa`, net/ipv4/devinet.c): an address
 * in the same subnet (same mask) as an existing one becomes *secondary* and goes to the end of the list;
 * a primary goes after the last primary of equal or wider scope. The same local address twice is
 * EEXIST ("RTNETLINK answers: File exists").
 */
import { inPrefix, isLoopback, parseCidr, parseIpv4, formatCidr, type Ipv4 } from '../addr/ipv4.ts';
import type { IfAddr } from '../model/device.ts';
import { SCOPE_VALUE } from '../model/route.ts';
import type { AddressDocEntry } from './format.ts';
import type { Issues } from './issues.ts';

export function insertAddress(list: IfAddr[], a: IfAddr): 'ok' | 'exists' {
  let lastPrimary = 0;
  let secondary = false;
  for (let i = 0; i < list.length; i++) {
    const x = list[i]!;
    if (!x.secondary && SCOPE_VALUE[a.scope] <= SCOPE_VALUE[x.scope]) lastPrimary = i + 1;
    if (x.len === a.len && inPrefix(x.local, { addr: a.local, len: a.len })) {
      if (x.local === a.local) return 'exists';
      secondary = true;
    }
  }
  const entry: IfAddr = { ...a, secondary };
  if (secondary) list.push(entry);
  else list.splice(lastPrimary, 0, entry);
  return 'ok';
}

export function parseAddresses(entries: readonly AddressDocEntry[], path: string, issues: Issues): IfAddr[] {
  const list: IfAddr[] = [];
  entries.forEach((e, k) => {
    const p = `${path}[${k}]`;
    const text = typeof e === 'string' ? e : e.address;
    const c = parseCidr(text);
    if (!c.ok) {
      issues.error(typeof e === 'string' ? p : `${p}.address`, c.error);
      return;
    }
    let broadcast: Ipv4 | undefined;
    if (typeof e !== 'string' && e.broadcast !== undefined) {
      const b = parseIpv4(e.broadcast);
      if (!b.ok) issues.error(`${p}.broadcast`, b.error);
      else broadcast = b.value;
    }
    const addr: IfAddr = {
      local: c.value.addr,
      len: c.value.len,
      secondary: false,
      noprefixroute: typeof e !== 'string' && e.noprefixroute === true,
      scope: isLoopback(c.value.addr) ? 'host' : 'global',
      ...(broadcast !== undefined ? { broadcast } : {}),
      docIndex: k,
    };
    if (insertAddress(list, addr) === 'exists')
      issues.error(
        p,
        `${formatCidr(c.value)} is listed twice on this interface (the kernel answers "File exists")`,
      );
  });
  return list;
}
