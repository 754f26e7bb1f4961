/**
 * Multiple-choice options, taken from the device's own configuration (never from the trace's answer):
 * the tables its RPDB can reach, the rules of the chain, its interfaces; for verdicts, every drop reason.
 */
import type { Device } from '../model/device.ts';
import { tableName } from '../model/route.ts';
import { ruleText } from '../netfilter/walk.ts';
import { DROP_REASONS, type DropReason, type Step } from '../sim/steps.ts';
import type { Located } from './locate.ts';
import type { Choice, QuestionKind } from './question.ts';

/** A drop reason in a few words, for the verdict's choices. */
export const DROP_TEXT: Record<DropReason, string> = {
  no_route: 'no route',
  unreachable: 'unreachable route',
  prohibit: 'prohibit route or rule',
  blackhole: 'blackhole route or rule',
  forwarding_disabled: 'forwarding disabled',
  filter_drop: 'a DROP rule or policy',
  filter_reject: 'a REJECT rule',
  invalid_state: 'conntrack state INVALID',
  rp_filter: 'reverse-path filter (rp_filter)',
  martian_source: 'martian source',
  martian_destination: 'martian destination',
  ttl_exceeded: 'TTL exceeded',
  neighbour_unreachable: 'no ARP answer for the next hop',
  no_link: 'interface not plugged in',
  masquerade_no_address: 'MASQUERADE found no address',
  conntrack_clash: 'conntrack tuple clash',
  echo_ignored: 'echo ignored (icmp_echo_ignore_all)',
  broadcast_refused: 'broadcast address refused by the socket',
  unsupported: 'something natlab does not model',
  loop: 'routing loop (hop limit)',
};

export const DELIVERED = 'delivered';
export const dropValue = (r: DropReason) => `dropped: ${r}`;

function tableChoices(dev: Device, answerTable: number | undefined): Choice[] {
  const ids: number[] = [];
  for (const r of dev.rules)
    if (r.action === 'lookup' && r.table !== undefined && !ids.includes(r.table)) ids.push(r.table);
  if (answerTable !== undefined && !ids.includes(answerTable)) ids.push(answerTable);
  return ids.map((id) => {
    const name = tableName(id);
    return { value: name, label: name === String(id) ? `table ${id}` : `${name} (${id})` };
  });
}

function ruleChoices(dev: Device, s: Extract<Step, { kind: 'chain' }>): Choice[] {
  const chain = dev.ruleset.get(s.table)?.chains.get(s.chain);
  if (!chain) return [];
  const out: Choice[] = chain.rules.map((r, i) => ({
    value: String(i + 1),
    label: `${i + 1}: ${ruleText(r)}`,
  }));
  out.push(
    chain.policy !== null
      ? { value: 'policy', label: `none: the policy ${chain.policy} decides` }
      : { value: 'return', label: 'none: back to the calling chain' },
  );
  return out;
}

export function optionsOf(
  kind: QuestionKind,
  at: Located,
  dev: Device | undefined,
): readonly Choice[] | undefined {
  const s = at.step;
  switch (kind) {
    case 'route-table':
      return dev && s.kind === 'route' ? tableChoices(dev, s.route?.table) : undefined;
    case 'out-interface':
      return dev
        ? dev.ifaces.filter((i) => !i.loopback).map((i) => ({ value: i.name, label: i.name }))
        : undefined;
    case 'rule-match':
      return dev && s.kind === 'chain' ? ruleChoices(dev, s) : undefined;
    case 'verdict':
      return [
        { value: DELIVERED, label: 'delivered' },
        ...DROP_REASONS.map((r) => ({ value: dropValue(r), label: `dropped: ${DROP_TEXT[r]}` })),
      ];
    case 'nat-address':
    case 'mark':
      return undefined;
  }
}
