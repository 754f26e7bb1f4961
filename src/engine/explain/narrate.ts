/**
 * One sentence per trace step, in the kernel's words (hook, chain, fwmark, RPDB, conntrack) and the
 * Veeam ones where they apply: what the event list, the step detail and the CLI say about a step.
 * Concrete: addresses, interfaces, tables, the rule's conditions and the marks it changed.
 */
import { formatCidr, formatIpv4 } from '../addr/ipv4.ts';
import type { Device } from '../model/device.ts';
import { CHAIN_OF_HOOK } from '../model/netfilter.ts';
import type { Hop, Step } from '../sim/steps.ts';
import { dropSentence } from './drop-sentence.ts';
import { narrateRoute } from './narrate-route.ts';
import {
  endpoint,
  flowText,
  hex,
  hostPart,
  packetKind,
  ruleAction,
  ruleConditions,
  sportName,
} from './phrases.ts';
import {
  indexInHop,
  markBefore,
  natRuleStepBefore,
  ruleOfStep,
  type ConntrackStep,
  type NatStep,
  type RuleStep,
  type StepOf,
} from './step-context.ts';

export interface NarrationContext {
  readonly leg: 'request' | 'reply';
  readonly hop: Hop;
  /** The device of the hop (`network.byId.get(hop.device)`), for rule and route details. */
  readonly device: Device | undefined;
  /** The step before this one in the hop, if any. */
  readonly previous?: Step;
}

/**
 * The sentence for one step. It starts with a device id or a kernel name as written (`vlab`,
 * `rp_filter`), never re-cased.
 */
export function narrate(s: Step, ctx: NarrationContext): string {
  const dev = ctx.hop.device;
  switch (s.kind) {
    case 'send':
      return `${dev} ${ctx.leg === 'reply' ? 'answers with' : 'sends'} ${packetKind(s.packet)} ${flowText(s.packet)} (TTL ${s.packet.ttl}${s.packet.mark ? `, fwmark ${hex(s.packet.mark)}` : ''}).`;
    case 'receive':
      return `${dev} receives ${packetKind(s.packet)} ${flowText(s.packet)} on ${s.iface} (from MAC ${s.srcMac}).`;
    case 'hook':
      return `The packet enters ${dev}'s ${CHAIN_OF_HOOK[s.hook]} hook.`;
    case 'conntrack':
      return conntrackSentence(s, dev);
    case 'chain':
      return chainSentence(s, dev);
    case 'rule':
      return ruleSentenceOf(s, ctx);
    case 'policy':
      return s.verdict === 'accept'
        ? `No rule of ${dev}'s ${s.table} ${s.chain} chain decided, so its policy ACCEPT lets the packet through.`
        : `No rule of ${dev}'s ${s.table} ${s.chain} chain accepted the packet, so its policy DROP drops it.`;
    case 'return':
      return `The end of chain ${s.chain} (${s.table}) is reached: the walk returns to the calling chain.`;
    case 'nat':
      return natSentence(s, ctx);
    case 'route':
      return narrateRoute(s, ctx);
    case 'rp_filter':
      return rpFilterSentence(s, ctx);
    case 'forward':
      return `${dev} forwards the packet (it is not for ${dev} and forwarding is on) and decrements the TTL ${s.ttl.from} → ${s.ttl.to}.`;
    case 'redirect':
      return `${dev} also sends an ICMP redirect to ${formatIpv4(s.to)}: the packet goes back out where it came in, so the sender could use ${formatIpv4(s.gateway)} directly.`;
    case 'neighbour':
      return neighbourSentence(s, dev);
    case 'transmit':
      return `${dev} transmits ${flowText(s.packet)} out of ${s.iface} onto segment ${s.segment}, to MAC ${s.dstMac}.`;
    case 'deliver':
      return `The packet is for ${dev}: it is delivered locally, to ${s.to}.`;
    case 'respond':
      return `${dev} answers with ${/^[aeiou]/i.test(s.what) ? 'an' : 'a'} ${s.what}.`;
    case 'icmp-error':
      return s.reject
        ? `The REJECT rule makes ${dev} answer the sender with ${s.reject === 'tcp-reset' ? 'a TCP reset' : `ICMP ${s.type}/${s.code} (${s.reject})`}.`
        : `${dev} answers the sender with an ICMP error ${s.type}/${s.code} (${s.text}).`;
    case 'drop':
      return dropSentence(s, ctx.hop, indexOr(ctx.hop, s));
  }
}

const indexOr = (hop: Hop, s: Step) => {
  const i = indexInHop(hop, s);
  return i < 0 ? hop.steps.length : i;
};

