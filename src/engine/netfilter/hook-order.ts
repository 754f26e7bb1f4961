/**
 * What runs at each netfilter hook, in priority order (`enum nf_ip_hook_priorities`,
 * include/uapi/linux/netfilter_ipv4.h; semantics doc §1.1). The stack walks this table; nothing else
 * decides the order.
 */
import type { Hook, TableName } from '../model/netfilter.ts';
import { PRIORITY } from '../model/netfilter.ts';

export type HookEntry =
  | { readonly kind: 'table'; readonly table: Exclude<TableName, 'nat'>; readonly priority: number }
  /** `nf_conntrack_in`: find or create the connection. */
  | { readonly kind: 'conntrack'; readonly priority: number }
  /** The nat table's position: DST manip at −100 (PREROUTING, OUTPUT), SRC manip at +100 (POSTROUTING, INPUT). */
  | { readonly kind: 'nat'; readonly priority: number }
  /** `nf_conntrack_confirm`: the new connection is inserted into the table. */
  | { readonly kind: 'confirm'; readonly priority: number };

const t = (table: Exclude<TableName, 'nat'>): HookEntry => ({
  kind: 'table',
  table,
  priority: PRIORITY[table],
});

export const HOOK_ORDER: Readonly<Record<Hook, readonly HookEntry[]>> = {
  prerouting: [
    t('raw'),
    { kind: 'conntrack', priority: PRIORITY.conntrack },
    t('mangle'),
    { kind: 'nat', priority: PRIORITY.natDst },
  ],
  input: [
    t('mangle'),
    t('filter'),
    t('security'),
    { kind: 'nat', priority: PRIORITY.natSrc },
    { kind: 'confirm', priority: PRIORITY.conntrackConfirm },
  ],
  forward: [t('mangle'), t('filter'), t('security')],
  output: [
    t('raw'),
    { kind: 'conntrack', priority: PRIORITY.conntrack },
    t('mangle'),
    { kind: 'nat', priority: PRIORITY.natDst },
    t('filter'),
    t('security'),
  ],
  postrouting: [
    t('mangle'),
    { kind: 'nat', priority: PRIORITY.natSrc },
    { kind: 'confirm', priority: PRIORITY.conntrackConfirm },
  ],
};
