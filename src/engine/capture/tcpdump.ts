/**
 * The lines `tcpdump -n -r FILE` (or `tcpdump -n -e -r FILE` with `ether`) prints for the frames of a
 * capture, computed from the frames' bytes, so the browser needs no tcpdump. Times are printed in UTC
 * (run tcpdump with TZ=UTC to compare). The subset is what natlab puts on the wire: Ethernet II,
 * IPv4 without options, ICMP, TCP, UDP.
 */
import { formatIpv4 } from '../addr/ipv4.ts';
import { ETH_HEADER } from './encode.ts';
import type { PcapRecord } from './pcap.ts';
import { icmpText, tcpText, udpText, type IpView, type TcpSeqMemory } from './tcpdump-l4.ts';

export interface TcpdumpOptions {
  /** `-e`: print the link-level header (MAC addresses, ethertype, frame length). */
  readonly ether?: boolean;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `HH:MM:SS.uuuuuu` of a time in microseconds since the epoch, in UTC. */
export function tcpdumpTime(us: number): string {
  const sec = Math.floor(us / 1e6);
  const day = sec % 86400;
  return `${pad(Math.floor(day / 3600))}:${pad(Math.floor(day / 60) % 60)}:${pad(day % 60)}.${pad(us % 1e6, 6)}`;
}

const mac = (b: Uint8Array, o: number) =>
  Array.from(b.subarray(o, o + 6), (x) => x.toString(16).padStart(2, '0')).join(':');

function ipText(b: Uint8Array, mem: TcpSeqMemory): string {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const ip = ETH_HEADER;
  const hl = (b[ip]! & 15) * 4;
  const p: IpView = {
    b,
    v,
    ip,
    l4: ip + hl,
    len: v.getUint16(ip + 2) - hl,
    src: v.getUint32(ip + 12),
    dst: v.getUint32(ip + 16),
  };
  const addrs = `${formatIpv4(p.src)} > ${formatIpv4(p.dst)}`;
  switch (b[ip + 9]) {
    case 1:
      return `${addrs}: ${icmpText(p)}`;
    case 6:
      return tcpText(p, mem);
    case 17:
      return udpText(p);
    default:
      return `${addrs}: ip-proto-${b[ip + 9]!} ${p.len}`;
  }
}

/** One line per record, as tcpdump prints them when it reads the file (one call = one file). */
export function tcpdumpLines(records: readonly PcapRecord[], opts: TcpdumpOptions = {}): string[] {
  const mem: TcpSeqMemory = new Map();
  return records.map((r) => {
    const ip = ipText(r.bytes, mem);
    const link = opts.ether
      ? `${mac(r.bytes, 6)} > ${mac(r.bytes, 0)}, ethertype IPv4 (0x0800), length ${r.bytes.length}: `
      : 'IP ';
    return `${tcpdumpTime(r.time)} ${link}${ip}`;
  });
}
