/**
 * A hop's netfilter activity as the kernel's `nft monitor trace` reports it, so the engine and the
 * kernel can be compared line by line: one `chain` event per base chain entered (with the packet as
 * the chain sees it), one `rule` event per rule that matched (with its verdict), one `policy` event when a
 * built-in chain's policy decided. User chains are entered silently (the kernel prints no packet line
 * for them), their rules are listed under their own name.
 */
import { formatIpv4 } from '../addr/ipv4.ts';
import type { Hook, TableName } from '../model/netfilter.ts';
import type { Hop } from './steps.ts';

export type HookEvent =
  | {
      readonly kind: 'chain';
      readonly hook: Hook;
      readonly table: TableName;
      readonly chain: string;
      readonly iif: string | null;
      readonly oif: string | null;
      readonly saddr: string;
      readonly daddr: string;
      readonly ttl: number;
    }
  | {
      readonly kind: 'rule';
      readonly table: TableName;
      readonly chain: string;
      /** 1-based position in the chain (the kernel's trace names the rule by handle; mapped back). */
      readonly index?: number;
      readonly verdict: string;
    }
  | {
      readonly kind: 'policy';
      readonly table: TableName;
      readonly chain: string;
      readonly verdict: string;
      readonly mark: number;
    };

const BUILTIN = new Set(['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING']);

/** The kernel-trace view of one hop's steps. */
export function hookEvents(hop: Hop): HookEvent[] {
  const out: HookEvent[] = [];
  let mark = 0;
  for (const s of hop.steps) {
    if (s.kind === 'chain') {
      mark = s.packet.mark;
      if (!BUILTIN.has(s.chain)) continue;
      out.push({
        kind: 'chain',
        hook: s.hook,
        table: s.table,
        chain: s.chain,
        iif: s.iif,
        oif: s.oif,
        saddr: formatIpv4(s.packet.src),
        daddr: formatIpv4(s.packet.dst),
        ttl: s.packet.ttl,
      });
    } else if (s.kind === 'rule') {
      if (s.mark) mark = s.mark.to;
      const verdict =
        s.verdict === 'jump' || s.verdict === 'goto'
          ? `${s.verdict} ${s.target}`
          : s.verdict === 'reject'
            ? 'drop'
            : s.verdict;
      out.push({ kind: 'rule', table: s.table, chain: s.chain, index: s.index, verdict });
    } else if (s.kind === 'policy') {
      out.push({ kind: 'policy', table: s.table, chain: s.chain, verdict: s.verdict, mark });
    }
  }
  return out;
}

export function formatHookEvent(e: HookEvent): string {
  switch (e.kind) {
    case 'chain':
      return `${e.table} ${e.chain} (${e.hook}) iif ${e.iif ?? '-'} oif ${e.oif ?? '-'} ${e.saddr} > ${e.daddr} ttl ${e.ttl}`;
    case 'rule':
      return `  ${e.table} ${e.chain} rule${e.index !== undefined ? ` ${e.index}` : ''} => ${e.verdict}`;
    case 'policy':
      return `  ${e.table} ${e.chain} policy ${e.verdict}${e.mark ? ` mark 0x${e.mark.toString(16)}` : ''}`;
  }
}
