/**
 * One plain-language sentence per iptables rule, in the kernel's vocabulary (hook, fwmark, conntrack,
 * NAT on the first packet of a connection): what the design report prints beside every generated line
 * and what the trace narration reuses. The sentence says what the rule does, never why — the design
 * field that produced the rule says why.
 */
import { formatCidr, formatIpv4 } from '../addr/ipv4.ts';
import type { Cidr } from '../addr/ipv4.ts';
import type { MatchModule, NatRange, Rule, TableName, Target } from '../model/netfilter.ts';

const PROTO: Record<number, string> = { 1: 'ICMP', 6: 'TCP', 17: 'UDP' };

const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;
const not = (inv: boolean) => (inv ? 'not ' : '');

function where(chain: string): string {
  switch (chain) {
    case 'PREROUTING':
      return 'as they arrive, before the routing decision';
    case 'INPUT':
      return 'addressed to this machine';
    case 'FORWARD':
      return 'being forwarded';
    case 'OUTPUT':
      return 'sent by this machine';
    case 'POSTROUTING':
      return 'as they leave, after the routing decision';
    default:
      return `in chain ${chain}`;
  }
}

function prefix(c: Cidr): string {
  return c.len === 32 ? formatIpv4(c.addr) : formatCidr(c);
}

function ports(p: { min: number; max: number }): string {
  return p.min === p.max ? `${p.min}` : `${p.min}-${p.max}`;
}

function markText(value: number, mask: number): string {
  return mask >>> 0 === 0xffffffff ? hex(value) : `${hex(value)}/${hex(mask)}`;
}

function matchText(m: MatchModule): string | null {
  switch (m.module) {
    case 'tcp':
    case 'udp': {
      const parts: string[] = [];
      if (m.dport) parts.push(`${not(m.dport.invert)}to port ${ports(m.dport)}`);
      if (m.sport) parts.push(`${not(m.sport.invert)}from port ${ports(m.sport)}`);
      if (m.module === 'tcp' && m.flags)
        parts.push(
          m.flags.mask === 0x17 && m.flags.comp === 0x02 && !m.flags.invert
            ? 'opening a connection (SYN)'
            : `${not(m.flags.invert)}with TCP flags ${hex(m.flags.comp)} of ${hex(m.flags.mask)}`,
        );
      return parts.length ? parts.join(', ') : null;
    }
    case 'icmp':
      return m.type === 255
        ? null
        : `${not(m.invert)}of ICMP type ${m.type}${m.codeMin === 0 && m.codeMax === 255 ? '' : ` code ${m.codeMin === m.codeMax ? m.codeMin : `${m.codeMin}-${m.codeMax}`}`}`;
    case 'multiport':
      return `${not(m.invert)}${m.dir === 'src' ? 'from' : m.dir === 'dst' ? 'to' : 'from or to'} ports ${m.ports.map(ports).join(', ')}`;
    case 'iprange': {
      const parts: string[] = [];
      if (m.src) parts.push(`${not(m.src.invert)}from ${formatIpv4(m.src.min)}-${formatIpv4(m.src.max)}`);
      if (m.dst) parts.push(`${not(m.dst.invert)}to ${formatIpv4(m.dst.min)}-${formatIpv4(m.dst.max)}`);
      return parts.join(', ');
    }
    case 'mark':
      return `${m.invert ? 'whose fwmark is not' : 'with fwmark'} ${markText(m.value, m.mask)}`;
    case 'connmark':
      return `${m.invert ? 'whose connection mark is not' : 'with connection mark'} ${markText(m.value, m.mask)}`;
    case 'conntrack': {
      const parts: string[] = [];
      if (m.ctstate)
        parts.push(`${m.ctstate.invert ? 'not ' : ''}in conntrack state ${m.ctstate.states.join(' or ')}`);
      if (m.ctstatus) parts.push(`${not(m.ctstatus.invert)}with status ${m.ctstatus.statuses.join(' or ')}`);
      if (m.ctdir)
        parts.push(m.ctdir === 'ORIGINAL' ? 'in the original direction' : 'in the reply direction');
      return parts.join(', ');
    }
    case 'state':
      return `${not(m.invert)}in conntrack state ${m.states.join(' or ')}`;
    case 'comment':
      return null;
  }
}

