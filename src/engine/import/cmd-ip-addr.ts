/**
 * `ip addr add ADDR/LEN [broadcast B|+|-] [noprefixroute] dev D` (iproute2's ipaddress.c). Addresses
 * are kept in `ip addr add` order; the compiler makes them primary or secondary and creates the kernel's
 * routes exactly as `__inet_insert_ifa` and `fib_add_ifaddr` do.
 */
import { broadcastOf, networkOf, type Ipv4 } from '../addr/ipv4.ts';
import { subcommand, type IpOptions } from './cmd-ip.ts';
import { nextArg, targetNs, type Ctx } from './context.ts';
import { parseIpAddr, parsePrefixArg, isIpv6 } from './ip-args.ts';
import { kernelRefuses, unsupported } from './issues.ts';
import { linkByName } from './model.ts';
import { ADDR_CMDS } from '../tools/ip-keywords.ts';

export function ipAddr(c: Ctx, args: readonly string[], o: IpOptions): void {
  const sub = subcommand(args[0], ADDR_CMDS, 'address');
  if (sub === 'list' || sub === 'help' || sub === 'showdump' || sub === 'save')
    return c.harmless(`ip address ${sub}`);
  if (sub === 'delete' || sub === 'flush')
    unsupported(`"ip address ${sub}" is not supported: write only the addresses the lab ends up with`);
  if (sub !== 'add' && sub !== 'replace' && sub !== 'change')
    unsupported(`"ip address ${sub}" is not supported`);
  const rest = args.slice(1);
  let local: string | undefined;
  let dev: string | undefined;
  let brd: string | undefined;
  let noprefixroute = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    const val = () => nextArg(rest, ++i);
    if (a === 'dev') dev = val();
    else if (a === 'local') local = val();
    else if (a === 'broadcast' || a === 'brd') brd = val();
    else if (a === 'noprefixroute') noprefixroute = true;
    else if (a === 'nodad' || a === 'optimistic' || a === 'home' || a === 'mngtmpaddr') continue;
    else if (a === 'valid_lft' || a === 'preferred_lft') {
      if (val() !== 'forever')
        unsupported('address lifetimes are not modelled: natlab addresses never expire');
    } else if (a === 'label') {
      val();
      c.warn(
        'address labels (aliases like eth0:1) only name the address; natlab keeps the address without it',
      );
    } else if (a === 'scope') {
      const s = val();
      if (
        s !== 'global' &&
        s !== 'universe' &&
        s !== '0' &&
        !(s === 'host' && local !== undefined && local.startsWith('127.'))
      )
        unsupported(`address scope "${s}" is not modelled (natlab addresses have scope global)`);
    } else if (a === 'peer' || a === 'remote' || a === 'anycast')
      unsupported(`"${a}" addresses are not modelled`);
    else if (a === 'metric' || a === 'priority' || a === 'preference')
      unsupported(
        'a metric on the prefix route of an address is not modelled: use noprefixroute and add the route',
      );
    else if (a === 'autojoin' || a === 'proto') unsupported(`"${a}" is not supported`);
    else if (local === undefined) local = a;
    else kernelRefuses(`Error: either "local" is duplicate, or "${a}" is a garbage.`);
  }
  if (local === undefined) kernelRefuses('Not enough information: "local" argument is required');
  if (o.inet6 || isIpv6(local)) return c.warn('IPv6 is not modelled: this address is left out');
  if (dev === undefined) kernelRefuses('Not enough information: "dev" argument is required.');
  const ns = targetNs(c);
  const link = linkByName(ns, dev);
  if (!link) kernelRefuses(`Cannot find device "${dev}"`);
  const p = parsePrefixArg(local, 'address');
  if (link.master)
    unsupported(
      `${dev} is a port of ${link.master.name}: a bridge port's addresses cannot be modelled (put them on ${link.master.name})`,
    );
  let broadcast: Ipv4 | undefined;
  if (brd === '+') broadcast = p.len < 31 ? broadcastOf(p) : undefined;
  else if (brd === '-') broadcast = p.len < 31 ? networkOf(p) : undefined;
  else if (brd !== undefined) {
    const b = parseIpAddr(brd);
    if (b === null) kernelRefuses(`Error: inet address is expected rather than "${brd}".`);
    broadcast = b;
  }
  if (link.kind === 'lo' && p.addr === 0x7f000001 && p.len === 8) return; // lo's own
  const same = link.addrs.find((x) => x.cidr.addr === p.addr && x.cidr.len === p.len);
  if (same) {
    if (sub === 'add') kernelRefuses('RTNETLINK answers: File exists');
    if (same.noprefixroute !== noprefixroute || same.broadcast !== broadcast)
      unsupported(`"ip address ${sub}" of an existing address with other settings is not supported`);
    return;
  }
  if (sub === 'change') kernelRefuses('RTNETLINK answers: No such file or directory');
  ns.sysctl.setAll(link.uid);
  link.addrs.push({
    cidr: { addr: p.addr, len: p.len },
    ...(broadcast !== undefined ? { broadcast } : {}),
    noprefixroute,
    prefixRouteGone: false,
    line: c.line,
    seq: ++ns.events,
  });
}
