/**
 * Arranges a lab document for the overview: which devices sit in which segment's column.
 * Pure layout of what the document says; no network behaviour (that is the engine's job).
 */
import type { AddressDocEntry, DeviceDoc, LabDocument, SegmentDoc } from '../../engine/lab/format.ts';

export interface SegmentGroup {
  readonly segment: SegmentDoc;
  /** Devices whose interfaces are all in this segment. */
  readonly devices: readonly DeviceDoc[];
}

export interface LabGroups {
  readonly segments: readonly SegmentGroup[];
  /** Devices with interfaces in two or more segments (routers, the virtual lab appliance). */
  readonly connecting: readonly DeviceDoc[];
  /** Devices with no plugged interface, or only interfaces in segments the document does not declare. */
  readonly unattached: readonly DeviceDoc[];
  readonly segmentById: ReadonlyMap<string, SegmentDoc>;
}

/** The distinct segment ids a device is plugged into, in interface order. */
export function segmentsOf(device: DeviceDoc): string[] {
  const ids: string[] = [];
  for (const i of device.interfaces) {
    if (i.segment != null && !ids.includes(i.segment)) ids.push(i.segment);
  }
  return ids;
}

export function groupDevices(doc: LabDocument): LabGroups {
  const segmentById = new Map(doc.segments.map((s) => [s.id, s]));
  const bySegment = new Map<string, DeviceDoc[]>(doc.segments.map((s) => [s.id, []]));
  const connecting: DeviceDoc[] = [];
  const unattached: DeviceDoc[] = [];
  for (const device of doc.devices) {
    const ids = segmentsOf(device);
    const known = ids.filter((id) => segmentById.has(id));
    if (ids.length > 1) connecting.push(device);
    else if (known[0] !== undefined) bySegment.get(known[0])?.push(device);
    else unattached.push(device);
  }
  return {
    segments: doc.segments.map((segment) => ({ segment, devices: bySegment.get(segment.id) ?? [] })),
    connecting,
    unattached,
    segmentById,
  };
}

export interface AddressLabel {
  readonly address: string;
  /** Extra `ip addr add` options worth seeing: `noprefixroute`, `brd 192.168.1.255`. */
  readonly flags: readonly string[];
}

export function addressLabel(entry: AddressDocEntry): AddressLabel {
  if (typeof entry === 'string') return { address: entry, flags: [] };
  const flags: string[] = [];
  if (entry.noprefixroute) flags.push('noprefixroute');
  if (entry.broadcast) flags.push(`brd ${entry.broadcast}`);
  return { address: entry.address, flags };
}
