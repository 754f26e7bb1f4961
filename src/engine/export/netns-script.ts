/**
 * A lab as a bash script that builds it in network namespaces (and a matching teardown): one namespace
 * per device, one per segment holding a bridge (with bridge-nf-call-iptables=0, so the "switch" runs no
 * netfilter), veth pairs, MACs, addresses, every modelled sysctl set explicitly (never inherited from
 * the host), policy rules, routes, proxy neighbours and `iptables-restore` per device.
 *
 * Only validated identifiers (device/segment ids, interface names) reach the shell, and each value is
 * quoted; the generated bridge-side port names are derived from positions, not from user text.
 */
import { formatIpv4 } from '../addr/ipv4.ts';
import type { Device, IfConf } from '../model/device.ts';
import { IFCONF_DEFAULTS, NETCONF_DEFAULTS } from '../model/device.ts';
import type { Network } from '../model/network.ts';
import { TABLE_DEFAULT, TABLE_LOCAL, TABLE_MAIN, type Route } from '../model/route.ts';
import type { RpdbRule } from '../model/rpdb.ts';
import type { Ruleset } from '../model/netfilter.ts';
import { formatIptablesSave } from '../netfilter/iptables-save.ts';
import { chainIsLive } from '../netfilter/walk.ts';
import { shComment, shq } from './shell.ts';

export interface NetnsOptions {
  /** Namespace name prefix (default `nl-`). Letters, digits, `-`, `_`, `.` only. */
  readonly prefix?: string;
}

const PREFIX_OK = /^[A-Za-z0-9_.-]{0,20}$/;

/** Namespace of a device or segment. */
export function nsName(prefix: string, id: string): string {
  return `${prefix}${id}`;
}

/** Bridge-side name of a device interface's veth peer (≤ 15 characters, from positions only). */
export function portName(deviceIndex: number, ifIndex: number): string {
  return `p${deviceIndex}x${ifIndex}`;
}

const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;

export function routeArgs(r: Route): string[] {
  const a: string[] = [];
  if (r.type !== 'unicast') a.push(r.type);
  a.push(r.len === 0 ? 'default' : `${formatIpv4(r.dst)}/${r.len}`);
  if (r.gateway !== undefined) a.push('via', formatIpv4(r.gateway));
  if (r.dev !== undefined) a.push('dev', r.dev);
  if (r.prefsrc !== undefined) a.push('src', formatIpv4(r.prefsrc));
  if (r.metric) a.push('metric', String(r.metric));
  // ip(8) puts local, broadcast and nat routes in table local unless told otherwise
  const implied = r.type === 'local' || r.type === 'broadcast' ? TABLE_LOCAL : TABLE_MAIN;
  if (r.table !== implied) a.push('table', r.table === TABLE_MAIN ? 'main' : String(r.table));
  a.push('scope', r.scope);
  if (r.onlink) a.push('onlink');
  return a;
}

export function ruleArgs(r: RpdbRule): string[] {
  const a = ['pref', String(r.pref)];
  if (r.not) a.push('not');
  if (r.from) a.push('from', `${formatIpv4(r.from.addr)}/${r.from.len}`);
  if (r.to) a.push('to', `${formatIpv4(r.to.addr)}/${r.to.len}`);
  if (r.fwmark) a.push('fwmark', `${hex(r.fwmark.value)}/${hex(r.fwmark.mask)}`);
  if (r.iif) a.push('iif', r.iif);
  if (r.oif) a.push('oif', r.oif);
  if (r.tos) a.push('tos', String(r.tos));
  if (r.ipproto !== undefined) a.push('ipproto', String(r.ipproto));
  if (r.sport)
    a.push('sport', r.sport.min === r.sport.max ? String(r.sport.min) : `${r.sport.min}-${r.sport.max}`);
  if (r.dport)
    a.push('dport', r.dport.min === r.dport.max ? String(r.dport.min) : `${r.dport.min}-${r.dport.max}`);
  if (r.action === 'lookup') a.push('lookup', String(r.table ?? TABLE_MAIN));
  else if (r.action === 'goto') a.push('goto', String(r.goto));
  else a.push(r.action);
  if (r.suppressPrefixlength !== undefined) a.push('suppress_prefixlength', String(r.suppressPrefixlength));
  return a;
}

