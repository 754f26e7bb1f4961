/**
 * `ip link add|set|delete|show` (iproute2's iplink.c): veth pairs (`peer name P [netns NS]`, also
 * `ip link add A netns X type veth peer name B netns Y` from the host, which places both ends), bridges
 * (with their STP and delay options), dummies; `set` with up/down, name, address, netns, master,
 * nomaster (several in one command, applied in the kernel's order: namespace first, flags last). Links
 * may also be made in the host's own namespace — to be moved into a namespace (`ip link set DEV netns
 * NS`, which brings them down, as the kernel does) or, for a bridge and its ports, to be a segment.
 */
import { parseMac } from '../addr/mac.ts';
import { ifnameProblem } from '../lab/compile.ts';
import { subcommand } from './cmd-ip.ts';
import { nextArg, openNs, type Ctx } from './context.ts';
import { CommandFailure, kernelRefuses, unsupported } from './issues.ts';
import { destroyLink, moveLink, setDown, setUp } from './links.ts';
import { linkByName, type Link, type LinkKind, type Ns } from './model.ts';

const LINK_CMDS = [
  'add',
  'set',
  'change',
  'replace',
  'delete',
  'show',
  'lst',
  'list',
  'xstats',
  'afstats',
  'property',
  'help',
];

interface LinkArgs {
  dev?: string;
  name?: string;
  netns?: string;
  mac?: string;
  up?: boolean;
  master?: string;
  nomaster?: boolean;
  type?: string;
  typeArgs: string[];
}

/** The words before `type` (and the type's own words), as `iplink_parse` reads them. */
function parseLinkArgs(c: Ctx, args: readonly string[]): LinkArgs {
  const r: LinkArgs = { typeArgs: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const val = () => nextArg(args, ++i);
    if (a === 'up') r.up = true;
    else if (a === 'down') r.up = false;
    else if (a === 'name') r.name = val();
    else if (a === 'address' || a === 'addr') r.mac = val();
    else if (a === 'netns') r.netns = val();
    else if (a === 'master') r.master = val();
    else if (a === 'nomaster') r.nomaster = true;
    else if (a === 'type') {
      r.type = val();
      r.typeArgs = args.slice(i + 1);
      break;
    } else if (a === 'mtu') {
      val();
      c.warn(`mtu is not modelled: natlab never fragments nor checks packet sizes`);
    } else if (
      a === 'txqueuelen' ||
      a === 'txqlen' ||
      a === 'qlen' ||
      a === 'numtxqueues' ||
      a === 'numrxqueues'
    ) {
      val();
    } else if (a === 'promisc' || a === 'multicast' || a === 'allmulticast' || a === 'alias') {
      val();
      c.warn(`"${a}" is not modelled and changes nothing natlab simulates`);
    } else if (a === 'arp') {
      if (val() !== 'on') unsupported('"arp off" is not modelled: every natlab interface answers ARP');
    } else if (a === 'addrgenmode')
      val(); // IPv6 only
    else if (a === 'dev') r.dev = val();
    else if (
      [
        'link',
        'index',
        'broadcast',
        'brd',
        'vf',
        'vrf',
        'group',
        'mode',
        'state',
        'dynamic',
        'trailers',
        'carrier',
        'protodown',
        'link-netns',
        'link-netnsid',
        'xdp',
        'gso_max_size',
        'gso_max_segs',
        'gro_max_size',
      ].includes(a)
    )
      unsupported(`ip link option "${a}" is not supported`);
    else if (r.dev === undefined) r.dev = a;
    else kernelRefuses(`Error: either "dev" is duplicate, or "${a}" is a garbage.`);
  }
  return r;
}

function checkName(name: string): void {
  if (name === '' || name.length >= 16 || /[/\s:]/.test(name) || name === '.' || name === '..')
    kernelRefuses(`Error: argument "${name}" is wrong: "name" not a valid ifname`);
  const bad = ifnameProblem(name);
  if (bad) unsupported(bad);
}

