/** The export formats: one entry per format, for the CLI and the app. */
import type { Network } from '../model/network.ts';
import { err, ok, type Result } from '../util/result.ts';
import { findDevice, type ExportText } from './device.ts';
import { ifupdown } from './ifupdown.ts';
import { ipScript } from './ip.ts';
import { iptablesSave } from './iptables-save.ts';
import { linuxRoutes } from './linux-routes.ts';
import { netnsScript } from './netns-script.ts';
import { nftRuleset } from './nft.ts';
import { windowsRoutes } from './windows-routes.ts';

export type ExportFormat =
  'netns-script' | 'iptables-save' | 'nft' | 'ip' | 'ifupdown' | 'linux-routes' | 'windows-routes';

export interface ExportOptions {
  /** The device, for per-device formats. */
  readonly device?: string;
  /** Namespace prefix, for netns-script. */
  readonly prefix?: string;
}

export interface FormatInfo {
  readonly name: ExportFormat;
  readonly perDevice: boolean;
  /** One line for help texts. */
  readonly summary: string;
}

export const EXPORT_FORMATS: readonly FormatInfo[] = [
  {
    name: 'netns-script',
    perDevice: false,
    summary: 'bash script building the whole lab in network namespaces',
  },
  { name: 'iptables-save', perDevice: true, summary: 'the device’s ruleset as iptables-save prints it' },
  { name: 'nft', perDevice: true, summary: 'the device’s ruleset as an nft -f file (native nft syntax)' },
  { name: 'ip', perDevice: true, summary: 'bash script of ip and sysctl commands configuring the device' },
  { name: 'ifupdown', perDevice: true, summary: 'the device as Debian /etc/network/interfaces stanzas' },
  { name: 'linux-routes', perDevice: true, summary: 'the device’s routes as ip route add lines' },
  {
    name: 'windows-routes',
    perDevice: true,
    summary: 'the device’s routes as Windows route -p add commands',
  },
];

export function isExportFormat(s: string): s is ExportFormat {
  return EXPORT_FORMATS.some((f) => f.name === s);
}

/** The lab (or one device of it) in a format; the error is a usage problem (no/unknown device, bad prefix). */
export function exportLab(
  net: Network,
  format: ExportFormat,
  opts: ExportOptions = {},
): Result<ExportText, string> {
  if (format === 'netns-script') {
    try {
      return ok({
        text: netnsScript(net, opts.prefix !== undefined ? { prefix: opts.prefix } : {}),
        warnings: [],
      });
    } catch (e) {
      return err((e as Error).message);
    }
  }
  const d = findDevice(net, opts.device);
  if (!d.ok) return d;
  switch (format) {
    case 'iptables-save':
      return ok(iptablesSave(d.value));
    case 'nft':
      return ok(nftRuleset(net, d.value));
    case 'ip':
      return ok(ipScript(net, d.value));
    case 'ifupdown':
      return ok(ifupdown(net, d.value));
    case 'linux-routes':
      return ok(linuxRoutes(net, d.value));
    case 'windows-routes':
      return ok(windowsRoutes(net, d.value));
  }
}
