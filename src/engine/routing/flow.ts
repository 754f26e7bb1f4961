/** The lookup key of a routing decision (`struct flowi4`). */
import type { Ipv4 } from '../addr/ipv4.ts';

export const LOOPBACK_IFINDEX = 1;

export interface Flow {
  readonly dst: Ipv4;
  /** 0 = unspecified (an output lookup of an unbound socket). */
  readonly src: Ipv4;
  /** Input interface index; output lookups carry `lo` (1), which is why `ip rule iif lo` matches them. */
  readonly iif: number;
  /** Output interface index, 0 = any (only set for bound sockets, `ip route get oif`, rp_filter's 2nd lookup). */
  readonly oif: number;
  readonly mark: number;
  readonly tos: number;
  readonly proto: number;
  readonly sport: number;
  readonly dport: number;
  /** Minimum route scope (`flowi4_scope`): 0 for normal lookups, link for gateway validation. */
  readonly scope: number;
}

export function flow(f: Partial<Flow> & { dst: Ipv4 }): Flow {
  return {
    src: 0 as Ipv4,
    iif: LOOPBACK_IFINDEX,
    oif: 0,
    mark: 0,
    tos: 0,
    proto: 0,
    sport: 0,
    dport: 0,
    scope: 0,
    ...f,
  };
}
