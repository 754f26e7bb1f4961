/**
 * Why a packet died, in plain words, and what is responsible: the iptables rule or policy, the route or
 * `ip rule`, the sysctl, the neighbour, the link. One case per {@link DropReason}.
 */
import { formatIpv4 } from '../addr/ipv4.ts';
import { tableName } from '../model/route.ts';
import type { DropReason, Hop } from '../sim/steps.ts';
import { ruleAction, ruleConditions, shortRoute } from './phrases.ts';
import { stepBefore, type RouteStep, type StepOf } from './step-context.ts';

export type CulpritKind =
  | 'rule'
  | 'policy'
  | 'route'
  | 'ip-rule'
  | 'sysctl'
  | 'neighbour'
  | 'link'
  | 'address'
  | 'conntrack'
  | 'packet'
  | 'natlab';

/** What made the packet die, precise enough to find it in the lab (and, in the UI, to open it). */
export interface DropCulprit {
  readonly kind: CulpritKind;
  /** The device id. */
  readonly device: string;
  /** As the tools print it: `-A FORWARD -i eth1 -j DROP`, a route line, `net.ipv4.conf.eth0.rp_filter = 1`. */
  readonly text: string;
  /** iptables table (rule, policy) or routing table (route). */
  readonly table?: string;
  readonly chain?: string;
  /** 1-based rule position in its chain (rule), or the RPDB preference (ip-rule). */
  readonly index?: number;
  readonly iface?: string;
  /** The sysctl's name (kind `sysctl`). */
  readonly sysctl?: string;
}

export interface DropWords {
  readonly sentence: string;
  readonly culprit: DropCulprit | null;
}

type DropStep = StepOf<'drop'>;

/** The rule or policy that gave the DROP/REJECT verdict: the latest one before the drop. */
function verdictStep(hop: Hop, index: number): StepOf<'rule'> | StepOf<'policy'> | null {
  for (let i = index - 1; i >= 0; i--) {
    const s = hop.steps[i]!;
    if (s.kind === 'rule' && (s.verdict === 'drop' || s.verdict === 'reject')) return s;
    if (s.kind === 'policy' && s.verdict === 'drop') return s;
  }
  return null;
}

function filterWords(reason: DropReason, hop: Hop, index: number): DropWords {
  const dev = hop.device;
  const v = verdictStep(hop, index);
  if (!v) return { sentence: `${dev} drops the packet in netfilter.`, culprit: null };
  if (v.kind === 'policy')
    return {
      sentence: `No rule of ${dev}'s ${v.table} ${v.chain} chain accepted the packet and the chain's policy is DROP: it is dropped.`,
      culprit: { kind: 'policy', device: dev, text: `:${v.chain} DROP`, table: v.table, chain: v.chain },
    };
  const cond = ruleConditions(v.text);
  const which = `${dev}'s ${v.table} ${v.chain} rule ${v.index}${cond ? ` (${cond})` : ''}`;
  const culprit: DropCulprit = {
    kind: 'rule',
    device: dev,
    text: `-A ${v.chain} ${v.text}`,
    table: v.table,
    chain: v.chain,
    index: v.index,
  };
  switch (reason) {
    case 'filter_reject':
      return { sentence: `${which} rejects the packet (${ruleAction(v.text)}).`, culprit };
    case 'invalid_state':
      return {
        sentence: `Conntrack on ${dev} finds no connection the packet belongs to (INVALID) and ${which} drops it: typically a reply reaching a box that never saw the request.`,
        culprit,
      };
    default:
      return { sentence: `${which} drops the packet (-j ${v.target}).`, culprit };
  }
}

const ACTION_RULE = /\b(unreachable|prohibit|blackhole)$/;

