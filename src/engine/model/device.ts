/** A Linux network namespace as natlab models it: links, addresses, sysctls, FIB, RPDB, ruleset. */
import type { Cidr, Ipv4 } from '../addr/ipv4.ts';
import type { Mac } from '../addr/mac.ts';
import type { Ruleset } from './netfilter.ts';
import type { Route } from './route.ts';
import type { RpdbRule } from './rpdb.ts';

export type DeviceKind = 'host' | 'router' | 'appliance';

/** An IPv4 address on a link (`struct in_ifaddr`), in the kernel's list order. */
export interface IfAddr {
  readonly local: Ipv4;
  readonly len: number;
  /** `IFA_F_SECONDARY`: another address of the same prefix was there first. */
  readonly secondary: boolean;
  /** `IFA_F_NOPREFIXROUTE`: no connected route in `main`. */
  readonly noprefixroute: boolean;
  /** `global` except for 127.0.0.0/8 (`host`). */
  readonly scope: 'global' | 'host' | 'link';
  /** Explicit broadcast address (`brd`), if any. */
  readonly broadcast?: Ipv4;
  /** Position in the lab document (`devices[i].interfaces[j].addresses[k]`), for provenance. */
  readonly docIndex: number;
}

/** Per-interface IPv4 settings (`net.ipv4.conf.IF.*`), raw values as written. */
export interface IfConf {
  forwarding: number;
  rp_filter: number;
  proxy_arp: number;
  send_redirects: number;
  accept_redirects: number;
  shared_media: number;
  arp_ignore: number;
  arp_announce: number;
  arp_filter: number;
  src_valid_mark: number;
  accept_local: number;
  route_localnet: number;
  log_martians: number;
}
export type IfConfKey = keyof IfConf;

/** Kernel defaults of a fresh interface (`ipv4_devconf` in net/ipv4/devinet.c). */
export const IFCONF_DEFAULTS: Readonly<IfConf> = {
  forwarding: 0,
  rp_filter: 0,
  proxy_arp: 0,
  send_redirects: 1,
  accept_redirects: 1,
  shared_media: 1,
  arp_ignore: 0,
  arp_announce: 0,
  arp_filter: 0,
  src_valid_mark: 0,
  accept_local: 0,
  route_localnet: 0,
  log_martians: 0,
};

/** How each knob combines `conf/all` with `conf/IF` (the `IN_DEV_*` macros in include/linux/inetdevice.h). */
export const IFCONF_COMBINE: Record<IfConfKey, 'dev' | 'max' | 'or' | 'and-if-forwarding'> = {
  forwarding: 'dev',
  rp_filter: 'max',
  proxy_arp: 'or',
  send_redirects: 'or',
  accept_redirects: 'and-if-forwarding',
  shared_media: 'or',
  arp_ignore: 'max',
  arp_announce: 'max',
  arp_filter: 'or',
  src_valid_mark: 'or',
  accept_local: 'or',
  route_localnet: 'or',
  log_martians: 'or',
};

/** Namespace-wide knobs (`net.ipv4.*`). */
export interface NetConf {
  icmp_echo_ignore_all: number;
  icmp_echo_ignore_broadcasts: number;
  icmp_errors_use_inbound_ifaddr: number;
  ip_default_ttl: number;
  fwmark_reflect: number;
}
export const NETCONF_DEFAULTS: Readonly<NetConf> = {
  icmp_echo_ignore_all: 0,
  icmp_echo_ignore_broadcasts: 1,
  icmp_errors_use_inbound_ifaddr: 0,
  ip_default_ttl: 64,
  fwmark_reflect: 0,
};

export interface Iface {
  /** ifindex: 1 is `lo`, then the lab's interfaces in order from 2. */
  readonly index: number;
  readonly name: string;
  readonly mac: Mac;
  /** The L2 segment the interface is plugged into, or null (no carrier partner). */
  readonly segment: string | null;
  readonly addrs: readonly IfAddr[];
  readonly loopback: boolean;
  /** Effective per-interface values, after combining with `conf/all` the way the kernel does. */
  readonly conf: Readonly<IfConf>;
  /** Raw `net.ipv4.conf.IF.*` values (what `sysctl` prints for this interface). */
  readonly rawConf: Readonly<IfConf>;
}

/** A listening socket (`ss -l`): TCP answers SYN with SYN-ACK, UDP echoes the datagram back. */
export interface Service {
  readonly proto: 'tcp' | 'udp';
  readonly port: number;
}

export interface ProxyNeighbour {
  readonly addr: Ipv4;
  readonly dev: string;
}

export interface Device {
  readonly id: string;
  readonly name: string;
  readonly kind: DeviceKind;
  /** Position in the lab document's `devices`. */
  readonly docIndex: number;
  readonly ifaces: readonly Iface[];
  readonly ifByName: ReadonlyMap<string, Iface>;
  readonly ifByIndex: ReadonlyMap<number, Iface>;
  readonly net: Readonly<NetConf>;
  /** Raw `conf/all` and `conf/default` values (for `sysctl` output and exports). */
  readonly confAll: Readonly<IfConf>;
  readonly confDefault: Readonly<IfConf>;
  /** Routing tables by id, routes in the kernel's lookup order per prefix. */
  readonly tables: ReadonlyMap<number, readonly Route[]>;
  /** RPDB in evaluation order (ascending pref, insertion order within a pref). */
  readonly rules: readonly RpdbRule[];
  /** Whether rules other than the three defaults exist (`fib4_has_custom_rules`). */
  readonly customRules: boolean;
  readonly ruleset: Ruleset;
  readonly proxyNeighbours: readonly ProxyNeighbour[];
  readonly services: readonly Service[];
}

/** Convenience: the prefix of an interface address. */
export function ifAddrCidr(a: IfAddr): Cidr {
  return { addr: a.local, len: a.len };
}
