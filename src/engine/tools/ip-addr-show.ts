/**
 * `ip addr show [dev D]`, `ip -4 addr`, `ip -j addr`: links and their IPv4 addresses
 * (`print_linkinfo()` and `print_addrinfo()`, ip/ipaddress.c).
 *
 * Every lab interface is printed as a veth that is up with carrier, and lo as after `ip link set lo up`;
 * IPv6 is disabled in lab namespaces, so there are no `inet6` lines. One deliberate difference from the
 * real tool: the peer of a lab veth lives in another namespace, where the kernel prints `eth0@if7` and
 * `link-netns NAME` (`"link_index"`/`"link_netnsid"` in JSON); natlab does not know the peer's ifindex
 * and prints the interface name alone, without those.
 */
import { formatIpv4, ipv4 } from '../addr/ipv4.ts';
import type { Mac } from '../addr/mac.ts';
import type { Device, IfAddr, Iface } from '../model/device.ts';
import { IpPrinter, type OutputOptions } from './ip-print.ts';

export interface AddrShowOptions extends OutputOptions {
  /** `dev D` (or a bare `D`): that link only. */
  readonly dev?: string;
  /** `-4`: IPv4 addresses only, no `link/…` line, links without IPv4 addresses left out. */
  readonly inet?: boolean;
}

/** Valid and preferred lifetime of a static address: INFINITY_LIFE_TIME. */
const FOREVER = 4294967295;

/** What `ip addr` shows of an interface. */
export type Link = Pick<Iface, 'index' | 'name' | 'mac' | 'addrs' | 'loopback'>;

/** The loopback link of a namespace, if the device does not list one. */
const LOOPBACK: Link = {
  index: 1,
  name: 'lo',
  mac: '00:00:00:00:00:00' as Mac,
  addrs: [
    { local: ipv4('127.0.0.1'), len: 8, secondary: false, noprefixroute: false, scope: 'host', docIndex: 0 },
  ],
  loopback: true,
};

/** The links of a device in ifindex order, lo first. */
export function linksOf(device: Device): Link[] {
  const links: Link[] = [...device.ifaces];
  if (!links.some((i) => i.loopback)) links.push(LOOPBACK);
  return links.sort((a, b) => a.index - b.index);
}

function printAddr(p: IpPrinter, link: Link, a: IfAddr): void {
  p.openObject();
  p.str('any', 'family', '    %s ', 'inet');
  p.str('any', 'local', '%s', formatIpv4(a.local));
  p.num('any', 'prefixlen', '/%s ', a.len);
  if (a.broadcast !== undefined) p.str('any', 'broadcast', 'brd %s ', formatIpv4(a.broadcast));
  p.str('any', 'scope', 'scope %s ', a.scope);
  // print_ifa_flags(): IFA_F_SECONDARY, then IFA_F_NOPREFIXROUTE.
  if (a.secondary) p.bool('any', 'secondary', 'secondary ', true);
  if (a.noprefixroute) p.bool('any', 'noprefixroute', 'noprefixroute ', true);
  p.str('any', 'label', '%s', link.name);
  // print_lft(): INFINITY_LIFE_TIME is `forever` in text.
  p.fp('\n       valid_lft forever preferred_lft forever\n');
  p.num('json', 'valid_life_time', '', FOREVER);
  p.num('json', 'preferred_life_time', '', FOREVER);
  p.closeObject();
}

function printLink(p: IpPrinter, link: Link, inet: boolean): void {
  const lo = link.loopback;
  p.openObject();
  p.num('any', 'ifindex', '%s: ', link.index);
  p.str('any', 'ifname', '%s: ', link.name);
  const flags = lo ? ['LOOPBACK', 'UP', 'LOWER_UP'] : ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'];
  p.openArray('any', 'flags', '<');
  flags.forEach((f, i) => p.str('any', null, i < flags.length - 1 ? '%s,' : '%s', f));
  p.closeArray('any', '> ');
  p.num('any', 'mtu', 'mtu %s ', lo ? 65536 : 1500);
  p.str('any', 'qdisc', 'qdisc %s ', 'noqueue');
  p.str('any', 'operstate', 'state %s ', lo ? 'UNKNOWN' : 'UP');
  p.str('any', 'group', 'group %s ', 'default');
  p.num('any', 'txqlen', 'qlen %s', 1000);
  if (!inet) {
    p.fp('\n    ');
    p.str('any', 'link_type', 'link/%s ', lo ? 'loopback' : 'ether');
    p.str('any', 'address', '%s', lo ? '00:00:00:00:00:00' : link.mac);
    p.str('any', 'broadcast', ' brd %s', lo ? '00:00:00:00:00:00' : 'ff:ff:ff:ff:ff:ff');
  }
  p.fp('\n');
  p.openArray('json', 'addr_info');
  for (const a of link.addrs) printAddr(p, link, a);
  p.closeArray('json');
  p.closeObject();
}

/**
 * The output of `ip [-j] [-4] addr show [dev D]`, or null when D does not exist (the caller prints
 * `Device "D" does not exist.`).
 */
export function formatAddrShow(device: Device, opts: AddrShowOptions = {}): string | null {
  let links = linksOf(device);
  if (opts.dev !== undefined) {
    links = links.filter((l) => l.name === opts.dev);
    if (links.length === 0) return null;
  }
  if (opts.inet === true) links = links.filter((l) => l.addrs.length > 0);
  const p = new IpPrinter(opts);
  p.open();
  for (const l of links) printLink(p, l, opts.inet === true);
  return p.close();
}
