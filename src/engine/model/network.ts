import type { Device } from './device.ts';

/** What an L2 segment stands for; all kinds behave as one broadcast domain (a bridge). */
export type SegmentKind = 'production' | 'isolated' | 'link';

export interface SegmentPort {
  readonly device: string;
  readonly iface: string;
}

export interface Segment {
  readonly id: string;
  readonly name: string;
  readonly kind: SegmentKind;
  readonly vlan: number | null;
  /** Interfaces plugged into the segment, in document order. */
  readonly ports: readonly SegmentPort[];
}

/** A compiled lab: everything the simulator needs, derived from the lab file. */
export interface Network {
  readonly name: string;
  readonly devices: readonly Device[];
  readonly byId: ReadonlyMap<string, Device>;
  readonly segments: ReadonlyMap<string, Segment>;
}
