/**
 * A trace is plain data: for each leg (request, reply), the hops through devices, and in each hop the
 * steps the kernel takes, in its own order and vocabulary. The UI animates these; the CLI prints them.
 */
import type { Ipv4 } from '../addr/ipv4.ts';
import type { Mac } from '../addr/mac.ts';
import type { CtDirection, CtInfo } from '../conntrack/table.ts';
import type { Hook, RejectWith, TableName } from '../model/netfilter.ts';
import type { Packet } from '../model/packet.ts';
import type { RouteType } from '../model/route.ts';

/**
 * Why a packet died. Each maps to a kernel drop site:
 * - `no_route`: no route in any table the RPDB reached, a `throw` route, or an `ip rule … unreachable` (ENETUNREACH)
 * - `unreachable`: an `unreachable` route (EHOSTUNREACH)
 * - `prohibit`: a `prohibit` route or rule (EACCES)
 * - `blackhole`: a `blackhole` route or rule (EINVAL, silently)
 * - `forwarding_disabled`: not for this host and the input interface has forwarding off
 * - `filter_drop`: a `DROP` verdict or policy in any table; `filter_reject`: a `REJECT` rule
 * - `invalid_state`: a DROP rule matching `--ctstate INVALID` fired (conntrack found no connection the
 *   packet belongs to, e.g. a reply that arrives at a box that never saw the request)
 * - `rp_filter`: the reverse-path check (`fib_validate_source`) failed
 * - `martian_source`: the source is one of our own addresses, zeronet, loopback, multicast or broadcast
 * - `martian_destination`: zeronet or loopback destination from the wire
 * - `ttl_exceeded`: TTL ≤ 1 when forwarding (`ip_forward`)
 * - `neighbour_unreachable`: nobody answered ARP for the next hop
 * - `no_link`: the output interface is not plugged into any segment
 * - `masquerade_no_address`: MASQUERADE found no address on the output interface ("ate my IP address")
 * - `conntrack_clash`: the connection's tuple is already taken at confirm
 * - `echo_ignored`: `net.ipv4.icmp_echo_ignore_all` (request delivered, never answered)
 * - `broadcast_refused`: a socket sends to a broadcast address without SO_BROADCAST: the call fails
 *   (EACCES; a TCP connect: ENETUNREACH) and nothing is sent
 * - `unsupported`: something natlab does not model (a broadcast received from the wire, multicast)
 * - `loop`: the hop limit of the simulator was reached (an L3 loop without TTL expiry cannot happen; a safety net)
 */
export type DropReason =
  | 'no_route'
  | 'unreachable'
  | 'prohibit'
  | 'blackhole'
  | 'forwarding_disabled'
  | 'filter_drop'
  | 'filter_reject'
  | 'invalid_state'
  | 'rp_filter'
  | 'martian_source'
  | 'martian_destination'
  | 'ttl_exceeded'
  | 'neighbour_unreachable'
  | 'no_link'
  | 'masquerade_no_address'
  | 'conntrack_clash'
  | 'echo_ignored'
  | 'broadcast_refused'
  | 'unsupported'
  | 'loop';

export const DROP_REASONS: readonly DropReason[] = [
  'no_route',
  'unreachable',
  'prohibit',
  'blackhole',
  'forwarding_disabled',
  'filter_drop',
  'filter_reject',
  'invalid_state',
  'rp_filter',
  'martian_source',
  'martian_destination',
  'ttl_exceeded',
  'neighbour_unreachable',
  'no_link',
  'masquerade_no_address',
  'conntrack_clash',
  'echo_ignored',
  'broadcast_refused',
  'unsupported',
  'loop',
];

/** One RPDB rule as the lookup saw it. */
export interface RuleVisitView {
  readonly pref: number;
  /** As `ip rule show` prints the selector and action. */
  readonly text: string;
  readonly outcome: 'no-match' | 'miss' | 'throw' | 'hit' | 'error' | 'nop' | 'goto' | 'suppressed';
}

