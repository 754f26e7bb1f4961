/**
 * The text form of a trace: one line per routing decision, chain visit, rule hit and NAT rewrite, in
 * the order the kernel takes them (compare `nft monitor trace` and the HOPS table of
 * shared/kernel-lab/kernel-trace-demo.sh), then the verdict of each leg.
 */
import { formatIpv4 } from '../engine/addr/ipv4.ts';
import { IPPROTO_ICMP, IPPROTO_TCP, PROTO_NAMES, type Packet } from '../engine/model/packet.ts';
import { tableName } from '../engine/model/route.ts';
import { tcpFlags } from '../engine/sim/json.ts';
import type { Hop, Leg, Seen, Step, TraceResult } from '../engine/sim/steps.ts';

const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;
const ip = formatIpv4;

const ICMP_NAMES: Record<number, string> = {
  0: 'echo-reply',
  3: 'destination-unreachable',
  5: 'redirect',
  8: 'echo-request',
  11: 'time-exceeded',
};

export function packetText(p: Packet | Seen, withMark = true): string {
  const proto = PROTO_NAMES.get(p.proto) ?? String(p.proto);
  let l4 = '';
  if (p.proto === IPPROTO_ICMP) {
    const t = p.icmpType ?? 0;
    l4 = ` ${ICMP_NAMES[t] ?? `type ${t}`}${t === 3 || t === 11 ? ` code ${p.icmpCode}` : ''}${t === 0 || t === 8 ? ` id ${p.sport}` : ''}`;
  } else if (p.sport !== undefined) {
    l4 = ` ${p.sport} > ${p.dport}${p.proto === IPPROTO_TCP && 'tcpFlags' in p ? ` [${tcpFlags(p.tcpFlags)}]` : ''}`;
  }
  const mark = withMark && 'mark' in p ? ` mark ${hex(p.mark)}` : '';
  return `${ip(p.src)} > ${ip(p.dst)} ${proto}${l4} ttl ${p.ttl}${mark}`;
}