export const isDefaultRule = (r: RpdbRule): boolean =>
  r.action === 'lookup' &&
  !r.not &&
  !r.from &&
  !r.to &&
  !r.fwmark &&
  !r.iif &&
  !r.oif &&
  ((r.pref === 0 && r.table === TABLE_LOCAL) ||
    (r.pref === 32766 && r.table === TABLE_MAIN) ||
    (r.pref === 32767 && r.table === TABLE_DEFAULT));

/** sysctl writes that leave the namespace exactly in the state the engine models (see lab/sysctl.ts). */
function sysctlLines(d: Device, ns: string): string[] {
  const kv: string[] = [`net.ipv4.ip_forward=${d.confAll.forwarding}`];
  const keys = Object.keys(IFCONF_DEFAULTS) as (keyof IfConf)[];
  for (const k of keys) if (k !== 'forwarding') kv.push(`net.ipv4.conf.all.${k}=${d.confAll[k]}`);
  for (const k of keys) kv.push(`net.ipv4.conf.default.${k}=${d.confDefault[k]}`);
  for (const i of d.ifaces)
    for (const k of keys) kv.push(`net.ipv4.conf.${i.name.replaceAll('.', '/')}.${k}=${i.rawConf[k]}`);
  for (const k of Object.keys(NETCONF_DEFAULTS) as (keyof typeof NETCONF_DEFAULTS)[])
    kv.push(`net.ipv4.${k}=${d.net[k]}`);
  const lines: string[] = [];
  for (let i = 0; i < kv.length; i += 12)
    lines.push(
      `nsx ${shq(ns)} sysctl -qw ${kv
        .slice(i, i + 12)
        .map(shq)
        .join(' ')}`,
    );
  return lines;
}

/**
 * The delimiter of a quoted here-document holding `body`: nothing in a quoted here-document is expanded,
 * so the only way out is a line equal to the delimiter. User text (an iptables comment) may contain
 * newlines, and bash drops NUL bytes while reading, so the delimiter must not occur anywhere in the
 * body, NULs removed.
 */
export function heredocDelimiter(body: string): string {
  const plain = body.replaceAll('\0', '');
  let eof = 'NATLAB_IPTABLES_EOF';
  for (let k = 2; plain.includes(eof); k++) eof = `NATLAB_IPTABLES_EOF_${k}`;
  return eof;
}

/**
 * `iptables-restore` input that registers exactly the chains the engine treats as live: iptables-nft
 * creates a base chain for every `:CHAIN` line, but `iptables -A` only for the chains it touches (and the
 * kernel's trace shows only existing chains). So built-in chains with no rules and policy ACCEPT are left
 * out, and a table with nothing left is not sent at all.
 */
export function restoreInput(ruleset: Ruleset): string {
  const out: string[] = [];
  for (const [name, table] of ruleset) {
    const keep = [...table.chains.values()].some((c) => c.policy === null || chainIsLive(c));
    if (!keep) continue;
    const text = formatIptablesSave(new Map([[name, table]])).trimEnd();
    for (const line of text.split('\n')) {
      const m = /^:([A-Z]+) ACCEPT \[0:0\]$/.exec(line);
      const c = m ? table.chains.get(m[1]!) : undefined;
      if (c && c.policy !== null && !chainIsLive(c)) continue;
      out.push(line);
    }
  }
  return out.join('\n');
}

