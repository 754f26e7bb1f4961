/**
 * Everything a user can flip in a what-if, device by device, labelled in kernel words: each iptables
 * rule as `iptables -S` prints it (`-A PREROUTING -d 192.168.150.0/24 -i eth0 -j NETMAP --to
 * 192.168.149.0/24`), each policy rule (`ip rule fwmark 0x2/0x2 lookup 2`), each route
 * (`ip route 192.168.149.0/24 dev eth1 table 2`), and the sysctls that decide forwarding and
 * reverse-path filtering (`net.ipv4.conf.all.rp_filter`). The expanded lab includes what the designs
 * generate, so the appliance's rules are there too.
 */
import type { DeviceDoc, LabDocument, RouteDoc, RuleDoc } from '../lab/format.ts';
import { checkSysctlValue, parseSysctlName } from '../lab/sysctl.ts';
import { IFCONF_DEFAULTS, NETCONF_DEFAULTS, type IfConfKey, type NetConf } from '../model/device.ts';
import { TABLES, type TableName } from '../model/netfilter.ts';
import { parseRule } from '../netfilter/parse-rule.ts';
import { formatRule } from '../netfilter/print-rule.ts';
import { toggleKey, type WhatIfKind, type WhatIfToggle } from './toggles.ts';

export interface WhatIfCandidate {
  /** The key of its toggles (`toggleKey`). */
  readonly key: string;
  readonly device: string;
  readonly kind: WhatIfKind;
  /** In kernel words. */
  readonly label: string;
  /** For iptables rules: the table. */
  readonly table?: TableName;
  /** The toggle that flips it: the rule, route or ip rule off; the sysctl to another value. */
  readonly toggle: WhatIfToggle;
  /** For sysctls: the value the lab gives it (or the kernel's default) and the values it can take. */
  readonly sysctl?: { readonly key: string; readonly current: number; readonly values: readonly number[] };
}

export interface WhatIfGroup {
  readonly device: string;
  readonly name: string;
  readonly kind: DeviceDoc['kind'];
  readonly candidates: readonly WhatIfCandidate[];
}

export function whatIfCandidates(expanded: LabDocument): WhatIfGroup[] {
  return expanded.devices.map((d) => ({
    device: d.id,
    name: d.name ?? d.id,
    kind: d.kind,
    candidates: [...ruleCandidates(d), ...ipRuleCandidates(d), ...routeCandidates(d), ...sysctlCandidates(d)],
  }));
}

function candidate(t: WhatIfToggle, label: string, extra: Partial<WhatIfCandidate> = {}): WhatIfCandidate {
  return { key: toggleKey(t), device: t.device, kind: t.kind, label, toggle: t, ...extra };
}

function ruleCandidates(d: DeviceDoc): WhatIfCandidate[] {
  const out: WhatIfCandidate[] = [];
  for (const table of TABLES) {
    const chains = d.iptables?.[table];
    for (const [chain, doc] of Object.entries(chains ?? {})) {
      const list = Array.isArray(doc)
        ? (doc as readonly string[])
        : ((doc as { rules?: readonly string[] }).rules ?? []);
      list.forEach((text, index) => {
        const r = parseRule(text, { table, chain, userChains: new Set(Object.keys(chains ?? {})) });
        const body = r.ok ? formatRule(r.value) : text;
        out.push(
          candidate(
            { kind: 'rule-off', device: d.id, table, chain, index },
            `-A ${chain}${body ? ` ${body}` : ''}`,
            {
              table,
            },
          ),
        );
      });
    }
  }
  return out;
}

