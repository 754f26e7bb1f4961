/** The name a downloaded capture gets: `<lab>-<device>-<iface>.pcap` or `<lab>-<segment>.pcap`. */
import type { CapturePoint } from './points.ts';

/** Letters, digits, `.`, `_` and `-` only; runs of anything else become one `-`. */
function safe(part: string): string {
  return part
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents: é → e
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '');
}

export function captureFileName(labName: string, point: CapturePoint): string {
  const parts = [labName, ...(point.kind === 'iface' ? [point.device, point.iface] : [point.segment])];
  const name = parts
    .map(safe)
    .filter((p) => p !== '')
    .join('-');
  return `${(name || 'capture').slice(0, 120)}.pcap`;
}
