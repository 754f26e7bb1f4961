/** `ip neigh add|del proxy ADDR dev DEV`: proxy ARP entries. Other neighbour entries are not modelled. */
import { subcommand, type IpOptions } from './cmd-ip.ts';
import { nextArg, targetNs, type Ctx } from './context.ts';
import { ipAddrArg, isIpv6 } from './ip-args.ts';
import { kernelRefuses, unsupported } from './issues.ts';
import { linkByName } from './model.ts';

const NEIGH_CMDS = ['add', 'change', 'replace', 'delete', 'list', 'show', 'lst', 'flush', 'get', 'help'];

export function ipNeigh(c: Ctx, args: readonly string[], o: IpOptions): void {
  const sub = subcommand(args[0], NEIGH_CMDS, 'neigh');
  if (sub === 'list' || sub === 'get' || sub === 'help') return c.harmless(`ip neigh ${sub}`);
  if (sub !== 'add' && sub !== 'delete' && sub !== 'replace')
    unsupported(
      `"ip neigh ${sub}" is not supported (natlab imports proxy entries: ip neigh add proxy ADDR dev DEV)`,
    );
  const rest = args.slice(1);
  let proxy: string | undefined;
  let dev: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === 'proxy') proxy = nextArg(rest, ++i);
    else if (a === 'dev') dev = nextArg(rest, ++i);
    else if (a === 'lladdr' || a === 'nud' || a === 'router' || a === 'extern_learn' || proxy === undefined)
      unsupported('static neighbour (ARP) entries are not modelled: natlab resolves neighbours by ARP');
    else kernelRefuses(`Error: either "to" is duplicate, or "${a}" is a garbage.`);
  }
  if (proxy === undefined) unsupported('static neighbour (ARP) entries are not modelled');
  if (o.inet6 || isIpv6(proxy)) return c.warn('IPv6 is not modelled: this proxy entry is left out');
  if (dev === undefined)
    unsupported(
      'a proxy entry without "dev" answers on every interface; natlab needs the interface: add "dev DEV"',
    );
  const ns = targetNs(c);
  const link = linkByName(ns, dev);
  if (!link) kernelRefuses(`Cannot find device "${dev}"`);
  const addr = ipAddrArg(proxy, 'proxy address');
  const at = ns.proxies.findIndex((p) => p.addr === addr && p.link === link);
  if (sub === 'delete') {
    if (at < 0) kernelRefuses('RTNETLINK answers: No such file or directory');
    ns.proxies.splice(at, 1);
  } else if (at < 0) ns.proxies.push({ addr, link, line: c.line });
}
