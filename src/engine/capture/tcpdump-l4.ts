/**
 * The transport part of a tcpdump line, as tcpdump 4.99 prints it without -v (print-icmp.c,
 * print-tcp.c, print-udp.c), for the protocols natlab puts on the wire.
 */
import { formatIpv4 } from '../addr/ipv4.ts';

/** A view of one IPv4 datagram inside a frame. */
export interface IpView {
  readonly b: Uint8Array;
  readonly v: DataView;
  /** Offset of the IP header and of the transport header. */
  readonly ip: number;
  readonly l4: number;
  /** Transport length (IP total length − IP header length). */
  readonly len: number;
  readonly src: number;
  readonly dst: number;
}

/** tcpdump's per-file memory of TCP connections, for relative sequence numbers (`tcp_seq_hash`). */
export type TcpSeqMemory = Map<string, { seq: number; ack: number }>;

const UNREACH: Record<number, string> = {
  0: 'net %s unreachable',
  1: 'host %s unreachable',
  5: '%s unreachable - source route failed',
  6: 'net %s unreachable - unknown',
  7: 'host %s unreachable - unknown',
  8: '%s unreachable - source host isolated',
  9: 'net %s unreachable - admin prohibited',
  10: 'host %s unreachable - admin prohibited',
  11: 'net %s unreachable - tos prohibited',
  12: 'host %s unreachable - tos prohibited',
  13: 'host %s unreachable - admin prohibited filter',
  14: 'host %s unreachable - host precedence violation',
  15: 'host %s unreachable - precedence cutoff',
};
const REDIRECT: Record<number, string> = {
  0: 'redirect %s to net %s',
  1: 'redirect %s to host %s',
  2: 'redirect-tos %s to net %s',
  3: 'redirect-tos %s to host %s',
};
const OTHER: Record<number, string> = {
  4: 'source quench',
  10: 'router solicitation',
  13: 'time stamp request',
  14: 'time stamp reply',
  15: 'information request',
  16: 'information reply',
  17: 'address mask request',
};

function unreachText(p: IpView, code: number): string {
  const q = p.l4 + 8; // the quoted IP header
  const qdst = formatIpv4(p.v.getUint32(q + 16));
  const qproto = p.b[q + 9]!;
  switch (code) {
    case 2:
      return `${qdst} protocol ${qproto} unreachable`;
    case 3: {
      // the "port" is the 16 bits at offset 2 of whatever the quoted datagram carries
      const dport = p.v.getUint16(q + (p.b[q]! & 15) * 4 + 2);
      if (qproto === 6) return `${qdst} tcp port ${dport} unreachable`;
      if (qproto === 17) return `${qdst} udp port ${dport} unreachable`;
      return `${qdst} protocol ${qproto} port ${dport} unreachable`;
    }
    case 4: {
      const mtu = p.v.getUint16(p.l4 + 6);
      return `${qdst} unreachable - need to frag${mtu ? ` (mtu ${mtu})` : ''}`;
    }
    default:
      return (UNREACH[code] ?? `#${code} %s unreachable`).replace('%s', qdst);
  }
}

export function icmpText(p: IpView): string {
  const type = p.b[p.l4]!;
  const code = p.b[p.l4 + 1]!;
  let s: string;
  switch (type) {
    case 0:
    case 8:
      s = `echo ${type === 8 ? 'request' : 'reply'}, id ${p.v.getUint16(p.l4 + 4)}, seq ${p.v.getUint16(p.l4 + 6)}`;
      break;
    case 3:
      s = unreachText(p, code);
      break;
    case 5:
      s = (REDIRECT[code] ?? `redirect-#${code} %s to %s`)
        .replace('%s', formatIpv4(p.v.getUint32(p.l4 + 8 + 16)))
        .replace('%s', formatIpv4(p.v.getUint32(p.l4 + 4)));
      break;
    case 11:
      s =
        code === 0
          ? 'time exceeded in-transit'
          : code === 1
            ? 'ip reassembly time exceeded'
            : `time exceeded-#${code}`;
      break;
    case 12:
      s = code === 0 ? `parameter problem - octet ${p.b[p.l4 + 4]!}` : `parameter problem - code ${code}`;
      break;
    default:
      s = OTHER[type] ?? `type-#${type}`;
  }
  return `ICMP ${s}, length ${p.len}`;
}