export interface RouteView {
  readonly type: RouteType;
  readonly table: number;
  /** As `ip route show table T` prints it. */
  readonly text: string;
  readonly dev?: string;
  readonly gateway?: Ipv4;
}

/** What the route lookup was asked (`struct flowi4`). */
export interface FlowView {
  readonly dst: Ipv4;
  readonly src: Ipv4;
  readonly iif: string;
  readonly oif: string | null;
  readonly mark: number;
}

export type RoutePurpose =
  /** `ip_route_input`: a received packet, after PREROUTING. */
  | 'input'
  /**
   * `ip_route_connect`'s first lookup: an unbound socket's connect() looks up without a source to
   * choose one; the `output` lookup that follows uses it.
   */
  | 'connect'
  /** `ip_route_output`: a socket (or ICMP) picks route and source before OUTPUT. */
  | 'output'
  /** `ip_route_me_harder`: mangle/nat OUTPUT changed mark or address. */
  | 'reroute'
  /** `fib_validate_source`: reverse lookup of the source. */
  | 'rp_filter';

export type Step =
  | { readonly kind: 'send'; readonly packet: Packet; readonly what: string }
  | { readonly kind: 'receive'; readonly iface: string; readonly srcMac: Mac; readonly packet: Packet }
  | { readonly kind: 'hook'; readonly hook: Hook }
  | {
      readonly kind: 'conntrack';
      readonly hook: Hook;
      /** NEW / ESTABLISHED / RELATED, or INVALID / UNTRACKED when there is no entry. */
      readonly state: CtInfo | 'INVALID' | 'UNTRACKED';
      readonly dir: CtDirection | null;
      readonly created: boolean;
      /** `conntrack -L` style: original tuple, reply tuple. */
      readonly orig?: string;
      readonly reply?: string;
    }
  | {
      readonly kind: 'chain';
      readonly hook: Hook;
      readonly table: TableName;
      readonly chain: string;
      /** `iifname` / `oifname` as the chain sees them (null before routing / for local packets). */
      readonly iif: string | null;
      readonly oif: string | null;
      /** The packet as it enters the chain. */
      readonly packet: Packet;
    }
  | {
      readonly kind: 'rule';
      readonly table: TableName;
      readonly chain: string;
      /** 1-based position in the chain (`iptables -L --line-numbers`). */
      readonly index: number;
      /** The rule as `iptables -S` prints it after `-A CHAIN`. */
      readonly text: string;
      readonly verdict: 'continue' | 'accept' | 'drop' | 'reject' | 'jump' | 'goto' | 'return';
      readonly target: string;
      readonly mark?: { readonly from: number; readonly to: number };
      readonly connmark?: { readonly from: number; readonly to: number };
    }
  | {
      readonly kind: 'policy';
      readonly table: TableName;
      readonly chain: string;
      readonly verdict: 'accept' | 'drop';
    }
  | { readonly kind: 'return'; readonly table: TableName; readonly chain: string }
  | {
      readonly kind: 'nat';
      readonly hook: Hook;
      readonly manip: 'SNAT' | 'DNAT';
      /** rule: a NAT target set the binding now; conntrack: an existing binding rewrote the packet;
       *  null-binding: no rule matched, the connection is decided as "no NAT" (ports may still move on a clash);
       *  related: an ICMP error about the connection was translated. */
      readonly cause: 'rule' | 'conntrack' | 'null-binding' | 'related';
      readonly before: Packet;
      readonly after: Packet;
      /** The port or ICMP id was picked at random by the kernel; natlab's pick is deterministic. */
      readonly randomized?: boolean;
    }
  | {
      readonly kind: 'route';
      readonly purpose: RoutePurpose;
      readonly flow: FlowView;
      readonly rules: readonly RuleVisitView[];
      /** The chosen route, or null on error. */
      readonly route: RouteView | null;
      /** `local`, `forward`, `output` or an errno name (ENETUNREACH…). */
      readonly result: string;
      readonly src?: Ipv4;
      readonly nexthop?: Ipv4;
    }
  | {
      readonly kind: 'rp_filter';
      readonly mode: number;
      readonly ok: boolean;
      readonly detail: string;
    }
  | { readonly kind: 'forward'; readonly ttl: { readonly from: number; readonly to: number } }
  | { readonly kind: 'redirect'; readonly to: Ipv4; readonly gateway: Ipv4 }
  | {
      readonly kind: 'neighbour';
      readonly iface: string;
      readonly nexthop: Ipv4;
      readonly result: 'cached' | 'resolved' | 'failed';
      readonly mac?: Mac;
      /** Who answered the ARP request and why (own address, proxy_arp, `ip neigh … proxy`). */
      readonly answeredBy?: {
        readonly device: string;
        readonly iface: string;
        readonly why: 'local' | 'proxy_arp' | 'pneigh';
      };
      /** Other devices that answered too (an ARP conflict); their replies came later and were ignored. */
      readonly alsoAnswered?: readonly {
        readonly device: string;
        readonly iface: string;
        readonly why: 'local' | 'proxy_arp' | 'pneigh';
      }[];
      /** Devices that saw the request and stayed silent, with the reason. */
      readonly silent?: readonly { readonly device: string; readonly why: string }[];
    }
  | {
      readonly kind: 'transmit';
      readonly iface: string;
      readonly segment: string;
      readonly dstMac: Mac;
      readonly packet: Packet;
    }
  | { readonly kind: 'deliver'; readonly to: string }
  | { readonly kind: 'respond'; readonly what: string }
  | {
      readonly kind: 'icmp-error';
      readonly type: number;
      readonly code: number;
      readonly text: string;
      readonly reject?: RejectWith;
    }
  | { readonly kind: 'drop'; readonly reason: DropReason; readonly detail: string };

