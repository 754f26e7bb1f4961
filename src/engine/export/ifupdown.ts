/**
 * One device as Debian's /etc/network/interfaces (ifupdown): `auto` + `iface … inet static` with
 * `address`/`netmask` (and `gateway` for a plain default route through that interface), `inet manual`
 * with `up ip addr add` where ifupdown's options cannot say it (noprefixroute, an explicit broadcast, /31,
 * /32), further addresses as `up` lines. What belongs to the whole device — sysctls, policy rules, the
 * other routes, proxy ARP entries, the iptables rules — is set by `up` lines of the last interface, when
 * every address exists, and the rules, routes and proxy entries are removed by `down` lines again.
 * The iptables rules are read from /etc/iptables/rules.v4 (the iptables-save export of the device).
 */
import { broadcastOf, formatIpv4, inPrefix, maskOf } from '../addr/ipv4.ts';
import type { Device, IfAddr, Iface } from '../model/device.ts';
import type { Network } from '../model/network.ts';
import { TABLE_MAIN, type Route } from '../model/route.ts';
import { deviceTitle, type ExportText } from './device.ts';
import {
  addressArgs,
  customRules,
  labAddresses,
  proxyArgs,
  routeAddArgs,
  ruleAddArgs,
  ruleDelArgs,
  sysctlWrites,
  userRoutes,
} from './ip-commands.ts';
import { macComment } from './ip.ts';
import { shComment, shq } from './shell.ts';

const cmd = (words: readonly string[]) => words.map(shq).join(' ');
const del = (args: readonly string[]) => args.map((a, i) => (i === 1 ? 'del' : a));

/** ifupdown's `address`/`netmask` (it adds `broadcast +`, the all-ones broadcast) says exactly this address. */
function staticOk(a: IfAddr): boolean {
  const all = broadcastOf({ addr: a.local, len: a.len });
  return !a.noprefixroute && a.len < 31 && (a.broadcast === undefined || a.broadcast === all);
}

/** The main-table default route ifupdown's `gateway` option can add for this interface, if any. */
function gatewayRoute(d: Device, i: Iface, first: IfAddr): Route | undefined {
  return userRoutes(d).find(
    (r) =>
      r.table === TABLE_MAIN &&
      r.type === 'unicast' &&
      r.len === 0 &&
      r.metric === 0 &&
      r.gateway !== undefined &&
      r.dev === i.name &&
      r.prefsrc === undefined &&
      !r.onlink &&
      r.scope === 'global' &&
      r.nhScope === 'link' &&
      inPrefix(r.gateway, { addr: first.local, len: first.len }),
  );
}

export function ifupdown(net: Network, d: Device): ExportText {
  const out = [
    shComment(`natlab: ${deviceTitle(net, d)} as /etc/network/interfaces (ifupdown)`),
    macComment(d),
    '',
    'auto lo',
    'iface lo inet loopback',
  ];
  const lo = d.ifaces.find((i) => i.loopback)!;
  for (const a of labAddresses(lo)) out.push(`    up ${cmd(['ip', ...addressArgs(lo, a)])}`);
  const ifaces = d.ifaces.filter((i) => !i.loopback);
  let viaGateway: Route | undefined;
  ifaces.forEach((i, k) => {
    const addrs = labAddresses(i);
    const first = addrs[0];
    out.push('', `auto ${i.name}`);
    if (first && staticOk(first)) {
      out.push(
        `iface ${i.name} inet static`,
        `    address ${formatIpv4(first.local)}`,
        `    netmask ${formatIpv4(maskOf(first.len))}`,
      );
      const gw = viaGateway ? undefined : gatewayRoute(d, i, first);
      if (gw) {
        viaGateway = gw;
        out.push(`    gateway ${formatIpv4(gw.gateway!)}`);
      }
      for (const a of addrs.slice(1)) out.push(`    up ${cmd(['ip', ...addressArgs(i, a)])}`);
    } else {
      out.push(`iface ${i.name} inet manual`, `    up ${cmd(['ip', 'link', 'set', 'dev', i.name, 'up'])}`);
      for (const a of addrs) out.push(`    up ${cmd(['ip', ...addressArgs(i, a)])}`);
    }
    if (k === ifaces.length - 1) out.push(...deviceWide(d, viaGateway));
  });
  if (ifaces.length === 0) out.push(...deviceWide(d, undefined));
  out.push('');
  return { text: out.join('\n'), warnings: [] };
}

/** `up`/`down` lines for what belongs to the whole device. */
function deviceWide(d: Device, skip: Route | undefined): string[] {
  const up: string[] = [];
  const down: string[] = [];
  for (const w of sysctlWrites(d)) up.push(cmd(['sysctl', '-w', w]));
  for (const a of ruleDelArgs(d)) up.push(cmd(['ip', ...a]));
  for (const r of customRules(d)) {
    up.push(cmd(['ip', ...ruleAddArgs(r)]));
    down.unshift(cmd(['ip', ...del(ruleAddArgs(r))]));
  }
  for (const r of userRoutes(d)) {
    if (r === skip) continue;
    up.push(cmd(['ip', ...routeAddArgs(r)]));
    down.unshift(cmd(['ip', ...del(routeAddArgs(r))]));
  }
  for (const a of proxyArgs(d)) {
    up.push(cmd(['ip', ...a]));
    down.unshift(cmd(['ip', ...del(a)]));
  }
  const lines: string[] = [];
  if (up.length || d.ruleset.size) lines.push('    # the whole device, once every interface is up');
  lines.push(...up.map((l) => `    up ${l}`));
  if (d.ruleset.size)
    lines.push(
      '    # /etc/iptables/rules.v4: natlab export LAB --format iptables-save --device ID',
      '    up iptables-restore < /etc/iptables/rules.v4',
    );
  lines.push(...down.map((l) => `    down ${l}`));
  return lines;
}
