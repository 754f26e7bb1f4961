/**
 * The `net.ipv4` sysctls of one namespace as the kernel holds them while a script runs
 * (net/ipv4/devinet.c): a new interface starts as a copy of `conf/default` (`inetdev_init`), writing
 * `ip_forward` / `conf.all.forwarding` runs `inet_forward_change`, `conf.default.X` is copied to the
 * interfaces that never set X — and an interface counts as having set everything once it got an address
 * with `ip addr add` (or, for lo, once lo is up) — and an interface leaving the namespace takes its
 * settings with it.
 *
 * {@link emitSysctls} then writes the smallest document `sysctls` object that leaves a freshly compiled
 * device (src/engine/lab/sysctl.ts applies it after all interfaces exist) in exactly the same state.
 */
import {
  IFCONF_DEFAULTS,
  NETCONF_DEFAULTS,
  type IfConf,
  type IfConfKey,
  type NetConf,
} from '../model/device.ts';

export type SysctlWrite =
  | { readonly kind: 'ip_forward' }
  | { readonly kind: 'net'; readonly key: keyof NetConf }
  | { readonly kind: 'all'; readonly key: IfConfKey }
  | { readonly kind: 'default'; readonly key: IfConfKey }
  | { readonly kind: 'iface'; readonly uid: number; readonly key: IfConfKey };

const IF_KEYS = Object.keys(IFCONF_DEFAULTS) as IfConfKey[];
const NET_KEYS = Object.keys(NETCONF_DEFAULTS) as (keyof NetConf)[];

export class SysctlTracker {
  readonly all: IfConf = { ...IFCONF_DEFAULTS };
  readonly dflt: IfConf = { ...IFCONF_DEFAULTS };
  readonly net: NetConf = { ...NETCONF_DEFAULTS };
  readonly perIface = new Map<number, IfConf>();
  private readonly explicit = new Map<number, Set<IfConfKey>>();
  /** Line of the last write of each knob, by the name {@link emitSysctls} gives it (`all.rp_filter`). */
  readonly lines = new Map<string, number>();

  addIface(uid: number): void {
    this.perIface.set(uid, { ...this.dflt });
    this.explicit.set(uid, new Set());
  }

  /**
   * Every knob of the interface now counts as set (`ipv4_devconf_setall`): the kernel does this when an
   * address is added over netlink (`rtm_to_ifaddr`) and when lo comes up, so `conf.default.X` written
   * later no longer reaches that interface.
   */
  setAll(uid: number): void {
    const e = this.explicit.get(uid);
    if (e) for (const k of IF_KEYS) e.add(k);
  }

  removeIface(uid: number): void {
    this.perIface.delete(uid);
    this.explicit.delete(uid);
  }

  apply(w: SysctlWrite, v: number, line: number): void {
    if (w.kind === 'net') {
      this.net[w.key] = v;
      this.lines.set(`net.${w.key}`, line);
      return;
    }
    if (w.kind === 'ip_forward' || (w.kind === 'all' && w.key === 'forwarding')) {
      this.lines.set('ip_forward', line);
      if (this.all.forwarding === v) return;
      this.all.forwarding = v;
      this.all.accept_redirects = v ? 0 : 1;
      this.dflt.forwarding = v;
      for (const c of this.perIface.values()) c.forwarding = v;
      return;
    }
    if (w.kind === 'all') {
      this.all[w.key] = v;
      this.lines.set(`all.${w.key}`, line);
    } else if (w.kind === 'default') {
      this.dflt[w.key] = v;
      this.lines.set(`default.${w.key}`, line);
      if (w.key !== 'forwarding')
        for (const [uid, c] of this.perIface) if (!this.explicit.get(uid)!.has(w.key)) c[w.key] = v;
    } else {
      const c = this.perIface.get(w.uid);
      if (!c) return;
      c[w.key] = v;
      this.explicit.get(w.uid)!.add(w.key);
      this.lines.set(`${w.uid}.${w.key}`, line);
    }
  }

  /** Whether anything differs from a fresh namespace (interfaces aside). */
  touched(): boolean {
    return (
      IF_KEYS.some((k) => this.all[k] !== IFCONF_DEFAULTS[k] || this.dflt[k] !== IFCONF_DEFAULTS[k]) ||
      NET_KEYS.some((k) => this.net[k] !== NETCONF_DEFAULTS[k])
    );
  }
}

/** The sysctl name of an interface's knob: dots in the name are written as `/`, as sysctl(8) does. */
export const ifaceSysctl = (name: string, key: IfConfKey) =>
  `net.ipv4.conf.${name.replaceAll('.', '/')}.${key}`;

export interface EmittedSysctl {
  readonly name: string;
  readonly value: number;
  /** The tracker's line key (see {@link SysctlTracker.lines}). */
  readonly lineKey: string;
}

/**
 * Document sysctls reproducing the tracker's state for these interfaces (`lo` included), in the order
 * the compiler must apply them: ip_forward, conf.all, conf.default, each interface, net.ipv4.*.
 */
export function emitSysctls(
  t: SysctlTracker,
  ifaces: readonly { readonly uid: number; readonly name: string }[],
): EmittedSysctl[] {
  const out: EmittedSysctl[] = [];
  const all = { ...IFCONF_DEFAULTS };
  const dflt = { ...IFCONF_DEFAULTS };
  const per = new Map(ifaces.map((i) => [i.uid, { ...IFCONF_DEFAULTS }]));
  if (t.all.forwarding === 1) {
    out.push({ name: 'net.ipv4.ip_forward', value: 1, lineKey: 'ip_forward' });
    all.forwarding = 1;
    all.accept_redirects = 0;
    dflt.forwarding = 1;
    for (const c of per.values()) c.forwarding = 1;
  }
  for (const k of IF_KEYS)
    if (k !== 'forwarding' && t.all[k] !== all[k])
      out.push({ name: `net.ipv4.conf.all.${k}`, value: t.all[k], lineKey: `all.${k}` });
  for (const k of IF_KEYS)
    if (t.dflt[k] !== dflt[k]) {
      out.push({ name: `net.ipv4.conf.default.${k}`, value: t.dflt[k], lineKey: `default.${k}` });
      if (k !== 'forwarding') for (const c of per.values()) c[k] = t.dflt[k];
    }
  for (const i of ifaces) {
    const want = t.perIface.get(i.uid);
    const have = per.get(i.uid)!;
    if (!want) continue;
    for (const k of IF_KEYS)
      if (want[k] !== have[k])
        out.push({ name: ifaceSysctl(i.name, k), value: want[k], lineKey: `${i.uid}.${k}` });
  }
  for (const k of NET_KEYS)
    if (t.net[k] !== NETCONF_DEFAULTS[k])
      out.push({ name: `net.ipv4.${k}`, value: t.net[k], lineKey: `net.${k}` });
  return out;
}