/** `ip rule [pref N] [not] [from P] [to P] … lookup T` as the lab states it. */
export function ipRuleText(r: RuleDoc): string {
  const w: string[] = ['ip rule'];
  if (r.pref !== undefined) w.push(`pref ${r.pref}`);
  if (r.not) w.push('not');
  if (r.from !== undefined) w.push(`from ${r.from}`);
  if (r.to !== undefined) w.push(`to ${r.to}`);
  if (r.iif !== undefined) w.push(`iif ${r.iif}`);
  if (r.oif !== undefined) w.push(`oif ${r.oif}`);
  if (r.fwmark !== undefined) w.push(`fwmark ${r.fwmark}`);
  if (r.ipproto !== undefined) w.push(`ipproto ${r.ipproto}`);
  if (r.sport !== undefined) w.push(`sport ${r.sport}`);
  if (r.dport !== undefined) w.push(`dport ${r.dport}`);
  const action = r.action ?? 'lookup';
  if (action === 'lookup') w.push(`lookup ${r.table ?? 'main'}`);
  else if (action === 'goto') w.push(`goto ${r.goto ?? '?'}`);
  else w.push(action);
  if (r.suppressPrefixlength !== undefined) w.push(`suppress_prefixlength ${r.suppressPrefixlength}`);
  return w.join(' ');
}

/** `ip route [type] PREFIX [via G] [dev D] [src S] [metric M] [table T] [scope S] [onlink]`. */
export function routeText(r: RouteDoc): string {
  const w: string[] = ['ip route'];
  if (r.type !== undefined && r.type !== 'unicast') w.push(r.type);
  w.push(r.to);
  if (r.via !== undefined) w.push(`via ${r.via}`);
  if (r.dev !== undefined) w.push(`dev ${r.dev}`);
  if (r.src !== undefined) w.push(`src ${r.src}`);
  if (r.metric !== undefined) w.push(`metric ${r.metric}`);
  if (r.table !== undefined && r.table !== 'main') w.push(`table ${r.table}`);
  if (r.scope !== undefined) w.push(`scope ${r.scope}`);
  if (r.onlink) w.push('onlink');
  return w.join(' ');
}

function ipRuleCandidates(d: DeviceDoc): WhatIfCandidate[] {
  return (d.rules ?? []).map((r, index) =>
    candidate({ kind: 'ip-rule-off', device: d.id, index }, ipRuleText(r)),
  );
}

function routeCandidates(d: DeviceDoc): WhatIfCandidate[] {
  return (d.routes ?? []).map((r, index) =>
    candidate({ kind: 'route-off', device: d.id, index }, routeText(r)),
  );
}

/** The kernel's value of a sysctl nobody wrote. */
function defaultValue(key: string): number {
  const conf = /\.([a-z_]+)$/.exec(key)?.[1] ?? '';
  if (key === 'net.ipv4.ip_forward') return 0;
  if (key.startsWith('net.ipv4.conf.') && conf in IFCONF_DEFAULTS) return IFCONF_DEFAULTS[conf as IfConfKey];
  return NETCONF_DEFAULTS[conf as keyof NetConf] ?? 0;
}

/** Forwarding, rp_filter and proxy_arp (all and each interface), and every sysctl the lab writes. */
function sysctlCandidates(d: DeviceDoc): WhatIfCandidate[] {
  const ifaces = d.interfaces.map((i) => i.name);
  const conf = (who: string, k: string) => `net.ipv4.conf.${who.replaceAll('.', '/')}.${k}`;
  const keys = [
    'net.ipv4.ip_forward',
    conf('all', 'rp_filter'),
    ...ifaces.map((i) => conf(i, 'rp_filter')),
    conf('all', 'proxy_arp'),
    ...ifaces.map((i) => conf(i, 'proxy_arp')),
    ...Object.keys(d.sysctls ?? {}),
  ];
  const out: WhatIfCandidate[] = [];
  for (const key of new Set(keys)) {
    const target = parseSysctlName(key, ifaces);
    if (!target.ok) continue;
    // a small set of values to choose from (not `ip_default_ttl`)
    const values = [0, 1, 2, 3, 4, 5, 6, 7, 8].filter((v) => checkSysctlValue(target.value, v) === null);
    if (!values.length || checkSysctlValue(target.value, 9) === null) continue;
    const current = d.sysctls?.[key] ?? defaultValue(key);
    const value = current === values[0] ? values[1]! : values[0]!;
    out.push(
      candidate({ kind: 'sysctl', device: d.id, key, value }, key, { sysctl: { key, current, values } }),
    );
  }
  return out;
}
