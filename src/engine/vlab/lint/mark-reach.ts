/**
 * Which packet marks a device's iptables can produce, projected on the bits an `ip rule fwmark V/M`
 * tests. Marks start at 0 (a packet entering a namespace carries no mark), and each MARK rule does
 * `mark = (mark & ~mask) ^ value` (xt_MARK, src/engine/netfilter/mark.ts). The operations act on each
 * bit independently, so projecting on M is exact; rules may apply in any order and any number of
 * times, which over-approximates (a rule found unsatisfiable really is).
 */
import { applyXmark, fwmarkMatches } from '../../netfilter/mark.ts';
import type { Device } from '../../model/device.ts';
import type { Rule, TableName } from '../../model/netfilter.ts';

/** One way a mark changes: an xmark, or bits that can take any value (CONNMARK --restore-mark). */
export type MarkOp =
  | { readonly kind: 'xmark'; readonly value: number; readonly mask: number }
  | { readonly kind: 'free'; readonly bits: number };

export interface MarkSite {
  readonly table: TableName;
  readonly chain: string;
  readonly index: number;
  readonly rule: Rule;
  readonly op: MarkOp;
  /**
   * Whether the mark can still steer the routing decision: raw/mangle PREROUTING (before the input
   * route) and OUTPUT (mangle OUTPUT re-routes), or a user chain (its callers are not resolved).
   * nat chains see only a connection's first packet; INPUT, FORWARD and POSTROUTING come after routing.
   */
  readonly early: boolean;
}

const EARLY_CHAINS = new Set(['PREROUTING', 'OUTPUT']);
const BUILTIN = new Set(['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING']);

export function markSites(device: Device): MarkSite[] {
  const out: MarkSite[] = [];
  for (const [table, t] of device.ruleset)
    for (const [chain, c] of t.chains)
      c.rules.forEach((rule, index) => {
        const tg = rule.target;
        let op: MarkOp | undefined;
        if (tg.kind === 'MARK') op = { kind: 'xmark', value: tg.value >>> 0, mask: tg.mask >>> 0 };
        else if (tg.kind === 'CONNMARK' && tg.mode === 'restore')
          op = { kind: 'free', bits: (tg.nfmask | tg.ctmask) >>> 0 };
        if (!op) return;
        const early =
          table !== 'nat' &&
          (!BUILTIN.has(chain) || (EARLY_CHAINS.has(chain) && (table === 'raw' || table === 'mangle')));
        out.push({ table, chain, index, rule, op, early });
      });
  return out;
}

/** Most projected states explored before giving up (then the rule is assumed satisfiable). */
const MAX_STATES = 1 << 16;
const MAX_FREE_BITS = 12;

const popcount = (n: number) => {
  let c = 0;
  for (let x = n >>> 0; x; x >>>= 1) c += x & 1;
  return c;
};

/** Whether some sequence of `ops` turns mark 0 into one that `fwmark value/mask` matches. */
export function fwmarkSatisfiable(value: number, mask: number, ops: readonly MarkOp[]): boolean {
  const m = mask >>> 0;
  if (m === 0 || fwmarkMatches(0, value, m)) return true;
  const target = (value & m) >>> 0;
  const seen = new Set<number>([0]);
  const queue = [0];
  while (queue.length) {
    const s = queue.pop()!;
    for (const op of ops) {
      const nexts: number[] = [];
      if (op.kind === 'xmark') nexts.push((applyXmark(s, op.value, op.mask) & m) >>> 0);
      else {
        const bits = (op.bits & m) >>> 0;
        if (popcount(bits) > MAX_FREE_BITS) return true;
        // every assignment of the free bits
        for (let sub = bits; ; sub = (sub - 1) & bits) {
          nexts.push((((s & ~bits) | sub) & m) >>> 0);
          if (sub === 0) break;
        }
      }
      for (const n of nexts) {
        if (n === target) return true;
        if (seen.has(n)) continue;
        if (seen.size >= MAX_STATES) return true;
        seen.add(n);
        queue.push(n);
      }
    }
  }
  return false;
}
