/** ICMP errors the stack generates (`__icmp_send`, net/ipv4/icmp.c) and how they are named. */
import type { Ipv4 } from '../addr/ipv4.ts';
import type { Device } from '../model/device.ts';
import type { RejectWith } from '../model/netfilter.ts';
import { ICMP_DEST_UNREACH, ICMP_TIME_EXCEEDED, IPPROTO_ICMP, isIcmpError } from '../model/packet.ts';
import { SCOPE_VALUE } from '../model/route.ts';
import { inetSelectAddr } from '../routing/select-addr.ts';
import type { PendingError } from './context.ts';
import type { Pkt } from './pkt.ts';

/** ICMP error text as ping(8) prints it. */
export function icmpErrorText(type: number, code: number): string {
  if (type === ICMP_TIME_EXCEEDED)
    return code === 0 ? 'Time to live exceeded' : 'Frag reassembly time exceeded';
  if (type === ICMP_DEST_UNREACH) {
    const t: Record<number, string> = {
      0: 'Destination Net Unreachable',
      1: 'Destination Host Unreachable',
      2: 'Destination Protocol Unreachable',
      3: 'Destination Port Unreachable',
      9: 'Destination Net Prohibited',
      10: 'Destination Host Prohibited',
      13: 'Packet filtered',
    };
    return t[code] ?? `Destination unreachable, code ${code}`;
  }
  if (type === 5) return 'Redirect Host';
  return `ICMP type ${type} code ${code}`;
}

export const REJECT_CODES: Record<Exclude<RejectWith, 'tcp-reset'>, number> = {
  'icmp-net-unreachable': 0,
  'icmp-host-unreachable': 1,
  'icmp-proto-unreachable': 2,
  'icmp-port-unreachable': 3,
  'icmp-net-prohibited': 9,
  'icmp-host-prohibited': 10,
  'icmp-admin-prohibited': 13,
};

/** Whether the kernel sends an error about this packet at all (never about an ICMP error). */
export function mayReplyWithError(p: Pkt): boolean {
  return !(p.proto === IPPROTO_ICMP && isIcmpError(p));
}

/**
 * The error packet, before its route lookup: source = the offending packet's destination when it was
 * addressed to us, else 0 (chosen by the route back) or the inbound interface's address with
 * icmp_errors_use_inbound_ifaddr. TOS = precedence "internetwork control" (0xc0).
 */
export function buildIcmpError(e: PendingError): { pkt: Pkt; src: Ipv4 | 0 } {
  const o = e.offending;
  const dev: Device = e.device;
  let src: Ipv4 | 0 = 0;
  if (e.local) src = o.dst;
  else if (dev.net.icmp_errors_use_inbound_ifaddr && e.inIface) {
    const ifc = dev.ifByName.get(e.inIface);
    if (ifc) src = inetSelectAddr(dev, ifc, o.src, SCOPE_VALUE.link);
  }
  const ref = o.ct;
  const pkt: Pkt = {
    src: (src || 0) as Ipv4,
    dst: o.src,
    proto: IPPROTO_ICMP,
    sport: 0,
    dport: 0,
    icmpType: e.type,
    icmpCode: e.code,
    tcpFlags: 0,
    ttl: dev.net.ip_default_ttl,
    tos: (o.tos & 0x1e) | 0xc0,
    mark: dev.net.fwmark_reflect ? o.mark : 0,
    inner: {
      src: o.src,
      dst: o.dst,
      proto: o.proto,
      sport: o.sport,
      dport: o.dport,
      icmpType: o.icmpType,
      icmpCode: o.icmpCode,
      tcpFlags: o.tcpFlags,
      ttl: o.ttl,
      tos: o.tos,
    },
    // nf_ct_attach: the error belongs to the offending packet's connection, in the other direction
    ct: ref ? { ct: ref.ct, dir: ref.dir === 'ORIGINAL' ? 'REPLY' : 'ORIGINAL', info: 'RELATED' } : null,
    untracked: false,
  };
  return { pkt, src };
}