function routeWords(reason: DropReason, hop: Hop, index: number): DropWords {
  const dev = hop.device;
  let r: RouteStep | null = null;
  for (let i = index - 1; i >= 0 && !r; i--) {
    const s = hop.steps[i]!;
    if (s.kind === 'route' && s.purpose !== 'rp_filter') r = s;
  }
  const dst = r ? formatIpv4(r.flow.dst) : 'the destination';
  const ruleHit = r?.rules.find((v) => v.outcome === 'error' && ACTION_RULE.test(v.text));
  const effect =
    reason === 'unreachable'
      ? 'answers No route to host (EHOSTUNREACH)'
      : reason === 'prohibit'
        ? 'refuses it: administratively prohibited (EACCES)'
        : reason === 'blackhole'
          ? 'swallows it silently (EINVAL)'
          : 'answers Network is unreachable (ENETUNREACH)';
  if (ruleHit)
    return {
      sentence: `On ${dev}, RPDB rule ${ruleHit.pref} (${ruleHit.text}) ${effect}: the packet to ${dst} is dropped.`,
      culprit: {
        kind: 'ip-rule',
        device: dev,
        text: `${ruleHit.pref}: ${ruleHit.text}`,
        index: ruleHit.pref,
      },
    };
  if (r?.route && reason !== 'no_route')
    return {
      sentence: `On ${dev}, the route ${shortRoute(r.route.text)} in table ${tableName(r.route.table)} ${effect}: the packet to ${dst} is dropped.`,
      culprit: { kind: 'route', device: dev, text: r.route.text, table: tableName(r.route.table) },
    };
  const tried = r?.rules
    .filter((v) => v.outcome !== 'no-match')
    .map((v) => /\blookup (\S+)/.exec(v.text)?.[1]);
  const tables = tried?.filter(Boolean).join(', ');
  return {
    sentence: `${dev} has no route to ${dst}${tables ? ` in any table the RPDB tried (${tables})` : ''}: Network is unreachable (ENETUNREACH), the packet is dropped.`,
    culprit: { kind: 'route', device: dev, text: `no route to ${dst}` },
  };
}

function sysctl(dev: string, name: string, value: number, iface?: string): DropCulprit {
  return {
    kind: 'sysctl',
    device: dev,
    text: `${name} = ${value}`,
    sysctl: name,
    ...(iface ? { iface } : {}),
  };
}

