/**
 * Where each target may be used: the `.table` and `.hooks` of its kernel `struct xt_target`, as checked
 * by `xt_check_target()` (net/netfilter/x_tables.c) when the rule is added — also through jumps: nft
 * validates every base chain a user chain is reachable from (`nft_chain_validate()`). Verified with
 * iptables 1.8.9 (nf_tables) on kernel 6.18 by the corpus in __golden__/.
 */
import type { Hook, TableName, TargetKind } from '../model/netfilter.ts';

export interface TargetRestriction {
  /** Tables the target may be used in; absent = any table. */
  readonly tables?: readonly TableName[];
  /** Hooks the target may be reached from; absent = any hook. */
  readonly hooks?: readonly Hook[];
  /** Kernel source of the restriction. */
  readonly source: string;
}

export const TARGET_RESTRICTIONS: Readonly<Partial<Record<TargetKind, TargetRestriction>>> = {
  REJECT: {
    tables: ['filter'],
    hooks: ['input', 'forward', 'output'],
    source: 'net/ipv4/netfilter/ipt_REJECT.c (.table = "filter")',
  },
  DNAT: { tables: ['nat'], hooks: ['prerouting', 'output'], source: 'net/netfilter/xt_nat.c' },
  SNAT: { tables: ['nat'], hooks: ['postrouting', 'input'], source: 'net/netfilter/xt_nat.c' },
  MASQUERADE: { tables: ['nat'], hooks: ['postrouting'], source: 'net/netfilter/xt_MASQUERADE.c' },
  REDIRECT: { tables: ['nat'], hooks: ['prerouting', 'output'], source: 'net/netfilter/xt_REDIRECT.c' },
  NETMAP: {
    tables: ['nat'],
    hooks: ['prerouting', 'input', 'output', 'postrouting'],
    source: 'net/netfilter/xt_NETMAP.c',
  },
  NOTRACK: { tables: ['raw'], source: 'net/netfilter/xt_CT.c (.table = "raw")' },
};

/** Why `kind` may not be used in `table` (null when it may). */
export function tableProblem(kind: TargetKind, table: TableName): string | null {
  const r = TARGET_RESTRICTIONS[kind];
  if (!r?.tables || r.tables.includes(table)) return null;
  return `the ${kind === 'NOTRACK' ? 'CT/NOTRACK' : kind} target is only valid in the ${r.tables.join('/')} table`;
}

/** Why `kind` may not be reached from `hook` (null when it may). */
export function hookProblem(kind: TargetKind, hook: Hook): string | null {
  const r = TARGET_RESTRICTIONS[kind];
  if (!r?.hooks || r.hooks.includes(hook)) return null;
  const names = r.hooks.map((h) => h.toUpperCase()).join(', ');
  return `the ${kind} target is only valid in ${names}, not ${hook.toUpperCase()}`;
}
