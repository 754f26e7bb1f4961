/**
 * Name tables iproute2 prints through: IP protocol names (`inet_proto_n2a()`, via getprotobynumber()
 * and Debian's /etc/protocols from netbase) and table names (`rtnl_rttable_a2n()`, rt_tables).
 */
import { TABLE_DEFAULT, TABLE_LOCAL, TABLE_MAIN, TABLE_UNSPEC } from '../model/route.ts';

/** /etc/protocols (netbase 6.4, Debian 12): the first name of each number. */
// prettier-ignore
const PROTOCOLS: ReadonlyMap<number, string> = new Map([
  [0, 'ip'], [1, 'icmp'], [2, 'igmp'], [3, 'ggp'], [4, 'ipencap'], [5, 'st'], [6, 'tcp'], [8, 'egp'],
  [9, 'igp'], [12, 'pup'], [17, 'udp'], [20, 'hmp'], [22, 'xns-idp'], [27, 'rdp'], [29, 'iso-tp4'],
  [33, 'dccp'], [36, 'xtp'], [37, 'ddp'], [38, 'idpr-cmtp'], [41, 'ipv6'], [43, 'ipv6-route'],
  [44, 'ipv6-frag'], [45, 'idrp'], [46, 'rsvp'], [47, 'gre'], [50, 'esp'], [51, 'ah'], [57, 'skip'],
  [58, 'ipv6-icmp'], [59, 'ipv6-nonxt'], [60, 'ipv6-opts'], [73, 'rspf'], [81, 'vmtp'], [88, 'eigrp'],
  [89, 'ospf'], [93, 'ax.25'], [94, 'ipip'], [97, 'etherip'], [98, 'encap'], [103, 'pim'], [108, 'ipcomp'],
  [112, 'vrrp'], [115, 'l2tp'], [124, 'isis'], [132, 'sctp'], [133, 'fc'], [135, 'mobility-header'],
  [136, 'udplite'], [137, 'mpls-in-ip'], [138, 'manet'], [139, 'hip'], [140, 'shim6'], [141, 'wesp'],
  [142, 'rohc'], [143, 'ethernet'],
]);

/** `inet_proto_n2a()`: the protocol's name, or `ipproto-N`. */
export function protoName(n: number): string {
  return PROTOCOLS.get(n) ?? `ipproto-${n}`;
}

const TABLE_IDS: ReadonlyMap<string, number> = new Map([
  ['local', TABLE_LOCAL],
  ['main', TABLE_MAIN],
  ['default', TABLE_DEFAULT],
  ['unspec', TABLE_UNSPEC],
]);

/**
 * C's `strtoul(s, &end, 0)` accepting the whole string: `0x` hexadecimal, a leading `0` octal, else
 * decimal; null when something is left over or the value exceeds 32 bits (`get_unsigned()`).
 */
export function parseUnsigned(s: string): number | null {
  const m = /^\s*\+?(?:(0[xX][0-9a-fA-F]+)|(0[0-7]*)|([1-9][0-9]*))$/.exec(s);
  if (!m) return null;
  const v =
    m[1] !== undefined ? parseInt(m[1].slice(2), 16) : m[2] !== undefined ? parseInt(m[2], 8) : Number(m[3]);
  return v <= 0xffffffff ? v : null;
}

/** `rtnl_rttable_a2n()`: a table name from rt_tables or a number up to 2^32-1. */
export function parseTableId(s: string): number | null {
  return TABLE_IDS.get(s) ?? parseUnsigned(s);
}
