/** How the designer draws machines and links (the canvas and the SVG drawing agree). */
import type { DeviceDoc, LabDocument } from '../engine/lab/format.ts';
import { addressText } from './commands/addresses.ts';

export type DeviceLook = 'host' | 'backup-server' | 'router' | 'production-gateway' | 'appliance';

/**
 * How each machine of a lab is drawn: its role when it has one; else a host a virtual lab names as
 * backup server is the backup server, and a router holding a production network's gateway address is
 * its gateway; else its kind.
 */
export function deviceLooks(doc: LabDocument): (d: DeviceDoc) => DeviceLook {
  const backupServers = new Set((doc.virtualLabs ?? []).map((v) => v.backupServer));
  const gateways = new Set(
    doc.segments.filter((x) => x.kind === 'production' && x.gateway).map((x) => x.gateway!),
  );
  return (d) => {
    if (d.role) return d.role;
    if (backupServers.has(d.id)) return 'backup-server';
    const holdsGateway = d.interfaces.some((i) =>
      (i.addresses ?? []).some((a) => gateways.has(addressText(a).split('/')[0]!)),
    );
    if (d.kind === 'router' && holdsGateway) return 'production-gateway';
    return d.kind;
  };
}

/** A link's label: its first address, `+N` for more. */
export function addressLabel(addrs: readonly string[]): string {
  if (addrs.length === 0) return '';
  return addrs.length === 1 ? addrs[0]! : `${addrs[0]} +${addrs.length - 1}`;
}
