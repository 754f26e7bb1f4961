/** What the stack functions share while one leg runs. */
import type { Device } from '../model/device.ts';
import type { Network } from '../model/network.ts';
import type { Pkt } from './pkt.ts';
import type { SimState } from './state.ts';
import type { DropReason, Hop, Step } from './steps.ts';

export interface LegCtx {
  readonly net: Network;
  readonly state: SimState;
  readonly hops: Hop[];
}

/** An ICMP error (or TCP reset) the kernel sends back because of a packet, started as the next leg. */
export interface PendingError {
  readonly device: Device;
  /** The offending packet as it was when the error was generated (with its conntrack). */
  readonly offending: Pkt;
  readonly type: number;
  readonly code: number;
  /** Interface the offending packet came in on (for icmp_errors_use_inbound_ifaddr). */
  readonly inIface: string | null;
  /** The offending packet was addressed to this device (errors then come from its destination address). */
  readonly local: boolean;
  readonly tcpReset?: boolean;
}

/** Where a packet goes next, as decided by one device. */
export type Next =
  | {
      readonly kind: 'wire';
      readonly device: Device;
      readonly iface: string;
      readonly pkt: Pkt;
      readonly to: { device: string; iface: string };
    }
  | { readonly kind: 'delivered'; readonly device: Device; readonly pkt: Pkt; readonly iface: string }
  | {
      readonly kind: 'dropped';
      readonly device: Device;
      readonly reason: DropReason;
      readonly detail: string;
      readonly error?: PendingError;
    };

export function step(hop: Hop, s: Step): void {
  hop.steps.push(s);
}
