/** Which `-m` / `-j` names natlab parses, and which other ones iptables 1.8.9 (IPv4) knows. */
import { CONNTRACK_EXT, STATE_EXT } from './ext-conntrack.ts';
import {
  COMMENT_EXT,
  CONNMARK_MATCH_EXT,
  ICMP_EXT,
  IPRANGE_EXT,
  MARK_MATCH_EXT,
  MULTIPORT_EXT,
} from './ext-matches.ts';
import { DNAT_EXT, MASQUERADE_EXT, NETMAP_EXT, REDIRECT_EXT, SNAT_EXT } from './ext-nat.ts';
import { TCP_EXT, UDP_EXT } from './ext-tcpudp.ts';
import {
  CONNMARK_EXT,
  CT_EXT,
  LOG_EXT,
  MARK_EXT,
  NOTRACK_EXT,
  REJECT_EXT,
  STANDARD_EXT,
  TRACE_EXT,
} from './ext-targets.ts';
import type { ExtDef } from './xt-ext.ts';

export type AnyExt = ExtDef<unknown>;

export const MATCH_EXTS: ReadonlyMap<string, AnyExt> = new Map<string, AnyExt>(
  [
    TCP_EXT,
    UDP_EXT,
    ICMP_EXT,
    MULTIPORT_EXT,
    IPRANGE_EXT,
    MARK_MATCH_EXT,
    CONNMARK_MATCH_EXT,
    CONNTRACK_EXT,
    STATE_EXT,
    COMMENT_EXT,
  ].map((e) => [e.name, e as AnyExt]),
);

export const TARGET_EXTS: ReadonlyMap<string, AnyExt> = new Map<string, AnyExt>(
  [
    REJECT_EXT,
    MARK_EXT,
    CONNMARK_EXT,
    LOG_EXT,
    CT_EXT,
    NOTRACK_EXT,
    TRACE_EXT,
    DNAT_EXT,
    SNAT_EXT,
    MASQUERADE_EXT,
    REDIRECT_EXT,
    NETMAP_EXT,
  ].map((e) => [e.name, e as AnyExt]),
);

export { STANDARD_EXT };

/** `xtables_find_target()` maps these (and "") to libxt_standard. */
export const STANDARD_VERDICTS: ReadonlySet<string> = new Set(['ACCEPT', 'DROP', 'QUEUE', 'RETURN']);

/** IPv4 match extensions shipped with iptables 1.8.9 that natlab does not model (/usr/lib/…/xtables). */
export const OTHER_MATCHES: ReadonlySet<string> = new Set(
  (
    'addrtype ah bpf cgroup cluster connbytes connlabel connlimit cpu dccp devgroup dscp ecn esp hashlimit helper ' +
    'ipcomp ipvs length limit mac nfacct osf owner physdev pkttype policy quota rateest realm recent rpfilter sctp ' +
    'set socket statistic string tcpmss time tos ttl u32'
  ).split(' '),
);

/** IPv4 target extensions shipped with iptables 1.8.9 that natlab does not model. */
export const OTHER_TARGETS: ReadonlySet<string> = new Set(
  (
    'AUDIT CHECKSUM CLASSIFY CLUSTERIP CONNSECMARK DSCP ECN HMARK IDLETIMER LED NFLOG NFQUEUE RATEEST SECMARK SET ' +
    'SYNPROXY TCPMSS TCPOPTSTRIP TEE TOS TPROXY TTL'
  ).split(' '),
);