function tupleText(t: string | undefined): string {
  if (!t) return '?';
  const src = /src=(\S+)/.exec(t)?.[1] ?? '?';
  const dst = /dst=(\S+)/.exec(t)?.[1] ?? '?';
  return `${src} → ${dst}`;
}

function conntrackSentence(s: ConntrackStep, dev: string): string {
  if (s.created)
    return `Conntrack on ${dev} sees the first packet of a new connection and creates an entry: original ${tupleText(s.orig)}, reply expected as ${tupleText(s.reply)} (until NAT changes it).`;
  switch (s.state) {
    case 'NEW':
      return `Conntrack on ${dev} finds the connection still NEW (${tupleText(s.orig)}): no reply has been seen yet.`;
    case 'ESTABLISHED':
      return s.dir === 'REPLY'
        ? `Conntrack on ${dev} recognises a reply of a known connection (ESTABLISHED, ${tupleText(s.orig)}): it is de-NATed from the entry, without the nat table.`
        : `Conntrack on ${dev} finds the packet's connection (ESTABLISHED, original direction): it is translated like the first packet, without the nat table.`;
    case 'RELATED':
      return `Conntrack on ${dev} finds this is an ICMP error about a known connection (RELATED, ${tupleText(s.orig)}).`;
    case 'INVALID':
      return `Conntrack on ${dev} finds no connection this packet belongs to: its state is INVALID.`;
    case 'UNTRACKED':
      return `The packet is not tracked on ${dev} (NOTRACK in the raw table): no conntrack entry, no NAT.`;
  }
}

function chainSentence(s: StepOf<'chain'>, dev: string): string {
  const ifs = [s.iif ? `in ${s.iif}` : null, s.oif ? `out ${s.oif}` : null, `mark ${hex(s.packet.mark)}`]
    .filter(Boolean)
    .join(', ');
  const builtin = CHAIN_OF_HOOK[s.hook] === s.chain;
  return builtin
    ? `The packet ${flowText(s.packet)} goes through ${dev}'s ${s.table} ${s.chain} chain (${ifs}).`
    : `The walk enters ${dev}'s ${s.table} user chain ${s.chain} (${ifs}).`;
}

function ruleSentenceOf(s: RuleStep, ctx: NarrationContext): string {
  const head = `${ctx.hop.device}'s ${s.table} ${s.chain} rule ${s.index} matches${ruleConditions(s.text) ? ` (${ruleConditions(s.text)})` : ''}`;
  const action = ruleAction(s.text);
  switch (s.verdict) {
    case 'accept':
      if (s.table === 'nat' && s.target !== 'ACCEPT')
        return `${head}: ${action} decides the translation of this connection.`;
      return s.table === 'nat'
        ? `${head} and leaves the connection untranslated (ACCEPT).`
        : `${head} and accepts the packet (ACCEPT).`;
    case 'drop':
      return s.target === 'DROP'
        ? `${head} and drops the packet (DROP).`
        : `${head}, but ${s.target} cannot translate the packet and it is dropped.`;
    case 'reject':
      return `${head} and rejects the packet (${action}).`;
    case 'jump':
      return `${head} and jumps to chain ${s.target}.`;
    case 'goto':
      return `${head} and continues in chain ${s.target} (goto: no return).`;
    case 'return':
      return `${head} and returns to the calling chain (RETURN).`;
    case 'continue':
      return `${head} and ${continueAction(s, ctx)}.`;
  }
}

function continueAction(s: RuleStep, ctx: NarrationContext): string {
  switch (s.target) {
    case 'MARK': {
      const from = s.mark?.from ?? markBefore(ctx.hop, indexOr(ctx.hop, s));
      const to = s.mark?.to ?? from;
      return from === to ? `sets the mark ${hex(to)} (unchanged)` : `sets the mark ${hex(from)} → ${hex(to)}`;
    }
    case 'CONNMARK': {
      const parts: string[] = [];
      if (s.connmark)
        parts.push(
          `${/--save-mark/.test(s.text) ? 'saves the fwmark into the connection mark' : 'sets the connection mark'} ${hex(s.connmark.from)} → ${hex(s.connmark.to)}`,
        );
      if (s.mark)
        parts.push(`restores the connection mark into the fwmark ${hex(s.mark.from)} → ${hex(s.mark.to)}`);
      return parts.length ? parts.join(' and ') : 'leaves the marks as they were (CONNMARK)';
    }
    case 'LOG':
      return 'logs the packet (LOG); the walk continues';
    case 'NOTRACK':
    case 'CT':
      return 'exempts the packet from conntrack (NOTRACK); the walk continues';
    case 'TRACE':
      return 'marks the packet for tracing (TRACE); the walk continues';
    default:
      return 'counts the packet (the rule has no target); the walk continues';
  }
}

