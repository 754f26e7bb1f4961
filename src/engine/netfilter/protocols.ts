/**
 * IP protocol names as iptables resolves them: `getprotobyname()` / `getprotobynumber()` over Debian's
 * /etc/protocols (netbase 6.4, the file iptables 1.8.9 reads on the reference machine), plus the built-in
 * `xtables_chain_protos[]` table of libxtables/xtables.c that is consulted first.
 */

/** /etc/protocols in file order: name, number, aliases. */
const ETC_PROTOCOLS: readonly (readonly [string, number, (readonly string[])?])[] = [
  ['ip', 0, ['IP']],
  ['hopopt', 0, ['HOPOPT']],
  ['icmp', 1, ['ICMP']],
  ['igmp', 2, ['IGMP']],
  ['ggp', 3, ['GGP']],
  ['ipencap', 4, ['IP-ENCAP']],
  ['st', 5, ['ST']],
  ['tcp', 6, ['TCP']],
  ['egp', 8, ['EGP']],
  ['igp', 9, ['IGP']],
  ['pup', 12, ['PUP']],
  ['udp', 17, ['UDP']],
  ['hmp', 20, ['HMP']],
  ['xns-idp', 22, ['XNS-IDP']],
  ['rdp', 27, ['RDP']],
  ['iso-tp4', 29, ['ISO-TP4']],
  ['dccp', 33, ['DCCP']],
  ['xtp', 36, ['XTP']],
  ['ddp', 37, ['DDP']],
  ['idpr-cmtp', 38, ['IDPR-CMTP']],
  ['ipv6', 41, ['IPv6']],
  ['ipv6-route', 43, ['IPv6-Route']],
  ['ipv6-frag', 44, ['IPv6-Frag']],
  ['idrp', 45, ['IDRP']],
  ['rsvp', 46, ['RSVP']],
  ['gre', 47, ['GRE']],
  ['esp', 50, ['IPSEC-ESP']],
  ['ah', 51, ['IPSEC-AH']],
  ['skip', 57, ['SKIP']],
  ['ipv6-icmp', 58, ['IPv6-ICMP']],
  ['ipv6-nonxt', 59, ['IPv6-NoNxt']],
  ['ipv6-opts', 60, ['IPv6-Opts']],
  ['rspf', 73, ['RSPF', 'CPHB']],
  ['vmtp', 81, ['VMTP']],
  ['eigrp', 88, ['EIGRP']],
  ['ospf', 89, ['OSPFIGP']],
  ['ax.25', 93, ['AX.25']],
  ['ipip', 94, ['IPIP']],
  ['etherip', 97, ['ETHERIP']],
  ['encap', 98, ['ENCAP']],
  ['pim', 103, ['PIM']],
  ['ipcomp', 108, ['IPCOMP']],
  ['vrrp', 112, ['VRRP']],
  ['l2tp', 115, ['L2TP']],
  ['isis', 124, ['ISIS']],
  ['sctp', 132, ['SCTP']],
  ['fc', 133, ['FC']],
  ['mobility-header', 135, ['Mobility-Header']],
  ['udplite', 136, ['UDPLite']],
  ['mpls-in-ip', 137, ['MPLS-in-IP']],
  ['manet', 138],
  ['hip', 139, ['HIP']],
  ['shim6', 140, ['Shim6']],
  ['wesp', 141, ['WESP']],
  ['rohc', 142, ['ROHC']],
  ['ethernet', 143, ['Ethernet']],
  ['mptcp', 262, ['MPTCP']],
];

/** `xtables_chain_protos[]` (libxtables/xtables.c), in its order. */
const CHAIN_PROTOS: readonly (readonly [string, number])[] = [
  ['tcp', 6],
  ['sctp', 132],
  ['udp', 17],
  ['udplite', 136],
  ['icmp', 1],
  ['ipv6-icmp', 58],
  ['icmpv6', 58],
  ['esp', 50],
  ['ah', 51],
  ['mobility-header', 135],
  ['ipv6-mh', 135],
  ['mh', 135],
  ['all', 0],
];

/** `getprotobyname(name)`: primary names and aliases, case-sensitive. */
export function protocolByName(name: string): number | null {
  for (const [n, num, aliases] of ETC_PROTOCOLS) if (n === name || aliases?.includes(name)) return num;
  return null;
}

/**
 * `xtables_parse_protocol()` on the already lower-cased argument: a number 0..255 (C syntax), then the
 * chain_protos table, then /etc/protocols. Null where iptables says `unknown protocol "%s" specified`.
 */
export function parseProtocolName(lower: string, strtoui: (s: string) => number | null): number | null {
  const n = strtoui(lower);
  if (n !== null) return n;
  for (const [name, num] of CHAIN_PROTOS) if (name === lower) return num;
  return protocolByName(lower);
}

/** `proto_to_name(proto, 0)` of iptables/xshared.c: chain_protos first, then `getprotobynumber()`. */
export function protocolName(proto: number): string | null {
  for (const [name, num] of CHAIN_PROTOS) if (num === proto) return name;
  if (proto === 0) return null;
  for (const [name, num] of ETC_PROTOCOLS) if (num === proto) return name;
  return null;
}