function stepLines(s: Step): string[] {
  switch (s.kind) {
    case 'send':
      return [`send        ${packetText(s.packet)}`];
    case 'receive':
      return [`receive     ${s.iface} from ${s.srcMac}  ${packetText(s.packet)}`];
    case 'hook':
      return [];
    case 'conntrack':
      return [
        `conntrack   ${s.hook} ${s.state.toLowerCase()}${s.dir ? ` ${s.dir.toLowerCase()}` : ''}${s.created ? ' (new entry)' : ''}${s.orig ? `  ${s.orig}  ${s.reply}` : ''}`,
      ];
    case 'chain':
      return [`chain       ${s.hook} ${s.table} ${s.chain}  ${packetText(s.packet)}`];
    case 'rule': {
      const extra = s.mark
        ? `  mark ${hex(s.mark.from)} → ${hex(s.mark.to)}`
        : s.connmark
          ? `  ctmark ${hex(s.connmark.from)} → ${hex(s.connmark.to)}`
          : '';
      return [
        `  rule ${String(s.index).padEnd(4)} ${s.text || '(no target)'}  => ${s.verdict}${s.verdict === 'jump' || s.verdict === 'goto' ? ` ${s.target}` : ''}${extra}`,
      ];
    }
    case 'policy':
      return [`  policy    ${s.verdict}`];
    case 'return':
      return [`  return    (end of ${s.chain})`];
    case 'nat': {
      const b = s.before;
      const a = s.after;
      const what =
        s.manip === 'DNAT'
          ? `${ip(b.dst)}${b.proto !== IPPROTO_ICMP ? `:${b.dport}` : ''} → ${ip(a.dst)}${a.proto !== IPPROTO_ICMP ? `:${a.dport}` : ''}`
          : `${ip(b.src)}${b.proto !== IPPROTO_ICMP ? `:${b.sport}` : ''} → ${ip(a.src)}${a.proto !== IPPROTO_ICMP ? `:${a.sport}` : ''}`;
      const id = b.proto === IPPROTO_ICMP && b.sport !== a.sport ? ` (id ${b.sport} → ${a.sport})` : '';
      return [
        `nat         ${s.hook} ${s.manip} ${what}${id}  [${s.cause}${s.randomized ? ', port/id picked at random by the kernel' : ''}]`,
      ];
    }
    case 'route': {
      const f = s.flow;
      const q = `${ip(f.dst)}${f.src ? ` from ${ip(f.src)}` : ''}${s.purpose === 'output' || s.purpose === 'reroute' ? '' : ` iif ${f.iif}`}${f.oif ? ` oif ${f.oif}` : ''}${f.mark ? ` mark ${hex(f.mark)}` : ''}`;
      const rules = s.rules
        .filter((r) => r.outcome !== 'no-match')
        .map((r) => `${r.pref}:${r.outcome}`)
        .join(' ');
      const route = s.route
        ? `${s.route.text}${s.route.table !== 254 ? ` (table ${tableName(s.route.table)})` : ''}`
        : 'no route';
      const src = s.src !== undefined ? `, src ${ip(s.src)}` : '';
      return [
        `route       ${s.purpose.padEnd(8)} ${q}  [rules ${rules || 'none matched'}]  → ${route}${src} => ${s.result}`,
      ];
    }
    case 'rp_filter':
      return [
        `rp_filter   ${s.mode} (${['off', 'strict', 'loose'][s.mode] ?? s.mode}): ${s.ok ? 'pass' : 'FAIL'} — ${s.detail}`,
      ];
    case 'forward':
      return [`forward     ttl ${s.ttl.from} → ${s.ttl.to}`];
    case 'redirect':
      return [`redirect    ICMP redirect to ${ip(s.to)}: use ${ip(s.gateway)}`];
    case 'neighbour': {
      const who = s.answeredBy
        ? ` (${s.answeredBy.device} ${s.answeredBy.iface}, ${s.answeredBy.why === 'local' ? 'own address' : s.answeredBy.why})`
        : '';
      const also = s.alsoAnswered?.length
        ? `; also answered (ignored): ${s.alsoAnswered.map((x) => `${x.device} ${x.iface}`).join(', ')}`
        : '';
      const silent = s.silent?.length
        ? `; silent: ${s.silent.map((x) => `${x.device} (${x.why})`).join(', ')}`
        : '';
      return [
        `arp         ${s.iface} ${ip(s.nexthop)}: ${s.result}${s.mac ? ` ${s.mac}` : ''}${who}${also}${silent}`,
      ];
    }
    case 'transmit':
      return [`transmit    ${s.iface} → ${s.segment} to ${s.dstMac}`];
    case 'deliver':
      return [`deliver     ${s.to}`];
    case 'respond':
      return [`respond     ${s.what}`];
    case 'icmp-error':
      return [`icmp-error  type ${s.type} code ${s.code}: ${s.text}`];
    case 'drop':
      return [`DROP        ${s.reason}: ${s.detail}`];
  }
}

function hopLines(h: Hop, width: number): string[] {
  const out: string[] = [];
  for (const s of h.steps) for (const l of stepLines(s)) out.push(`  ${h.device.padEnd(width)}  ${l}`);
  return out;
}

function legLines(title: string, l: Leg): string[] {
  const width = Math.max(...l.hops.map((h) => h.device.length));
  const lines = [`${title}: ${l.from} → ${ip(l.packet.dst)}  ${l.what}`];
  for (const h of l.hops) lines.push(...hopLines(h, width));
  const seen = l.seen ? packetText(l.seen, false) : '?';
  const sock = l.socket ? packetText(l.socket, false) : seen;
  const end = l.delivered
    ? `  => delivered to ${l.receiver}, seen as ${seen}${sock !== seen ? `; its socket gets ${sock}` : ''}`
    : `  => dropped at ${l.drop?.device}: ${l.drop?.reason} (${l.drop?.detail})`;
  lines.push(end);
  return lines;
}

export function formatTraceText(t: TraceResult): string {
  const lines = legLines('request', t.request);
  if (t.reply) lines.push('', ...legLines('reply', t.reply));
  lines.push('', `${t.outcome}: ${t.summary}`);
  return lines.join('\n') + '\n';
}