function natSentence(s: NatStep, ctx: NarrationContext): string {
  const dst = s.manip === 'DNAT';
  const what = dst ? 'destination' : 'source';
  const from = endpoint(s.before, dst ? 'dst' : 'src');
  const to = endpoint(s.after, dst ? 'dst' : 'src');
  const change = `the ${what} ${from} → ${to}`;
  const random = s.randomized
    ? ' (the kernel picks this one at random; natlab picks it deterministically)'
    : '';
  switch (s.cause) {
    case 'conntrack':
      return ctx.leg === 'reply'
        ? `Conntrack de-NATs the reply: ${what} ${from} → ${to}.`
        : `Conntrack translates this packet like the first of its connection: ${change}.`;
    case 'related':
      return `Conntrack translates the ICMP error about the connection: ${change}, and the quoted header inside it too.`;
    case 'null-binding':
      return `No nat rule matched, so the connection is not translated, but its tuple clashes with another connection: the ${sportName(s.after)} ${dst ? s.before.dport : s.before.sport} → ${dst ? s.after.dport : s.after.sport}${random}.`;
    case 'rule':
      return `${natRuleSentence(s, ctx, change)}${random}.`;
  }
}

function natRuleSentence(s: NatStep, ctx: NarrationContext, change: string): string {
  const i = indexOr(ctx.hop, s);
  const ruleStep = natRuleStepBefore(ctx.hop, i) ?? (ctx.previous?.kind === 'rule' ? ctx.previous : null);
  const rule = ruleStep ? ruleOfStep(ruleStep, ctx.device) : null;
  const t = rule?.target;
  const dst = s.manip === 'DNAT';
  const addrAfter = dst ? s.after.dst : s.after.src;
  switch (t?.kind) {
    case 'NETMAP':
      return `NETMAP rewrites ${change}: the network part becomes ${formatCidr(t.to)}, the host part ${hostPart(addrAfter, t.to.len)} stays`;
    case 'MASQUERADE': {
      const out =
        ctx.hop.out ?? ctx.device?.ifaces.find((f) => f.addrs.some((a) => a.local === addrAfter))?.name;
      return `MASQUERADE rewrites ${change}, the address of ${out ?? 'the output interface'}, the interface the packet leaves by`;
    }
    case 'SNAT':
      return `SNAT rewrites ${change} (${ruleAction(ruleStep!.text).replace(/^SNAT /, '')})`;
    case 'DNAT':
      return `DNAT rewrites ${change} (${ruleAction(ruleStep!.text).replace(/^DNAT /, '')})`;
    case 'REDIRECT':
      return `REDIRECT sends the packet to ${ctx.hop.device} itself: ${change}`;
    default:
      return `${s.manip} rewrites ${change}`;
  }
}

function rpFilterSentence(s: StepOf<'rp_filter'>, ctx: NarrationContext): string {
  const iface = ctx.hop.in ?? 'the input interface';
  const detail = s.detail.replace(/^(strict|loose): /, '');
  if (s.mode === 0)
    return s.ok
      ? `rp_filter is off (0) on ${iface}, so ${ctx.hop.device} does not check the way back to the source${detail === 'accept_local' ? ' (accept_local is on)' : ''}.`
      : `Even with rp_filter off, ${ctx.hop.device} refuses the source: ${detail}.`;
  const mode = s.mode === 1 ? 'Strict' : 'Loose';
  return `${mode} rp_filter (${s.mode}) on ${iface} ${s.ok ? 'passes' : 'fails'}: ${detail}.`;
}

function neighbourSentence(s: StepOf<'neighbour'>, dev: string): string {
  const nh = formatIpv4(s.nexthop);
  if (s.result === 'cached')
    return `${dev} already knows the MAC of ${nh} on ${s.iface}: ${s.mac ?? '?'} (ARP cache).`;
  if (s.result === 'failed') return `Nobody answers ${dev}'s ARP request for ${nh} on ${s.iface}.`;
  const by = s.answeredBy;
  const why = !by
    ? ''
    : by.why === 'local'
      ? `${by.device} answers from ${by.iface} (its own address)`
      : by.why === 'proxy_arp'
        ? `${by.device} answers from ${by.iface} for it (proxy_arp)`
        : `${by.device} answers from ${by.iface} for it (ip neigh … proxy)`;
  const also = s.alsoAnswered?.length
    ? `; ${s.alsoAnswered.map((a) => a.device).join(', ')} answered too, later (an ARP conflict)`
    : '';
  return `${dev} asks by ARP who has ${nh} on ${s.iface}${why ? `; ${why}` : ''}: ${s.mac ?? '?'}${also}.`;
}
