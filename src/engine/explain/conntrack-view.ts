/**
 * A conntrack entry as `conntrack -L` shows it — the original tuple and the reply tuple — and what the
 * reply tuple means (semantics doc §2.2): a reply that arrives looking like the reply tuple is
 * rewritten back to the inverse of the original tuple, its destination in nat PREROUTING (undoing the
 * request's SNAT/MASQUERADE) and its source in nat POSTROUTING (undoing its DNAT/NETMAP).
 */
import { formatIpv4, parseIpv4, type Ipv4 } from '../addr/ipv4.ts';
import { invert, tupleOf } from '../conntrack/tuple.ts';
import { IPPROTO_ICMP } from '../model/packet.ts';
import type { Hop } from '../sim/steps.ts';
import type { ConntrackStep, NatStep } from './step-context.ts';

export interface TupleView {
  readonly src: Ipv4;
  readonly dst: Ipv4;
  /** TCP/UDP ports. */
  readonly sport?: number;
  readonly dport?: number;
  readonly icmp?: { readonly type: number; readonly code: number; readonly id: number };
  /** As `conntrack -L` prints it: `src=… dst=… type=8 code=0 id=4242`. */
  readonly text: string;
  /** `192.168.149.22 → 192.168.150.36` (with ports for TCP/UDP). */
  readonly flow: string;
}

export interface DeNat {
  readonly field: 'destination' | 'source' | 'destination port' | 'source port' | 'ICMP id';
  readonly from: string;
  readonly to: string;
  /** The nat hook position where conntrack rewrites it. */
  readonly where: 'PREROUTING' | 'POSTROUTING';
  /** What it undoes in the request. */
  readonly undoes: string;
}

export interface ConntrackView {
  readonly state: ConntrackStep['state'];
  readonly dir: ConntrackStep['dir'];
  readonly created: boolean;
  readonly orig: TupleView;
  /** What a reply looks like on the wire — after NAT changed the entry. */
  readonly reply: TupleView;
  /** The plain inverse of the original tuple, when NAT made the reply tuple differ from it. */
  readonly replyBeforeNat?: TupleView;
  readonly nat: boolean;
  readonly deNat: readonly DeNat[];
  /** "A reply from 192.168.149.36 to 192.168.149.2 is rewritten to 192.168.150.36 → 192.168.149.22." */
  readonly sentence: string;
}

const TUPLE = /src=(\S+) dst=(\S+)(?: sport=(\d+) dport=(\d+)| type=(\d+) code=(\d+) id=(\d+))?/;

function view(src: Ipv4, dst: Ipv4, l4: Pick<TupleView, 'sport' | 'dport' | 'icmp'>): TupleView {
  const a = formatIpv4(src);
  const b = formatIpv4(dst);
  const ports = l4.sport !== undefined && l4.dport !== undefined;
  const text = `src=${a} dst=${b}${
    ports
      ? ` sport=${l4.sport} dport=${l4.dport}`
      : l4.icmp
        ? ` type=${l4.icmp.type} code=${l4.icmp.code} id=${l4.icmp.id}`
        : ''
  }`;
  return { src, dst, ...l4, text, flow: ports ? `${a}:${l4.sport} → ${b}:${l4.dport}` : `${a} → ${b}` };
}

/** A tuple as `conntrack -L` (and the step) prints it; null if it is not one. */
export function parseTupleText(text: string): TupleView | null {
  const m = TUPLE.exec(text);
  if (!m) return null;
  const src = parseIpv4(m[1]!);
  const dst = parseIpv4(m[2]!);
  if (!src.ok || !dst.ok) return null;
  if (m[3] !== undefined) return view(src.value, dst.value, { sport: Number(m[3]), dport: Number(m[4]) });
  if (m[5] !== undefined)
    return view(src.value, dst.value, { icmp: { type: Number(m[5]), code: Number(m[6]), id: Number(m[7]) } });
  return view(src.value, dst.value, {});
}

function tupleViewOf(h: NatStep['after']): TupleView | null {
  const t = invert(tupleOf(h));
  if (!t) return null;
  if (t.proto === IPPROTO_ICMP)
    return view(t.src, t.dst, { icmp: { type: t.dport >> 8, code: t.dport & 0xff, id: t.sport } });
  if (h.proto === 6 || h.proto === 17) return view(t.src, t.dst, { sport: t.sport, dport: t.dport });
  return view(t.src, t.dst, {});
}