export interface Hop {
  readonly device: string;
  /** Interface the packet arrived on, or null if it was generated here. */
  readonly in: string | null;
  /** Interface the packet left on, or null if it was delivered here or died here. */
  out: string | null;
  readonly steps: Step[];
}

/** What a receiver's tcpdump shows of a packet. */
export interface Seen {
  readonly src: Ipv4;
  readonly dst: Ipv4;
  readonly proto: number;
  readonly sport?: number;
  readonly dport?: number;
  readonly icmpType?: number;
  readonly icmpCode?: number;
  readonly ttl: number;
}

export interface Leg {
  /** The packet as its sender emitted it (before any of the sender's own netfilter). */
  readonly packet: Packet;
  readonly from: string;
  readonly delivered: boolean;
  /** The device whose stack accepted the packet locally. */
  readonly receiver: string | null;
  readonly seen: Seen | null;
  /** What the receiving socket gets: `seen` after the receiver's own netfilter (e.g. its de-NAT). */
  readonly socket: Seen | null;
  readonly drop: { readonly device: string; readonly reason: DropReason; readonly detail: string } | null;
  readonly hops: readonly Hop[];
  /** What kind of packet this leg carries: `echo-request`, `echo-reply`, `tcp syn`, `icmp time-exceeded`… */
  readonly what: string;
}

export type Outcome =
  /** The request was answered and the answer reached the sender. */
  | 'answered'
  /** The sender got an ICMP error back (unreachable, time exceeded, …). */
  | 'error'
  /** The request was dropped and nothing came back. */
  | 'request-dropped'
  /** The request was delivered, but the answer died on the way. */
  | 'reply-dropped'
  /** The answer reached a different device than the sender (a leak). */
  | 'reply-misdelivered'
  /** The request was delivered and the receiver sends nothing back. */
  | 'no-reply';

export interface TraceResult {
  readonly request: Leg;
  readonly reply: Leg | null;
  readonly outcome: Outcome;
  /** One sentence for humans. */
  readonly summary: string;
}