const TCP_FLAGS: readonly [number, string][] = [
  [0x01, 'F'],
  [0x02, 'S'],
  [0x04, 'R'],
  [0x08, 'P'],
  [0x10, '.'],
  [0x20, 'U'],
  [0x40, 'E'],
  [0x80, 'W'],
];

function tcpOptions(p: IpView, end: number): string {
  const out: string[] = [];
  let o = p.l4 + 20;
  while (o < end) {
    const kind = p.b[o]!;
    if (kind === 0 || kind === 1) {
      out.push(kind === 0 ? 'eol' : 'nop');
      o++;
      continue;
    }
    const len = p.b[o + 1]!;
    if (kind === 2) out.push(`mss ${p.v.getUint16(o + 2)}`);
    else if (kind === 3) out.push(`wscale ${p.b[o + 2]!}`);
    else if (kind === 4) out.push('sackOK');
    else if (kind === 8) out.push(`TS val ${p.v.getUint32(o + 2)} ecr ${p.v.getUint32(o + 6)}`);
    else out.push(`opt-${kind}`);
    o += Math.max(len, 2);
  }
  return out.join(',');
}

export function tcpText(p: IpView, mem: TcpSeqMemory): string {
  const sport = p.v.getUint16(p.l4);
  const dport = p.v.getUint16(p.l4 + 2);
  let seq = p.v.getUint32(p.l4 + 4);
  let ack = p.v.getUint32(p.l4 + 8);
  const hlen = (p.b[p.l4 + 12]! >> 4) * 4;
  const flags = p.b[p.l4 + 13]!;
  const win = p.v.getUint16(p.l4 + 14);
  const data = p.len - hlen;
  if (flags & 0x10) {
    // relative numbers from the second ACK-carrying segment of a connection on (print-tcp.c)
    const rev = sport > dport || (sport === dport && p.src > p.dst);
    const key = rev ? `${p.dst}:${p.src}:${dport}:${sport}` : `${p.src}:${p.dst}:${sport}:${dport}`;
    const th = mem.get(key);
    if (!th || flags & 0x02)
      mem.set(key, rev ? { ack: seq, seq: (ack - 1) >>> 0 } : { seq, ack: (ack - 1) >>> 0 });
    else if (rev) [seq, ack] = [(seq - th.ack) >>> 0, (ack - th.seq) >>> 0];
    else [seq, ack] = [(seq - th.seq) >>> 0, (ack - th.ack) >>> 0];
  }
  const names =
    TCP_FLAGS.filter(([bit]) => flags & bit)
      .map(([, c]) => c)
      .join('') || 'none';
  let s = `${formatIpv4(p.src)}.${sport} > ${formatIpv4(p.dst)}.${dport}: Flags [${names}]`;
  if (data > 0) s += `, seq ${seq}:${(seq + data) >>> 0}`;
  else if (flags & 0x07) s += `, seq ${seq}`;
  if (flags & 0x10) s += `, ack ${ack}`;
  s += `, win ${win}`;
  if (flags & 0x20) s += `, urg ${p.v.getUint16(p.l4 + 18)}`;
  if (hlen > 20) s += `, options [${tcpOptions(p, p.l4 + hlen)}]`;
  return `${s}, length ${data}`;
}

/** The generic form; tcpdump decodes well-known ports (53, 123, 7000…) as their protocol instead. */
export function udpText(p: IpView): string {
  const sport = p.v.getUint16(p.l4);
  const dport = p.v.getUint16(p.l4 + 2);
  const ulen = p.v.getUint16(p.l4 + 4);
  return `${formatIpv4(p.src)}.${sport} > ${formatIpv4(p.dst)}.${dport}: UDP, length ${ulen - 8}`;
}
