/**
 * A netfilter lane: what one hop did at each hook it passed, laid out in the kernel's order
 * (HOOK_ORDER, semantics §1.1) — PREROUTING (raw → conntrack → mangle → nat) → routing decision →
 * FORWARD / INPUT (or OUTPUT for a local packet) → POSTROUTING (mangle → nat) — with every rule of each
 * chain the packet walked, the ones that matched marked and the others left dim, and the step the
 * playback is at highlighted.
 */
import type { Device } from '../model/device.ts';
import { CHAIN_OF_HOOK, type Hook, type TableName } from '../model/netfilter.ts';
import { HOOK_ORDER } from '../netfilter/hook-order.ts';
import { formatRule } from '../netfilter/print-rule.ts';
import type { Hop, RoutePurpose, Step } from '../sim/steps.ts';

export interface LaneRule {
  /** 1-based, as `iptables -L --line-numbers`. */
  readonly index: number;
  /** As `iptables -S` prints it after `-A CHAIN`. */
  readonly text: string;
  /** The rule matched (its step exists in the hop); the others did not match or were not reached. */
  readonly matched: boolean;
  readonly verdict?: string;
  /** Step index of the match in the hop. */
  readonly step?: number;
}

export interface LaneChain {
  readonly table: TableName;
  readonly name: string;
  readonly policy: string | null;
  readonly rules: readonly LaneRule[];
  /** The policy decided (no rule ended the walk of a built-in chain). */
  readonly policyApplied: boolean;
  /** Step index of the chain's entry. */
  readonly step: number;
}

export type LaneCell =
  | {
      readonly kind: 'table';
      readonly table: TableName;
      /** visited: the packet walked the chain; absent: no such chain on this device (nothing runs). */
      readonly status: 'visited' | 'absent';
      readonly chains: readonly LaneChain[];
      /** Steps of this cell (chain entry, rules, policy, NAT), for highlighting the current one. */
      readonly steps: readonly number[];
    }
  | {
      readonly kind: 'conntrack';
      readonly status: 'visited' | 'absent';
      readonly text: string;
      readonly steps: readonly number[];
    };

export type LaneStage =
  | {
      readonly kind: 'hook';
      readonly hook: Hook;
      readonly chain: string;
      readonly cells: readonly LaneCell[];
    }
  | {
      readonly kind: 'route';
      readonly purpose: RoutePurpose;
      readonly result: string;
      readonly table: number | null;
      readonly text: string;
      readonly step: number;
    };

export interface Lane {
  readonly device: string;
  readonly stages: readonly LaneStage[];
}

interface HookSpan {
  readonly hook: Hook;
  readonly steps: number[];
}

/** Splits a hop's steps into the hooks they ran in (a `hook` step opens one; routing and the wire close it). */
function hookSpans(steps: readonly Step[]): (HookSpan | { route: number })[] {
  const out: (HookSpan | { route: number })[] = [];
  let open: HookSpan | null = null;
  steps.forEach((s, i) => {
    if (s.kind === 'hook') {
      open = { hook: s.hook, steps: [] };
      out.push(open);
      return;
    }
    if (s.kind === 'route') {
      if (s.purpose === 'rp_filter') return;
      open = null;
      out.push({ route: i });
      return;
    }
    if (s.kind === 'transmit' || s.kind === 'deliver' || s.kind === 'send' || s.kind === 'receive') {
      open = null;
      return;
    }
    if (open) open.steps.push(i);
  });
  return out;
}

function chainRules(
  device: Device,
  table: TableName,
  name: string,
  steps: readonly Step[],
  span: readonly number[],
) {
  const chain = device.ruleset.get(table)?.chains.get(name);
  const hits = new Map<number, { verdict: string; step: number }>();
  let policyApplied = false;
  for (const i of span) {
    const s = steps[i]!;
    if (s.kind === 'rule' && s.table === table && s.chain === name)
      hits.set(s.index, { verdict: s.verdict, step: i });
    if (s.kind === 'policy' && s.table === table && s.chain === name) policyApplied = true;
  }
  const rules: LaneRule[] = (chain?.rules ?? []).map((r, k) => {
    const hit = hits.get(k + 1);
    return {
      index: k + 1,
      text: formatRule(r),
      matched: hit !== undefined,
      ...(hit ? { verdict: hit.verdict, step: hit.step } : {}),
    };
  });
  return { policy: chain?.policy ?? null, rules, policyApplied };
}

function tableCell(
  device: Device,
  table: TableName,
  steps: readonly Step[],
  span: readonly number[],
): LaneCell {
  const mine: number[] = [];
  const chains: LaneChain[] = [];
  let inTable = false;
  for (const i of span) {
    const s = steps[i]!;
    if (s.kind === 'chain') inTable = s.table === table;
    else if (s.kind === 'nat' || s.kind === 'conntrack') inTable = false;
    if (s.kind === 'nat' && table === 'nat') mine.push(i);
    if (!inTable) continue;
    mine.push(i);
    if (s.kind === 'chain' && !chains.some((c) => c.name === s.chain))
      chains.push({ table, name: s.chain, step: i, ...chainRules(device, table, s.chain, steps, span) });
  }
  // Rules of user chains appear as rule steps under their own chain name without a chain step.
  for (const i of mine) {
    const s = steps[i]!;
    if (s.kind === 'rule' && !chains.some((c) => c.name === s.chain))
      chains.push({ table, name: s.chain, step: i, ...chainRules(device, table, s.chain, steps, span) });
  }
  // Absent: no such chain on this device, or not walked (the nat table sees only a connection's first
  // packet; later ones are rewritten by conntrack, which shows as a nat step in this cell).
  const status = chains.length > 0 || mine.length > 0 ? 'visited' : 'absent';
  return { kind: 'table', table, status, chains, steps: mine };
}

export function laneOf(device: Device, hop: Hop): Lane {
  const stages: LaneStage[] = [];
  for (const span of hookSpans(hop.steps)) {
    if ('route' in span) {
      const s = hop.steps[span.route]!;
      if (s.kind !== 'route') continue;
      stages.push({
        kind: 'route',
        purpose: s.purpose,
        result: s.result,
        table: s.route?.table ?? null,
        text: s.route?.text ?? 'no route',
        step: span.route,
      });
      continue;
    }
    const cells: LaneCell[] = [];
    for (const e of HOOK_ORDER[span.hook]) {
      if (e.kind === 'confirm') continue;
      if (e.kind === 'conntrack') {
        const i = span.steps.find((k) => hop.steps[k]!.kind === 'conntrack');
        const s = i === undefined ? undefined : hop.steps[i];
        cells.push({
          kind: 'conntrack',
          status: s ? 'visited' : 'absent',
          text: s && s.kind === 'conntrack' ? `${s.state}${s.created ? ' (new entry)' : ''}` : 'not tracked',
          steps: i === undefined ? [] : [i],
        });
        continue;
      }
      const table = e.kind === 'nat' ? 'nat' : e.table;
      if (e.kind === 'table' && table === 'security' && !device.ruleset.has('security')) continue;
      cells.push(tableCell(device, table, hop.steps, span.steps));
    }
    stages.push({ kind: 'hook', hook: span.hook, chain: CHAIN_OF_HOOK[span.hook], cells });
  }
  return { device: hop.device, stages };
}
