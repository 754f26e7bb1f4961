/**
 * One device's netfilter ruleset as `iptables-save` prints it on the device (iptables 1.8.9, nf_tables),
 * byte for byte — the printer behind `natlab exec LAB DEV -- iptables-save`, without the date lines.
 * Feed it to `iptables-restore` on the device; an empty text means the device has no iptables tables.
 */
import type { Device } from '../model/device.ts';
import { formatIptablesSave } from '../netfilter/iptables-save.ts';
import type { ExportText } from './device.ts';

export function iptablesSave(d: Device): ExportText {
  return { text: formatIptablesSave(d.ruleset), warnings: [] };
}
