/**
 * From namespaces, links and bridges to the lab's devices and segments. A namespace holding bridges and
 * nothing that makes it a device (no address, route, rule, iptables table or proxy entry, every link a
 * bridge or a bridge port) is a switch; every other namespace is a device. Bridges joined by a veth pair
 * whose ends are both ports form one broadcast domain: one segment. A device interface is on the segment
 * of the bridge its veth peer is a port of, or on a `link` segment with its peer when the peer is another
 * device's interface; a bridge in a device namespace is an interface of that device on the bridge's
 * segment. Bridges (and their ports) in the host's own namespace count like those of a switch. A veth
 * end that is down has no carrier: both ends are then plugged into nothing. The unused,
 * never configured end of a veth pair whose two ends are in one namespace (how natlab's exporter builds
 * an unplugged interface) is not an interface.
 */
import type { ScriptIssue } from './issues.ts';
import type { Link, Ns, World } from './model.ts';

export interface SegmentInfo {
  readonly kind: 'bridge' | 'link';
  readonly line: number;
  /** The first bridge of the domain. */
  readonly bridge?: Link;
  /** The two ends of a device-to-device veth. */
  readonly ends?: readonly [Link, Link];
}

export interface Topology {
  readonly devices: Ns[];
  readonly switches: Ns[];
  readonly interfaces: Map<Ns, Link[]>;
  readonly segments: SegmentInfo[];
  readonly segmentOf: Map<Link, SegmentInfo>;
  readonly errors: ScriptIssue[];
  readonly warnings: ScriptIssue[];
}

const isBuiltinRpdb = (ns: Ns) => ns.rules.length === 3 && ns.rules.every((r) => r.builtin !== null);

function dangling(l: Link): boolean {
  return l.kind === 'veth' && !l.up && l.master === null && l.addrs.length === 0 && !l.configured;
}

function isSwitch(ns: Ns): boolean {
  const links = ns.links.filter((l) => l.kind !== 'lo');
  return (
    links.some((l) => l.kind === 'bridge') &&
    links.every((l) => (l.kind === 'bridge' && l.addrs.length === 0) || l.master !== null || dangling(l)) &&
    ns.routes.length === 0 &&
    isBuiltinRpdb(ns) &&
    ns.tables.size === 0 &&
    ns.proxies.length === 0 &&
    ns.links.every((l) => l.kind !== 'lo' || l.addrs.length === 0)
  );
}

export function topology(world: World): Topology {
  const alive = world.order.filter((n) => n.alive);
  const switches = alive.filter(isSwitch);
  const devices = alive.filter((n) => !switches.includes(n));
  const errors: ScriptIssue[] = [];
  const warnings: ScriptIssue[] = [];
  const warn = (line: number, message: string) => warnings.push({ line, command: '', message });

  // broadcast domains: union-find over bridges
  const parent = new Map<Link, Link>();
  const find = (b: Link): Link => {
    let r = b;
    while (parent.get(r) !== r) r = parent.get(r)!;
    return r;
  };
  // the host's own namespace is never a device, but its bridges are segments (and its veths join them)
  const scanned = [...alive, world.host];
  const bridges = scanned.flatMap((n) => n.links.filter((l) => l.kind === 'bridge'));
  for (const b of bridges) parent.set(b, b);
  for (const n of scanned)
    for (const l of n.links) {
      const p = l.peer;
      if (!p || l.uid > p.uid || !l.master || !p.master) continue;
      if (l.up && p.up) parent.set(find(l.master), find(p.master));
      else
        warn(
          l.line,
          `the bridges ${l.master.name} (${l.ns.name}) and ${p.master.name} (${p.ns.name}) are not joined: the veth between them is down`,
        );
    }
  const segments: SegmentInfo[] = [];
  const domain = new Map<Link, SegmentInfo>();
  for (const b of bridges) {
    const root = find(b);
    if (!domain.has(root)) {
      const s: SegmentInfo = { kind: 'bridge', line: b.line, bridge: b };
      domain.set(root, s);
      segments.push(s);
    }
    if (!b.up)
      warn(
        b.line,
        `the bridge ${b.name} in ${b.ns.name} is never brought up: on Linux it forwards nothing; natlab models it up`,
      );
  }

  const interfaces = new Map<Ns, Link[]>();
  for (const n of devices) {
    const list = n.links.filter(
      (l) =>
        l.kind !== 'lo' &&
        l.master === null &&
        !(dangling(l) && l.peer?.ns === n && !n.proxies.some((p) => p.link === l)),
    );
    interfaces.set(n, list);
    for (const l of n.links)
      if (l.master !== null && l.addrs.length)
        errors.push({
          line: l.line,
          command: '',
          message: `${l.name} in ${n.name} is a port of ${l.master.name} and has addresses: a bridge port's addresses cannot be modelled`,
        });
  }
  const isIface = (l: Link) => interfaces.get(l.ns)?.includes(l) ?? false;

  const segmentOf = new Map<Link, SegmentInfo>();
  for (const n of devices)
    for (const l of interfaces.get(n)!) {
      if (!l.up) {
        const msg = `${l.name} in ${n.name} is never brought up (ip link set ${l.name} up): on Linux it carries nothing`;
        if (l.addrs.length)
          errors.push({
            line: l.line,
            command: '',
            message: `${msg}, yet it has addresses, and natlab models every interface as up`,
          });
        else warn(l.line, `${msg}; imported as plugged into no segment`);
        continue;
      }
      if (l.kind === 'bridge') {
        segmentOf.set(l, domain.get(find(l))!);
        continue;
      }
      const p = l.peer;
      if (l.kind !== 'veth' || !p || segmentOf.has(l)) continue;
      if (!p.up) {
        if (!(dangling(p) && p.ns === n))
          warn(
            l.line,
            `${l.name} in ${n.name} has no carrier: its peer ${p.name} (in ${p.ns.name}) is never brought up; imported as plugged into no segment`,
          );
        continue;
      }
      if (p.master) {
        segmentOf.set(l, domain.get(find(p.master))!);
      } else if (isIface(p)) {
        const s: SegmentInfo = { kind: 'link', line: Math.min(l.line, p.line), ends: [l, p] };
        segments.push(s);
        segmentOf.set(l, s);
        segmentOf.set(p, s);
      } else
        warn(
          l.line,
          `the peer of ${l.name} (${p.name} in ${p.ns.name}) is in no bridge; ${l.name} is imported as plugged into no segment`,
        );
    }
  for (const l of world.host.links)
    if (l.kind !== 'lo' && l.kind !== 'bridge' && l.master === null)
      warn(
        l.line,
        `${l.name} stays in the host's own namespace, which is not part of the lab${l.peer && l.peer.ns !== world.host ? ` (so ${l.peer.name} in ${l.peer.ns.name} has no partner)` : ''}`,
      );
  segments.sort((a, b) => a.line - b.line);
  return { devices, switches, interfaces, segments, segmentOf, errors, warnings };
}
