/**
 * A short title for each step (the event list's row): the kernel's words, a few of them — the
 * narration (src/engine/explain/narrate.ts) says the whole sentence.
 */
import { formatIpv4 } from '../addr/ipv4.ts';
import { CHAIN_OF_HOOK } from '../model/netfilter.ts';
import { tableName } from '../model/route.ts';
import type { Step } from '../sim/steps.ts';

const hex = (n: number) => `0x${n.toString(16)}`;

export function stepTitle(s: Step): string {
  switch (s.kind) {
    case 'send':
      return `send ${formatIpv4(s.packet.src)} → ${formatIpv4(s.packet.dst)} (${s.what})`;
    case 'receive':
      return `receive on ${s.iface}`;
    case 'hook':
      return `${CHAIN_OF_HOOK[s.hook]} hook`;
    case 'conntrack':
      return `conntrack: ${s.state}${s.dir === 'REPLY' ? ' (reply)' : ''}${s.created ? ', new entry' : ''}`;
    case 'chain':
      return `${s.table} ${s.chain}`;
    case 'rule': {
      const change = s.mark
        ? ` mark ${hex(s.mark.from)} → ${hex(s.mark.to)}`
        : s.connmark
          ? ` ctmark ${hex(s.connmark.from)} → ${hex(s.connmark.to)}`
          : '';
      return `rule ${s.index} matches: -j ${s.target}${change}`;
    }
    case 'policy':
      return `policy ${s.verdict.toUpperCase()}`;
    case 'return':
      return `end of ${s.chain}, return`;
    case 'nat': {
      const dst = s.manip === 'DNAT';
      const from = formatIpv4(dst ? s.before.dst : s.before.src);
      const to = formatIpv4(dst ? s.after.dst : s.after.src);
      const by = s.cause === 'conntrack' ? ' (conntrack)' : s.cause === 'null-binding' ? ' (no NAT)' : '';
      return `${s.manip} ${dst ? 'dst' : 'src'} ${from} → ${to}${by}`;
    }
    case 'route': {
      if (!s.route) return `route ${s.purpose}: ${s.result}`;
      const dev = s.route.dev ? ` dev ${s.route.dev}` : '';
      return `route ${s.purpose}: table ${tableName(s.route.table)}${dev} → ${s.result}`;
    }
    case 'rp_filter':
      return `rp_filter ${s.mode}: ${s.ok ? 'pass' : 'FAIL'}`;
    case 'forward':
      return `forward, ttl ${s.ttl.from} → ${s.ttl.to}`;
    case 'redirect':
      return `ICMP redirect: use ${formatIpv4(s.gateway)}`;
    case 'neighbour':
      return `ARP ${formatIpv4(s.nexthop)} on ${s.iface}: ${s.result}`;
    case 'transmit':
      return `transmit ${s.iface} → ${s.segment}`;
    case 'deliver':
      return `deliver to ${s.to}`;
    case 'respond':
      return `answer: ${s.what}`;
    case 'icmp-error':
      return `ICMP error: ${s.text}`;
    case 'drop':
      return `DROP: ${s.reason.replace(/_/g, ' ')}`;
  }
}