/** The sentence and culprit of the drop step at `index` of `hop`. */
export function explainDropStep(step: DropStep, hop: Hop, index: number): DropWords {
  const dev = hop.device;
  const d = step.detail;
  const plain = (sentence: string, culprit: DropCulprit | null = null): DropWords => ({ sentence, culprit });
  switch (step.reason) {
    case 'filter_drop':
    case 'filter_reject':
    case 'invalid_state':
      return filterWords(step.reason, hop, index);
    case 'no_route':
    case 'unreachable':
    case 'prohibit':
    case 'blackhole':
      return routeWords(step.reason, hop, index);
    case 'forwarding_disabled': {
      const iface = hop.in ?? '?';
      const name = `net.ipv4.conf.${iface}.forwarding`;
      const r = stepBefore(hop, index, 'route');
      return plain(
        `${r ? formatIpv4(r.flow.dst) : 'The destination'} is not an address of ${dev}, and forwarding is off on ${iface} (${name} = 0, see net.ipv4.ip_forward): ${dev} drops the packet instead of routing it.`,
        sysctl(dev, name, 0, iface),
      );
    }
    case 'rp_filter': {
      const rp = stepBefore(hop, index, 'rp_filter');
      const iface = hop.in ?? '?';
      const name = `net.ipv4.conf.${iface}.rp_filter`;
      const mode = rp?.mode ?? 1;
      // The kernel uses the larger of conf.all and conf.IFACE (IN_DEV_RPFILTER; semantics §6): the
      // step records that effective mode, not which of the two set it.
      return plain(
        `The reverse-path filter on ${dev} (rp_filter ${mode} on ${iface}, ${mode === 1 ? 'strict' : 'loose'}: the larger of net.ipv4.conf.all.rp_filter and ${name}) drops the packet: ${(rp?.detail ?? d).replace(/^(strict|loose): /, '')}.`,
        {
          kind: 'sysctl',
          device: dev,
          text: `max(net.ipv4.conf.all.rp_filter, ${name}) = ${mode}`,
          sysctl: name,
          iface,
        },
      );
    }
    case 'martian_source':
      return plain(`${dev} drops the packet as a martian source (${d}).`, {
        kind: 'address',
        device: dev,
        text: d,
      });
    case 'martian_destination':
      return plain(`${dev} drops the packet as a martian destination (${d}).`, {
        kind: 'address',
        device: dev,
        text: d,
      });
    case 'ttl_exceeded': {
      const icmp = hop.steps.slice(0, index).some((s) => s.kind === 'icmp-error');
      return plain(
        `The TTL runs out at ${dev} (${d}): the packet is dropped${icmp ? ' and an ICMP time exceeded goes back to the sender' : ''}.`,
        { kind: 'packet', device: dev, text: d },
      );
    }
    case 'neighbour_unreachable': {
      const n = stepBefore(hop, index, 'neighbour');
      const nh = n ? formatIpv4(n.nexthop) : '?';
      const icmp = hop.steps.slice(0, index).some((s) => s.kind === 'icmp-error');
      return plain(
        `Nobody answers ${dev}'s ARP request for ${nh}${n ? ` on ${n.iface}` : ''}: the packet is dropped${icmp ? ' and the sender gets ICMP host unreachable' : ''}.`,
        {
          kind: 'neighbour',
          device: dev,
          text: `${nh}${n ? ` dev ${n.iface}` : ''}`,
          ...(n ? { iface: n.iface } : {}),
        },
      );
    }
    case 'no_link': {
      const iface = /^(\S+) is not plugged/.exec(d)?.[1];
      return plain(`${d}: ${dev} cannot send the packet anywhere.`, {
        kind: 'link',
        device: dev,
        text: d,
        ...(iface ? { iface } : {}),
      });
    }
    case 'masquerade_no_address': {
      const v = verdictStep(hop, index);
      const iface = /^(\S+) has no/.exec(d)?.[1];
      return plain(
        `MASQUERADE on ${dev} finds no IPv4 address on ${iface ?? 'the output interface'} to use as the source ("${iface ?? '?'} ate my IP address"): the packet is dropped.`,
        v?.kind === 'rule'
          ? {
              kind: 'rule',
              device: dev,
              text: `-A ${v.chain} ${v.text}`,
              table: v.table,
              chain: v.chain,
              index: v.index,
            }
          : { kind: 'address', device: dev, text: d },
      );
    }
    case 'conntrack_clash':
      return plain(
        `At conntrack confirm on ${dev}, another connection already uses this connection's tuple: the packet is dropped (${d}).`,
        { kind: 'conntrack', device: dev, text: d },
      );
    case 'echo_ignored':
      return plain(
        `${dev} ignores echo requests (net.ipv4.icmp_echo_ignore_all = 1): the request arrives but is never answered.`,
        sysctl(dev, 'net.ipv4.icmp_echo_ignore_all', 1),
      );
    case 'broadcast_refused': {
      const r = stepBefore(hop, index, 'route');
      const dst = r ? formatIpv4(r.flow.dst) : 'the destination';
      return plain(
        `${dst} is a broadcast address on ${dev} and the socket has no SO_BROADCAST: the call fails (${d.replace(/ \(.*\)$/, '')}) and nothing is sent.`,
        r?.route
          ? { kind: 'route', device: dev, text: r.route.text, table: tableName(r.route.table) }
          : { kind: 'address', device: dev, text: d },
      );
    }
    case 'unsupported':
      return plain(`natlab does not model this packet on ${dev}: ${d}.`, {
        kind: 'natlab',
        device: dev,
        text: d,
      });
    case 'loop':
      return plain(
        `The simulator stopped at ${dev}: ${d} (a safety net; the kernel would have expired the TTL).`,
        { kind: 'natlab', device: dev, text: d },
      );
  }
}

/** The narration of a drop step. */
export function dropSentence(step: DropStep, hop: Hop, index: number): string {
  return explainDropStep(step, hop, index).sentence;
}