/** The reply tuple of an entry without NAT: the original inverted (`nf_ct_invert_tuple`). */
function inverseOf(o: TupleView): TupleView | null {
  if (o.icmp) {
    const t = invert({
      proto: IPPROTO_ICMP,
      src: o.src,
      dst: o.dst,
      sport: o.icmp.id,
      dport: (o.icmp.type << 8) | o.icmp.code,
    });
    return t && view(t.src, t.dst, { icmp: { type: t.dport >> 8, code: t.dport & 0xff, id: t.sport } });
  }
  if (o.sport !== undefined && o.dport !== undefined)
    return view(o.dst, o.src, { sport: o.dport, dport: o.sport });
  return view(o.dst, o.src, {});
}

function deNats(o: TupleView, r: TupleView): DeNat[] {
  const out: DeNat[] = [];
  const snat = 'the source NAT of the request (SNAT, MASQUERADE or NETMAP in POSTROUTING)';
  const dnat = 'the destination NAT of the request (DNAT, NETMAP or REDIRECT in PREROUTING)';
  if (r.dst !== o.src)
    out.push({
      field: 'destination',
      from: formatIpv4(r.dst),
      to: formatIpv4(o.src),
      where: 'PREROUTING',
      undoes: snat,
    });
  if (r.dport !== undefined && r.dport !== o.sport)
    out.push({
      field: 'destination port',
      from: `${r.dport}`,
      to: `${o.sport}`,
      where: 'PREROUTING',
      undoes: snat,
    });
  if (r.icmp && o.icmp && r.icmp.id !== o.icmp.id)
    out.push({
      field: 'ICMP id',
      from: `${r.icmp.id}`,
      to: `${o.icmp.id}`,
      where: 'PREROUTING',
      undoes: snat,
    });
  if (r.src !== o.dst)
    out.push({
      field: 'source',
      from: formatIpv4(r.src),
      to: formatIpv4(o.dst),
      where: 'POSTROUTING',
      undoes: dnat,
    });
  if (r.sport !== undefined && r.sport !== o.dport)
    out.push({
      field: 'source port',
      from: `${r.sport}`,
      to: `${o.dport}`,
      where: 'POSTROUTING',
      undoes: dnat,
    });
  return out;
}

/**
 * The entry a conntrack step shows. `natSteps` are the translations the rules set up for this first
 * packet (the `nat` steps after a created entry, in the same hop); later steps already show the
 * translated reply tuple. Null for INVALID and UNTRACKED packets, which have no entry.
 */
export function conntrackView(step: ConntrackStep, natSteps: readonly NatStep[] = []): ConntrackView | null {
  const orig = step.orig ? parseTupleText(step.orig) : null;
  const shown = step.reply ? parseTupleText(step.reply) : null;
  if (!orig || !shown) return null;
  const last = natSteps.at(-1);
  const reply = (last && tupleViewOf(last.after)) || shown;
  const plain = inverseOf(orig);
  const deNat = deNats(orig, reply);
  const sentence = deNat.length
    ? `A reply from ${formatIpv4(reply.src)} to ${formatIpv4(reply.dst)} is rewritten to ${formatIpv4(orig.dst)} → ${formatIpv4(orig.src)}.`
    : `A reply from ${formatIpv4(reply.src)} to ${formatIpv4(reply.dst)} belongs to this connection and is not rewritten (no NAT).`;
  return {
    state: step.state,
    dir: step.dir,
    created: step.created,
    orig,
    reply,
    ...(plain && plain.text !== reply.text ? { replyBeforeNat: plain } : {}),
    nat: deNat.length > 0,
    deNat,
    sentence,
  };
}

/** The conntrack view of the step at `index` of `hop`, with the translations that follow it in the hop. */
export function conntrackViewInHop(hop: Hop, index: number): ConntrackView | null {
  const s = hop.steps[index];
  if (s?.kind !== 'conntrack') return null;
  const nat = s.created
    ? hop.steps
        .slice(index + 1)
        .filter((x): x is NatStep => x.kind === 'nat' && (x.cause === 'rule' || x.cause === 'null-binding'))
    : [];
  return conntrackView(s, nat);
}