export function netnsScript(net: Network, opts: NetnsOptions = {}): string {
  const prefix = opts.prefix ?? 'nl-';
  if (!PREFIX_OK.test(prefix))
    throw new Error(
      `namespace prefix ${JSON.stringify(prefix)} must be up to 20 characters of A-Z a-z 0-9 _ . -`,
    );
  const L: string[] = [];
  const all = [
    ...[...net.segments.keys()].map((id) => nsName(prefix, id)),
    ...net.devices.map((d) => nsName(prefix, d.id)),
  ];
  L.push(
    '#!/bin/bash',
    shComment(`natlab lab "${net.name}" as network namespaces (generated by natlab; safe to re-run)`),
    'set -euo pipefail',
  );
  L.push(`NSS=(${all.map(shq).join(' ')})`);
  L.push('nsx() { local n=$1; shift; ip netns exec "$n" "$@"; }');
  L.push(
    'down() {',
    '  local n',
    '  for n in "${NSS[@]}"; do',
    '    for pid in $(ip netns pids "$n" 2>/dev/null); do kill "$pid" 2>/dev/null || true; done',
    '  done',
  );
  L.push('  for n in "${NSS[@]}"; do ip netns del "$n" 2>/dev/null || true; done', '}');
  L.push('if [ "${1:-}" = "--down" ]; then down; exit 0; fi', 'down');
  L.push('', '# namespaces: no IPv6 noise, loopback up');
  for (const n of all) {
    L.push(`ip netns add ${shq(n)}`);
    L.push(`ip -n ${shq(n)} link set lo up`);
    L.push(`nsx ${shq(n)} sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1`);
  }
  L.push('', '# segments: a bridge each, in its own namespace, running no iptables on bridged frames');
  for (const id of net.segments.keys()) {
    const n = shq(nsName(prefix, id));
    L.push(`ip -n ${n} link add br0 type bridge stp_state 0 forward_delay 0`, `ip -n ${n} link set br0 up`);
    L.push(
      `nsx ${n} sysctl -qw net.bridge.bridge-nf-call-iptables=0 net.bridge.bridge-nf-call-arptables=0 2>/dev/null || true`,
    );
  }
  net.devices.forEach((d, di) => {
    const ns = nsName(prefix, d.id);
    const n = shq(ns);
    L.push('', shComment(`device ${d.id} (${d.kind})`));
    for (const i of d.ifaces) {
      if (i.loopback) continue;
      let port = portName(di + 1, i.index);
      // an unplugged interface's peer lives in the device's own namespace: never reuse one of its names
      if (!i.segment) while (d.ifaces.some((x) => x.name === port)) port += '_';
      if (i.segment) {
        const sw = shq(nsName(prefix, i.segment));
        L.push(`ip -n ${sw} link add ${port} type veth peer name ${shq(i.name)} netns ${n}`);
        L.push(`ip -n ${sw} link set ${port} master br0 up`);
      } else {
        // unplugged: a veth whose peer stays down in the device's own namespace
        L.push(`ip -n ${n} link add name ${shq(i.name)} type veth peer name ${port}`);
      }
      // `dev`/`name` before the interface name: ip(8) would read a name like `up` or `help` as a keyword
      L.push(`ip -n ${n} link set dev ${shq(i.name)} address ${shq(i.mac)} up`);
    }
    for (const i of d.ifaces) {
      for (const a of [...i.addrs].sort((x, y) => x.docIndex - y.docIndex)) {
        if (a.docIndex < 0) continue; // lo's 127.0.0.1/8 exists already
        const brd = a.broadcast !== undefined ? ` broadcast ${formatIpv4(a.broadcast)}` : '';
        L.push(
          `ip -n ${n} addr add ${formatIpv4(a.local)}/${a.len}${brd} dev ${shq(i.name)}${a.noprefixroute ? ' noprefixroute' : ''}`,
        );
      }
    }
    L.push(...sysctlLines(d, ns));
    for (const [pref, table] of [
      [0, TABLE_LOCAL],
      [32766, TABLE_MAIN],
      [32767, TABLE_DEFAULT],
    ] as const)
      if (!d.rules.some((r) => isDefaultRule(r) && r.pref === pref))
        L.push(`ip -n ${n} rule del pref ${pref} lookup ${table}`);
    for (const r of d.rules)
      if (!isDefaultRule(r)) L.push(`ip -n ${n} rule add ${ruleArgs(r).map(shq).join(' ')}`);
    const routes = [...d.tables.values()]
      .flat()
      .filter((r) => r.proto !== 'kernel')
      .sort((a, b) => a.seq - b.seq);
    for (const r of routes) L.push(`ip -n ${n} route add ${routeArgs(r).map(shq).join(' ')}`);
    for (const p of d.proxyNeighbours)
      L.push(`ip -n ${n} neigh add proxy ${formatIpv4(p.addr)} dev ${shq(p.dev)}`);
    const restore = restoreInput(d.ruleset);
    if (restore) {
      const eof = heredocDelimiter(restore);
      L.push(`nsx ${n} iptables-restore <<'${eof}'`, restore, eof);
    }
  });
  L.push('');
  return L.join('\n');
}
