/**
 * What the kernel does to everything that points at a link when it goes away, moves to another
 * namespace or goes down: routes through it are flushed (`fib_sync_down_dev`), proxy entries on it
 * dropped, ports released; a veth's peer dies with it; a moved link loses its addresses and its IPv4
 * settings (`inetdev_destroy`, then `inetdev_init` from the new namespace's `conf/default`) and is down.
 */
import { kernelRefuses } from './issues.ts';
import { linkByName, type Link, type Ns, type World } from './model.ts';

/** Routes and proxy entries through the link are removed from its namespace. */
export function flushVia(link: Link): void {
  const ns = link.ns;
  ns.routes = ns.routes.filter((r) => r.dev !== link && r.nh !== link);
  ns.proxies = ns.proxies.filter((p) => p.link !== link);
}

function detach(link: Link): void {
  const ns = link.ns;
  flushVia(link);
  for (const l of ns.links) if (l.master === link) l.master = null;
  const at = ns.links.indexOf(link);
  if (at >= 0) ns.links.splice(at, 1);
  ns.sysctl.removeIface(link.uid);
  link.master = null;
}

export function destroyLink(link: Link): void {
  if (!link.alive) return;
  link.alive = false;
  detach(link);
  const peer = link.peer;
  link.peer = null;
  if (peer) {
    peer.peer = null;
    destroyLink(peer);
  }
}

export function destroyNs(world: World, ns: Ns): void {
  for (const l of [...ns.links]) destroyLink(l);
  ns.alive = false;
  world.namespaces.delete(ns.name);
}

/** `ip link set DEV netns NS [name NEW]`: the kernel moves the link and names it NEW there. */
export function moveLink(link: Link, to: Ns, line: number, name = link.name): void {
  if (link.kind === 'lo' || link.kind === 'bridge')
    kernelRefuses('RTNETLINK answers: Invalid argument (this kind of device cannot change namespace)');
  if (to === link.ns && name === link.name) return;
  const clash = linkByName(to, name);
  if (clash && clash !== link) kernelRefuses('RTNETLINK answers: File exists');
  link.name = name;
  if (to === link.ns) return;
  detach(link);
  link.addrs = [];
  link.up = false;
  link.configured = false;
  link.ns = to;
  link.line = line;
  to.links.push(link);
  to.sysctl.addIface(link.uid);
}

/** `ip link set DEV down`: routes through it are flushed; its kernel routes come back on `up`. */
export function setDown(link: Link): void {
  if (!link.up) return;
  link.up = false;
  flushVia(link);
}

export function setUp(link: Link): void {
  if (link.up) return;
  link.up = true;
  link.upSeq = ++link.ns.events;
  if (link.kind === 'lo') link.ns.sysctl.setAll(link.uid);
  for (const a of link.addrs) a.prefixRouteGone = false;
}
