/**
 * The generated wording of each question, in the kernel's and Veeam's vocabulary. A prompt says where
 * the packet is and what to predict; it never contains the answer (only what the learner has already
 * seen: the rule that fires, the lookup's keys).
 */
import { formatIpv4 } from '../addr/ipv4.ts';
import { CHAIN_OF_HOOK } from '../model/netfilter.ts';
import type { FlowView, Hop, Step } from '../sim/steps.ts';
import type { Located } from './locate.ts';
import type { QuestionKind } from './question.ts';

type NatStep = Extract<Step, { kind: 'nat' }>;
type RouteStep = Extract<Step, { kind: 'route' }>;
type RuleStep = Extract<Step, { kind: 'rule' }>;

const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;

/** The NAT target that set a binding: the rule step just before a `nat` step caused by a rule. */
export function natRuleOf(hop: Hop, stepIndex: number): RuleStep | undefined {
  for (let i = stepIndex - 1; i >= 0; i--) {
    const s = hop.steps[i]!;
    if (s.kind === 'rule' && s.table === 'nat') return s;
    if (s.kind === 'nat' || s.kind === 'hook') return undefined;
  }
  return undefined;
}

/** Which header field a NAT step rewrites. */
export const natField = (s: NatStep): 'destination' | 'source' =>
  s.manip === 'DNAT' ? 'destination' : 'source';

function natPrompt(at: Located, s: NatStep): string {
  const dev = at.hop.device;
  const chain = CHAIN_OF_HOOK[s.hook];
  const field = natField(s);
  switch (s.cause) {
    case 'rule': {
      const rule = natRuleOf(at.hop, at.ref.step);
      return `${dev} nat ${chain}: what is the ${field} after ${rule?.target ?? s.manip}?`;
    }
    case 'conntrack':
      return `${dev} ${chain}: conntrack applies this connection's NAT binding. What is the ${field} now?`;
    case 'null-binding':
      return `${dev} nat ${chain}: no NAT rule matched (a null binding). What is the ${field} now?`;
    case 'related':
      return `${dev} ${chain}: conntrack translates the ICMP error for its connection. What is the ${field} now?`;
  }
}

const PURPOSE: Record<RouteStep['purpose'], string> = {
  input: 'input',
  connect: 'connect()',
  output: 'output',
  reroute: 're-route after OUTPUT',
  rp_filter: 'reverse-path check',
};

/** The lookup's keys as `ip route get` takes them: `192.168.149.36 from 192.168.149.22 iif eth0 mark 0x6`. */
export function flowText(f: FlowView, purpose: RouteStep['purpose']): string {
  const parts = [formatIpv4(f.dst)];
  if (f.src !== 0) parts.push(`from ${formatIpv4(f.src)}`);
  if (purpose === 'input' || purpose === 'rp_filter') parts.push(`iif ${f.iif}`);
  if (f.oif) parts.push(`oif ${f.oif}`);
  if (f.mark) parts.push(`mark ${hex(f.mark)}`);
  return parts.join(' ');
}

function routePrompt(at: Located, s: RouteStep, ask: string): string {
  return `${at.hop.device} route lookup (${PURPOSE[s.purpose]}) for ${flowText(s.flow, s.purpose)}: ${ask}`;
}

function verdictPrompt(at: Located): string {
  const leg = at.leg;
  return `The ${leg.what} from ${leg.from} to ${formatIpv4(leg.packet.dst)}: is it delivered, or dropped (and why)?`;
}

/** The generated prompt of a question of `kind` at a step it fits. */
export function promptOf(kind: QuestionKind, at: Located): string {
  const s = at.step;
  const dev = at.hop.device;
  switch (kind) {
    case 'nat-address':
      return s.kind === 'nat' ? natPrompt(at, s) : '';
    case 'route-table':
      return s.kind === 'route' ? routePrompt(at, s, 'which routing table does the RPDB pick?') : '';
    case 'out-interface':
      return s.kind === 'route' ? routePrompt(at, s, 'which interface does the packet leave on?') : '';
    case 'rule-match':
      return s.kind === 'chain' ? `${dev} ${s.table} ${s.chain}: which rule matches first?` : '';
    case 'mark':
      return s.kind === 'rule' && s.mark
        ? `${dev} ${s.table} ${s.chain} rule ${s.index} (${s.text}): the mark is ${hex(s.mark.from)}. What is it after this rule?`
        : '';
    case 'verdict':
      return verdictPrompt(at);
  }
}