/** "packets that arrive on eth0 for 192.168.150.0/24" — the rule's conditions. */
export function conditions(r: Rule): string {
  const parts: string[] = [];
  if (r.proto && r.proto.proto !== 0)
    parts.push(`${r.proto.invert ? 'non-' : ''}${PROTO[r.proto.proto] ?? `protocol ${r.proto.proto}`}`);
  const subject = `${parts.length ? `${parts.join(' ')} ` : ''}packets`;
  const basic: string[] = [];
  if (r.iif)
    basic.push(`${r.iif.invert ? 'not arriving' : 'arriving'} on ${r.iif.name}${r.iif.wildcard ? '*' : ''}`);
  if (r.oif)
    basic.push(`${r.oif.invert ? 'not leaving' : 'leaving'} by ${r.oif.name}${r.oif.wildcard ? '*' : ''}`);
  if (r.src) basic.push(`${not(r.src.invert)}from ${prefix(r.src)}`);
  if (r.dst) basic.push(`${not(r.dst.invert)}for ${prefix(r.dst)}`);
  if (r.fragment) basic.push(r.fragment.invert ? 'that are not fragments' : 'that are fragments');
  const cond = basic.length ? [basic.join(' ')] : [];
  for (const m of r.matches) {
    const t = matchText(m);
    if (t) cond.push(t);
  }
  return cond.length ? `${subject} ${cond.join(', ')}` : `all ${subject}`;
}

function natTo(r: NatRange): string {
  const a =
    r.minAddr === undefined
      ? ''
      : r.maxAddr === undefined || r.maxAddr === r.minAddr
        ? formatIpv4(r.minAddr)
        : `${formatIpv4(r.minAddr)}-${formatIpv4(r.maxAddr)}`;
  const p =
    r.minPort === undefined
      ? ''
      : r.maxPort === undefined || r.maxPort === r.minPort
        ? `port ${r.minPort}`
        : `ports ${r.minPort}-${r.maxPort}`;
  return [a, p].filter(Boolean).join(' ');
}

function action(t: Target, table: TableName, chain: string): string {
  const nat = table === 'nat';
  switch (t.kind) {
    case 'none':
      return 'are counted (the rule has no target)';
    case 'ACCEPT':
      return nat ? 'are left untranslated' : 'are accepted';
    case 'DROP':
      return 'are dropped silently';
    case 'REJECT':
      return t.with === 'tcp-reset'
        ? 'are rejected with a TCP reset'
        : `are rejected with ICMP ${t.with.replace(/^icmp-/, '')}`;
    case 'RETURN':
      return 'return to the calling chain';
    case 'jump':
      return `go through chain ${t.chain} (and come back)`;
    case 'goto':
      return `continue in chain ${t.chain} (no return)`;
    case 'MARK':
      return t.mask >>> 0 === 0xffffffff
        ? `get fwmark ${hex(t.value)}`
        : `get fwmark (mark & ~${hex(t.mask)}) ^ ${hex(t.value)}`;
    case 'CONNMARK':
      return t.mode === 'set'
        ? `have their connection marked ${markText(t.value, t.mask)}`
        : t.mode === 'save'
          ? 'have their fwmark saved into the connection mark'
          : 'get the connection mark restored as their fwmark';
    case 'DNAT':
      return `are sent to ${natTo(t.range)} instead (DNAT on the first packet; conntrack translates the rest and the answers back)`;
    case 'SNAT':
      return `get source ${natTo(t.range)} (SNAT on the first packet; conntrack translates the rest and the answers back)`;
    case 'MASQUERADE':
      return 'get the address of the interface they leave by as their source (MASQUERADE; answers are translated back)';
    case 'NETMAP': {
      const what = chain === 'POSTROUTING' || chain === 'INPUT' ? 'source' : 'destination';
      return `have their ${what}'s network part replaced by ${formatCidr(t.to)}, host part kept (NETMAP on the first packet)`;
    }
    case 'REDIRECT':
      return `are redirected to this machine${t.minPort !== undefined ? ` on port ${t.minPort}${t.maxPort !== undefined && t.maxPort !== t.minPort ? `-${t.maxPort}` : ''}` : ''}`;
    case 'LOG':
      return `are logged${t.prefix ? ` with prefix "${t.prefix}"` : ''}`;
    case 'NOTRACK':
      return 'are not tracked by conntrack';
    case 'TRACE':
      return 'are traced (nftrace)';
  }
}

/** The sentence: "mangle PREROUTING: packets arriving on eth0 for 192.168.150.0/24, as they arrive, …". */
export function ruleSentence(table: TableName, chain: string, r: Rule): string {
  const who = conditions(r);
  const first = table === 'nat' ? 'New connections: ' : '';
  const s = `${first}${who}, ${where(chain)}, ${action(r.target, table, chain)}.`;
  return s.charAt(0).toUpperCase() + s.slice(1);
}
