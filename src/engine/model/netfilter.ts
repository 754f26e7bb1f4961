/**
 * Netfilter / iptables model, in the kernel's own shape: a rule is `struct ipt_ip` (the basic
 * -s/-d/-i/-o/-p header match) plus an ordered list of match extensions (`-m …`) plus one target
 * (`-j …`). This is also the order `iptables -S` prints a rule in.
 */
import type { Cidr, Ipv4 } from '../addr/ipv4.ts';

/** `NF_INET_*` hooks, with nft's hook names. */
export type Hook = 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting';
export const HOOKS: readonly Hook[] = ['prerouting', 'input', 'forward', 'output', 'postrouting'];

/** iptables tables (`*nat` in iptables-save). `security` exists but natlab evaluates it like filter at +50. */
export type TableName = 'raw' | 'mangle' | 'nat' | 'filter' | 'security';
export const TABLES: readonly TableName[] = ['raw', 'mangle', 'nat', 'filter', 'security'];

/** Built-in chain name of a hook, as iptables spells it. */
export const CHAIN_OF_HOOK: Record<Hook, string> = {
  prerouting: 'PREROUTING',
  input: 'INPUT',
  forward: 'FORWARD',
  output: 'OUTPUT',
  postrouting: 'POSTROUTING',
};
export const HOOK_OF_CHAIN: Record<string, Hook> = {
  PREROUTING: 'prerouting',
  INPUT: 'input',
  FORWARD: 'forward',
  OUTPUT: 'output',
  POSTROUTING: 'postrouting',
};

/** Which built-in chains each table has (`iptable_*.c` valid_hooks). */
export const TABLE_HOOKS: Record<TableName, readonly Hook[]> = {
  raw: ['prerouting', 'output'],
  mangle: ['prerouting', 'input', 'forward', 'output', 'postrouting'],
  nat: ['prerouting', 'input', 'output', 'postrouting'],
  filter: ['input', 'forward', 'output'],
  security: ['input', 'forward', 'output'],
};

export type Policy = 'ACCEPT' | 'DROP';

export interface Invertible {
  /** `!` before the option. */
  readonly invert: boolean;
}

export interface PortRange {
  readonly min: number;
  readonly max: number;
}

/** `-i`/`-o`: a name, or a prefix when written with a trailing `+` (`eth+`). */
export interface IfaceMatch extends Invertible {
  readonly name: string;
  readonly wildcard: boolean;
}

/** Conntrack states as `--ctstate` spells them (`libxt_conntrack`). */
export type CtStateName = 'INVALID' | 'NEW' | 'ESTABLISHED' | 'RELATED' | 'UNTRACKED' | 'SNAT' | 'DNAT';
export type CtStatusName = 'EXPECTED' | 'SEEN_REPLY' | 'ASSURED' | 'CONFIRMED';
export type CtDir = 'ORIGINAL' | 'REPLY';

/** Match extensions (`-m NAME …`), one variant per xtables module natlab models. */
export type MatchModule =
  | {
      readonly module: 'tcp';
      readonly sport?: PortRange & Invertible;
      readonly dport?: PortRange & Invertible;
      /** `--tcp-flags MASK COMP` / `--syn` (= `FIN,SYN,RST,ACK SYN`). */
      readonly flags?: { readonly mask: number; readonly comp: number } & Invertible;
    }
  | {
      readonly module: 'udp';
      readonly sport?: PortRange & Invertible;
      readonly dport?: PortRange & Invertible;
    }
  | {
      readonly module: 'icmp';
      /** 255 = any type (`--icmp-type any`). */
      readonly type: number;
      readonly codeMin: number;
      readonly codeMax: number;
      readonly invert: boolean;
    }
  | {
      readonly module: 'multiport';
      readonly dir: 'src' | 'dst' | 'any';
      readonly ports: readonly PortRange[];
      readonly invert: boolean;
    }
  | {
      readonly module: 'iprange';
      readonly src?: { readonly min: Ipv4; readonly max: Ipv4 } & Invertible;
      readonly dst?: { readonly min: Ipv4; readonly max: Ipv4 } & Invertible;
    }
  | { readonly module: 'mark'; readonly value: number; readonly mask: number; readonly invert: boolean }
  | { readonly module: 'connmark'; readonly value: number; readonly mask: number; readonly invert: boolean }
  | {
      readonly module: 'conntrack';
      readonly ctstate?: { readonly states: readonly CtStateName[] } & Invertible;
      readonly ctstatus?: { readonly statuses: readonly CtStatusName[] } & Invertible;
      readonly ctdir?: CtDir;
    }
  | { readonly module: 'state'; readonly states: readonly CtStateName[]; readonly invert: boolean }
  | { readonly module: 'comment'; readonly comment: string };

export type MatchModuleName = MatchModule['module'];

/** `--reject-with` values (`libipt_REJECT`). */
export type RejectWith =
  | 'icmp-net-unreachable'
  | 'icmp-host-unreachable'
  | 'icmp-port-unreachable'
  | 'icmp-proto-unreachable'
  | 'icmp-net-prohibited'
  | 'icmp-host-prohibited'
  | 'icmp-admin-prohibited'
  | 'tcp-reset';

