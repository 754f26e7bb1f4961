/**
 * Applying `net.ipv4.*` sysctls in order, with the kernel's propagation rules (net/ipv4/devinet.c):
 * `ip_forward`/`conf.all.forwarding` sets every interface's forwarding, `conf.default.forwarding` and
 * clears `conf.all.accept_redirects` (`inet_forward_change`); `conf.default.X` is copied to every
 * interface that has not set X itself (`devinet_copy_dflt_conf`); `conf.IF.X` sets one interface.
 */
import {
  IFCONF_COMBINE,
  IFCONF_DEFAULTS,
  NETCONF_DEFAULTS,
  type IfConf,
  type IfConfKey,
  type NetConf,
} from '../model/device.ts';
import { err, ok, type Result } from '../util/result.ts';

export type SysctlTarget =
  | {
      readonly kind: 'conf';
      readonly scope: 'all' | 'default' | 'iface';
      readonly iface?: string;
      readonly key: IfConfKey;
    }
  | { readonly kind: 'net'; readonly key: keyof NetConf }
  | { readonly kind: 'ip_forward' };

const IFCONF_RANGE: Record<IfConfKey, readonly [number, number]> = {
  forwarding: [0, 1],
  rp_filter: [0, 2],
  proxy_arp: [0, 1],
  send_redirects: [0, 1],
  accept_redirects: [0, 1],
  shared_media: [0, 1],
  arp_ignore: [0, 8],
  arp_announce: [0, 2],
  arp_filter: [0, 1],
  src_valid_mark: [0, 1],
  accept_local: [0, 1],
  route_localnet: [0, 1],
  log_martians: [0, 1],
};
const NETCONF_RANGE: Record<keyof NetConf, readonly [number, number]> = {
  icmp_echo_ignore_all: [0, 1],
  icmp_echo_ignore_broadcasts: [0, 1],
  icmp_errors_use_inbound_ifaddr: [0, 1],
  ip_default_ttl: [1, 255],
  fwmark_reflect: [0, 1],
};

export const MODELLED_SYSCTLS: readonly string[] = [
  'net.ipv4.ip_forward',
  ...Object.keys(NETCONF_DEFAULTS).map((k) => `net.ipv4.${k}`),
  ...Object.keys(IFCONF_DEFAULTS).map((k) => `net.ipv4.conf.{all,default,IFACE}.${k}`),
];

/** Parses a sysctl name; interface names with dots are written with `/` (`conf.eth0/222.rp_filter`). */
export function parseSysctlName(name: string, ifaces: readonly string[]): Result<SysctlTarget> {
  if (name === 'net.ipv4.ip_forward') return ok({ kind: 'ip_forward' });
  const conf = /^net\.ipv4\.conf\.(.+)\.([a-z_]+)$/.exec(name);
  if (conf) {
    const [, who, key] = conf as unknown as [string, string, string];
    if (!(key in IFCONF_DEFAULTS))
      return err(
        `unknown or unmodelled interface sysctl "${key}" (natlab models: ${Object.keys(IFCONF_DEFAULTS).join(', ')})`,
      );
    if (who === 'all' || who === 'default') return ok({ kind: 'conf', scope: who, key: key as IfConfKey });
    const iface = who.replaceAll('/', '.');
    if (!ifaces.includes(iface)) return err(`no interface "${iface}" on this device (sysctl ${name})`);
    return ok({ kind: 'conf', scope: 'iface', iface, key: key as IfConfKey });
  }
  const net = /^net\.ipv4\.([a-z_]+)$/.exec(name);
  if (net && net[1]! in NETCONF_DEFAULTS) return ok({ kind: 'net', key: net[1] as keyof NetConf });
  return err(`unknown or unmodelled sysctl "${name}" (natlab models: ${MODELLED_SYSCTLS.join(', ')})`);
}

export function checkSysctlValue(t: SysctlTarget, value: number): string | null {
  const [lo, hi] =
    t.kind === 'ip_forward' ? [0, 1] : t.kind === 'net' ? NETCONF_RANGE[t.key] : IFCONF_RANGE[t.key];
  if (!Number.isInteger(value) || value < lo || value > hi)
    return `value ${value} is out of range ${lo}..${hi}`;
  return null;
}

/** Mutable sysctl state of one namespace while the document is applied. */
export class SysctlState {
  readonly all: IfConf = { ...IFCONF_DEFAULTS };
  readonly dflt: IfConf = { ...IFCONF_DEFAULTS };
  readonly net: NetConf = { ...NETCONF_DEFAULTS };
  readonly perIface = new Map<string, IfConf>();
  private readonly explicit = new Map<string, Set<IfConfKey>>();

  constructor(ifaces: readonly string[]) {
    for (const i of ifaces) {
      this.perIface.set(i, { ...IFCONF_DEFAULTS });
      this.explicit.set(i, new Set());
    }
  }

  apply(t: SysctlTarget, v: number): void {
    if (t.kind === 'net') {
      this.net[t.key] = v;
      return;
    }
    if (t.kind === 'ip_forward' || (t.kind === 'conf' && t.scope === 'all' && t.key === 'forwarding')) {
      // devinet_sysctl_forward(): inet_forward_change() runs only when the value changes
      if (this.all.forwarding === v) return;
      this.all.forwarding = v;
      this.all.accept_redirects = v ? 0 : 1;
      this.dflt.forwarding = v;
      for (const c of this.perIface.values()) c.forwarding = v;
      return;
    }
    if (t.scope === 'all') {
      this.all[t.key] = v;
    } else if (t.scope === 'default') {
      this.dflt[t.key] = v;
      if (t.key !== 'forwarding') {
        for (const [name, c] of this.perIface) if (!this.explicit.get(name)!.has(t.key)) c[t.key] = v;
      }
    } else {
      const c = this.perIface.get(t.iface!)!;
      c[t.key] = v;
      this.explicit.get(t.iface!)!.add(t.key);
    }
  }

  /** Effective values for one interface (`IN_DEV_*` macros of include/linux/inetdevice.h). */
  effective(iface: string): IfConf {
    const dev = this.perIface.get(iface)!;
    const out = { ...dev };
    for (const k of Object.keys(IFCONF_COMBINE) as IfConfKey[]) {
      const how = IFCONF_COMBINE[k];
      if (how === 'max') out[k] = Math.max(this.all[k], dev[k]);
      else if (how === 'or') out[k] = this.all[k] || dev[k] ? 1 : 0;
      else if (how === 'and-if-forwarding')
        out[k] = dev.forwarding ? (this.all[k] && dev[k] ? 1 : 0) : this.all[k] || dev[k] ? 1 : 0;
    }
    return out;
  }
}