function checkMac(text: string): string {
  const m = parseMac(text);
  if (!m.ok) kernelRefuses(`"${text}" is invalid lladdr.`);
  if ((parseInt(m.value.slice(0, 2), 16) & 1) === 1 || m.value === '00:00:00:00:00:00')
    kernelRefuses('RTNETLINK answers: Cannot assign requested address');
  return m.value;
}

function newLink(c: Ctx, ns: Ns, kind: LinkKind, name: string, mac?: string): Link {
  checkName(name);
  if (linkByName(ns, name)) kernelRefuses('RTNETLINK answers: File exists');
  const link = c.world.addLink(ns, kind, name, c.line);
  if (mac !== undefined) link.mac = checkMac(mac);
  return link;
}

export function ipLink(c: Ctx, args: readonly string[]): void {
  const sub = subcommand(args[0], LINK_CMDS, 'link');
  const rest = args.slice(1);
  if (sub === 'list' || sub === 'help' || sub === 'xstats' || sub === 'afstats')
    return c.harmless(`ip link ${sub}`);
  if (sub === 'add') return linkAdd(c, rest);
  if (sub === 'set' || sub === 'change') return linkSet(c, rest);
  if (sub === 'delete') return linkDel(c, rest);
  unsupported(`"ip link ${sub}" is not supported`);
}

function linkAdd(c: Ctx, args: readonly string[]): void {
  const a = parseLinkArgs(c, args);
  const name = a.name ?? a.dev;
  if (name === undefined) kernelRefuses('Not enough information: "dev" argument is required.');
  if (a.type === undefined) kernelRefuses('Not enough information: "type" argument is required');
  if (a.master !== undefined || a.nomaster)
    unsupported('set the master with "ip link set DEV master BR" after creating it');
  // in the host, links may be made and then moved into namespaces (or bridged there): never a device
  const here = c.ns ?? c.world.host;
  const ns = a.netns !== undefined ? openNs(c, a.netns) : here;
  if (a.type === 'veth') {
    const t = a.typeArgs;
    if (t.length === 0)
      unsupported(
        'a veth needs its peer\'s name: "type veth peer name NAME" (the kernel would pick "vethN")',
      );
    if (t[0] !== 'peer')
      kernelRefuses(`Error: argument "${t[0]}" is wrong: Usage: ... veth [peer <options>]`);
    const p = parseLinkArgs(c, t.slice(1));
    const peerName = p.name ?? p.dev;
    if (peerName === undefined)
      unsupported('a veth needs its peer\'s name: "peer name NAME" (the kernel would pick "vethN")');
    if (p.type !== undefined || p.master !== undefined)
      unsupported('peer options other than name, netns, address and up are not supported');
    const peerNs = p.netns !== undefined ? openNs(c, p.netns) : here;
    checkName(name);
    checkName(peerName);
    if (linkByName(ns, name) || linkByName(peerNs, peerName) || (ns === peerNs && name === peerName))
      kernelRefuses('RTNETLINK answers: File exists');
    const l = newLink(c, ns, 'veth', name, a.mac);
    const r = newLink(c, peerNs, 'veth', peerName, p.mac);
    l.peer = r;
    r.peer = l;
    if (a.up) setUp(l);
    if (p.up) setUp(r);
    return;
  }
  if (a.type === 'bridge') {
    const l = newLink(c, ns, 'bridge', name, a.mac);
    bridgeOptions(c, a.typeArgs);
    if (a.up) setUp(l);
    return;
  }
  if (a.type === 'dummy') {
    if (a.typeArgs.length)
      kernelRefuses(`Error: argument "${a.typeArgs[0]}" is wrong: dummy takes no options`);
    const l = newLink(c, ns, 'dummy', name, a.mac);
    if (ns !== c.world.host)
      c.warn(
        `dummy interface "${name}": imported as an interface plugged into no segment (what is sent there goes nowhere)`,
      );
    if (a.up) setUp(l);
    return;
  }
  unsupported(`link type "${a.type}" is not modelled: natlab imports veth pairs, bridges and dummies`);
}