/** A NAT range (`struct nf_nat_range2`): `--to-destination [a[-b]][:p[-q]]`. */
export interface NatRange {
  readonly minAddr?: Ipv4;
  readonly maxAddr?: Ipv4;
  readonly minPort?: number;
  readonly maxPort?: number;
  /**
   * `…:min-max/base` (NF_NAT_RANGE_PROTO_OFFSET, DNAT revision 2): ports are shifted so that `base` maps to
   * `min`. SNAT (revision 0) keeps the flag but not the value, so iptables shows `/0` there.
   */
  readonly basePort?: number;
  /** `--random` (NF_NAT_RANGE_PROTO_RANDOM). */
  readonly random: boolean;
  /** `--random-fully` (NF_NAT_RANGE_PROTO_RANDOM_FULLY). */
  readonly randomFully: boolean;
  /** `--persistent` (NF_NAT_RANGE_PERSISTENT): leave the destination out of the address hash. */
  readonly persistent: boolean;
}

export type Target =
  /** No `-j`: the rule only counts packets and evaluation continues. */
  | { readonly kind: 'none' }
  | { readonly kind: 'ACCEPT' }
  | { readonly kind: 'DROP' }
  | { readonly kind: 'RETURN' }
  | { readonly kind: 'jump'; readonly chain: string }
  | { readonly kind: 'goto'; readonly chain: string }
  | { readonly kind: 'REJECT'; readonly with: RejectWith }
  /** Normalised as the kernel stores it: `mark = (mark & ~mask) ^ value` (xt_MARK). */
  | { readonly kind: 'MARK'; readonly value: number; readonly mask: number }
  /** `--set-xmark`: `ctmark = (ctmark & ~mask) ^ value`. */
  | { readonly kind: 'CONNMARK'; readonly mode: 'set'; readonly value: number; readonly mask: number }
  /** `--save-mark`: `ctmark = (ctmark & ~ctmask) ^ (mark & nfmask)`. */
  | { readonly kind: 'CONNMARK'; readonly mode: 'save'; readonly nfmask: number; readonly ctmask: number }
  /** `--restore-mark`: `mark = (mark & ~nfmask) ^ (ctmark & ctmask)`. */
  | { readonly kind: 'CONNMARK'; readonly mode: 'restore'; readonly nfmask: number; readonly ctmask: number }
  | { readonly kind: 'DNAT'; readonly range: NatRange }
  | { readonly kind: 'SNAT'; readonly range: NatRange }
  | {
      readonly kind: 'MASQUERADE';
      readonly minPort?: number;
      readonly maxPort?: number;
      readonly random: boolean;
      readonly randomFully: boolean;
    }
  /** `--to` with host bits cleared, as iptables stores it. */
  | { readonly kind: 'NETMAP'; readonly to: Cidr }
  | {
      readonly kind: 'REDIRECT';
      readonly minPort?: number;
      readonly maxPort?: number;
      readonly random: boolean;
    }
  | {
      readonly kind: 'LOG';
      readonly prefix?: string;
      readonly level?: number;
      readonly logUid?: boolean;
      readonly tcpSequence?: boolean;
      readonly tcpOptions?: boolean;
      readonly ipOptions?: boolean;
      /** `--log-macdecode` (XT_LOG_MACDECODE). */
      readonly macDecode?: boolean;
    }
  /** `-j CT --notrack` / `-j NOTRACK` (raw table): the packet stays UNTRACKED. */
  | { readonly kind: 'NOTRACK'; readonly spelling: 'CT' | 'NOTRACK' }
  /**
   * `-j TRACE`: marks the packet for tracing; no effect on the verdict. iptables-nft turns it into
   * `meta nftrace set 1`, valid in every table (iptables-legacy: raw only).
   */
  | { readonly kind: 'TRACE' };

export type TargetKind = Target['kind'];

/** One rule as `iptables -S` shows it after `-A CHAIN`. */
export interface Rule {
  readonly src?: Cidr & Invertible;
  readonly dst?: Cidr & Invertible;
  readonly iif?: IfaceMatch;
  readonly oif?: IfaceMatch;
  /** IP protocol number; 0 = all. */
  readonly proto?: { readonly proto: number } & Invertible;
  /** `-f` / `! -f`. */
  readonly fragment?: Invertible;
  readonly matches: readonly MatchModule[];
  readonly target: Target;
}

export interface Chain {
  readonly name: string;
  /** Built-in chains have a policy; user-defined chains do not (`-` in iptables-save). */
  readonly policy: Policy | null;
  readonly rules: readonly Rule[];
}

/** A table: its chains by name, built-in chains first in kernel order, then user chains in order. */
export interface Table {
  readonly name: TableName;
  readonly chains: ReadonlyMap<string, Chain>;
}

export type Ruleset = ReadonlyMap<TableName, Table>;

/** Netfilter base-chain priorities (`enum nf_ip_hook_priorities`, include/uapi/linux/netfilter_ipv4.h). */
export const PRIORITY = {
  conntrackDefrag: -400,
  raw: -300,
  conntrack: -200,
  mangle: -150,
  natDst: -100,
  filter: 0,
  security: 50,
  natSrc: 100,
  conntrackConfirm: 2147483647,
} as const;
