/** What every per-device exporter shares: finding the device, and what one export returns. */
import type { Device } from '../model/device.ts';
import type { Network } from '../model/network.ts';
import { err, ok, type Result } from '../util/result.ts';

/** The text of one export, and what it could not express (also written into the text as comments). */
export interface ExportText {
  readonly text: string;
  readonly warnings: readonly string[];
}

/** The device `id` of the lab, or a message naming the lab's devices. */
export function findDevice(net: Network, id: string | undefined): Result<Device, string> {
  const ids = net.devices.map((d) => d.id).join(', ') || 'none';
  if (id === undefined) return err(`this format is per device: name one with --device (devices: ${ids})`);
  const d = net.byId.get(id);
  return d ? ok(d) : err(`no device "${id}" in lab "${net.name}" (devices: ${ids})`);
}

/** `device vlab (appliance) of lab "…"`, for header comments (comment-safe text is the caller's job). */
export function deviceTitle(net: Network, d: Device): string {
  return `device ${d.id} (${d.kind}) of lab "${net.name}"`;
}