/** `type bridge …` options: those that do not change what a bridge forwards are accepted. */
function bridgeOptions(c: Ctx, args: readonly string[]): void {
  for (let i = 0; i < args.length; i += 2) {
    const k = args[i]!;
    const v = nextArg(args, i + 1);
    if (k === 'stp_state') {
      if (v !== '0') c.warn('STP is not modelled: natlab bridges forward at once, as with stp_state 0');
    } else if (k === 'vlan_filtering') {
      if (v !== '0') unsupported('VLAN filtering is not modelled (natlab segments carry untagged frames)');
    } else if (k === 'nf_call_iptables' || k === 'nf_call_arptables') {
      if (v !== '0') c.warn(`${k} ${v}: natlab's segments never pass bridged frames through iptables`);
    } else if (
      ![
        'forward_delay',
        'hello_time',
        'max_age',
        'ageing_time',
        'priority',
        'mcast_snooping',
        'mcast_querier',
        'group_fwd_mask',
        'nf_call_ip6tables',
      ].includes(k)
    )
      unsupported(`bridge option "${k}" is not supported`);
  }
}

function linkSet(c: Ctx, args: readonly string[]): void {
  const a = parseLinkArgs(c, args);
  if (a.dev === undefined) kernelRefuses('Not enough information: "dev" argument is required.');
  const ns = c.ns ?? c.world.host;
  const link = linkByName(ns, a.dev);
  if (!link) kernelRefuses(`Cannot find device "${a.dev}"`);
  if (a.netns !== undefined && a.master !== undefined)
    unsupported('move the link first ("ip link set DEV netns NS"), then set its master there');
  const master = a.master !== undefined ? linkByName(ns, a.master) : undefined;
  if (a.master !== undefined && !master)
    kernelRefuses(`Error: argument "${a.master}" is wrong: Device does not exist`);
  if (a.name !== undefined) checkName(a.name);
  if (a.netns !== undefined) moveLink(link, openNs(c, a.netns), c.line, a.name);
  if (a.mac !== undefined) {
    if (link.kind === 'lo') kernelRefuses('RTNETLINK answers: Operation not supported');
    link.mac = checkMac(a.mac);
  }
  if (a.name !== undefined && a.name !== link.name) {
    checkName(a.name);
    if (linkByName(link.ns, a.name)) kernelRefuses('RTNETLINK answers: File exists');
    link.name = a.name;
  }
  if (master) {
    if (master.kind !== 'bridge') kernelRefuses('RTNETLINK answers: Operation not supported');
    if (link.kind === 'lo' || link === master) kernelRefuses('RTNETLINK answers: Invalid argument');
    if (link.kind === 'bridge') unsupported('a bridge inside a bridge is not supported');
    if (link.addrs.length)
      unsupported(
        `${link.name} has addresses: a bridge port's addresses cannot be modelled (put them on ${master.name})`,
      );
    link.master = master;
  }
  if (a.nomaster) link.master = null;
  if (a.type !== undefined) {
    if (a.type !== 'bridge' || link.kind !== 'bridge')
      unsupported(
        `"ip link set … type ${a.type}" is not supported${a.type === 'bridge' ? ` (${link.name} is not a bridge)` : ''}`,
      );
    bridgeOptions(c, a.typeArgs);
  }
  if (a.up === true) setUp(link);
  if (a.up === false) setDown(link);
}

function linkDel(c: Ctx, args: readonly string[]): void {
  const a = parseLinkArgs(c, args);
  const name = a.dev ?? a.name;
  if (name === undefined) kernelRefuses('Not enough information: "dev" argument is required.');
  const ns = c.ns ?? c.world.host;
  const link = linkByName(ns, name);
  if (!link) throw new CommandFailure(`Cannot find device "${name}"`, 'kernel', true);
  if (link.kind === 'lo') kernelRefuses('RTNETLINK answers: Operation not supported');
  destroyLink(link);
}
