/**
 * What-if toggles: one change to the expanded lab (the designs already turned into the appliance's
 * rules, routes, ip rules and sysctls), as a user flips it to see which flows change. Indices are
 * positions in the expanded lab's lists (0-based): `devices[d].iptables.nat.PREROUTING[index]`,
 * `devices[d].routes[index]`, `devices[d].rules[index]`.
 */
import type { TableName } from '../model/netfilter.ts';

export type WhatIfToggle =
  /** Leave out one iptables rule (as if it was never `-A`ppended). */
  | {
      readonly kind: 'rule-off';
      readonly device: string;
      readonly table: TableName;
      readonly chain: string;
      readonly index: number;
    }
  /** Leave out one route (`ip route add` never ran). */
  | { readonly kind: 'route-off'; readonly device: string; readonly index: number }
  /** Leave out one policy rule (`ip rule add` never ran). */
  | { readonly kind: 'ip-rule-off'; readonly device: string; readonly index: number }
  /** Set a sysctl (`net.ipv4.conf.all.rp_filter`, `net.ipv4.ip_forward`, `net.ipv4.conf.eth0.proxy_arp`…). */
  | { readonly kind: 'sysctl'; readonly device: string; readonly key: string; readonly value: number };

export type WhatIfKind = WhatIfToggle['kind'];

/** What a toggle changes (a sysctl toggle's value left out): two toggles with one key replace each other. */
export function toggleKey(t: WhatIfToggle): string {
  switch (t.kind) {
    case 'rule-off':
      return `rule|${t.device}|${t.table}|${t.chain}|${t.index}`;
    case 'route-off':
      return `route|${t.device}|${t.index}`;
    case 'ip-rule-off':
      return `ip-rule|${t.device}|${t.index}`;
    case 'sysctl':
      return `sysctl|${t.device}|${t.key}`;
  }
}

/** `toggles` with `t` flipped: removed if a toggle with its key is there, else added. */
export function flipToggle(toggles: readonly WhatIfToggle[], t: WhatIfToggle): WhatIfToggle[] {
  const k = toggleKey(t);
  return toggles.some((x) => toggleKey(x) === k)
    ? toggles.filter((x) => toggleKey(x) !== k)
    : [...toggles, t];
}

/** `toggles` with `t` set: replaces the toggle with its key (a sysctl's new value), or added. */
export function setToggle(toggles: readonly WhatIfToggle[], t: WhatIfToggle): WhatIfToggle[] {
  const k = toggleKey(t);
  const i = toggles.findIndex((x) => toggleKey(x) === k);
  return i < 0 ? [...toggles, t] : toggles.map((x, j) => (j === i ? t : x));
}
