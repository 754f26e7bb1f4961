/**
 * What a script has built so far, kept as the kernel keeps it: namespaces with their links (veth pairs,
 * bridges, dummies, `lo`), addresses in `ip addr add` order, sysctls, the user's routes in insertion
 * order, the whole RPDB in evaluation order, the iptables tables as ordered rule lists, proxy neighbours.
 * Links are objects, so that a rename or a move between namespaces carries the routes and proxy entries
 * that point at them, as ifindexes do in the kernel.
 */
import type { Cidr, Ipv4 } from '../addr/ipv4.ts';
import type { RouteType, Scope } from '../model/route.ts';
import type { TableName } from '../model/netfilter.ts';
import type { RuleDoc } from '../lab/format.ts';
import type { RuleSpec } from '../lab/compile-rules.ts';
import type { WorkTable } from '../netfilter/restore-command.ts';
import { SysctlTracker } from './sysctl-tracker.ts';

export type LinkKind = 'veth' | 'bridge' | 'dummy' | 'lo';

export interface Addr {
  readonly cidr: Cidr;
  readonly broadcast?: Ipv4;
  noprefixroute: boolean;
  /** The kernel's prefix route for this address was deleted with `ip route del` (or replaced). */
  prefixRouteGone: boolean;
  readonly line: number;
  /** When it was added, on its namespace's event clock ({@link Ns.events}). */
  readonly seq: number;
}

export interface Link {
  readonly uid: number;
  readonly kind: LinkKind;
  name: string;
  ns: Ns;
  peer: Link | null;
  master: Link | null;
  up: boolean;
  /** When it last came up, on its namespace's event clock (0: never). */
  upSeq: number;
  mac: string | null;
  addrs: Addr[];
  /** Line of the command that created it (or moved it into its namespace). */
  line: number;
  /** A sysctl of its own was written (`net.ipv4.conf.NAME.*`). */
  configured: boolean;
  alive: boolean;
}

export interface UserRoute {
  readonly table: number;
  readonly type: RouteType;
  readonly dst: Ipv4;
  readonly len: number;
  readonly metric: number;
  readonly gateway?: Ipv4;
  readonly dev: Link | null;
  /** The link the gateway was found on (routes through it go when it goes down). */
  readonly nh: Link | null;
  /** What made the gateway reachable when the route was added (for explaining a later refusal). */
  readonly nhBy?: string;
  readonly src?: Ipv4;
  readonly scope?: Scope;
  readonly onlink: boolean;
  readonly line: number;
}

export interface RuleEntry {
  /** The rule as the document writes it (pref always explicit), null for the kernel's three defaults. */
  readonly doc: RuleDoc | null;
  readonly spec: RuleSpec & { readonly pref: number };
  /** Which default rule this is, for the kernel's own. */
  readonly builtin: 'local' | 'main' | 'default' | null;
  readonly line: number;
}

export interface ProxyEntry {
  readonly addr: Ipv4;
  readonly link: Link;
  readonly line: number;
}

export interface Ns {
  readonly name: string;
  readonly line: number;
  readonly links: Link[];
  readonly sysctl: SysctlTracker;
  routes: UserRoute[];
  rules: RuleEntry[];
  readonly tables: Map<TableName, WorkTable>;
  /** Line that last changed each table, and each iptables rule's line (by rule object). */
  readonly tableLines: Map<TableName, number>;
  readonly ruleLines: Map<object, number>;
  proxies: ProxyEntry[];
  /** `net.bridge.bridge-nf-call-iptables=1` was written here. */
  bridgeNf: number | null;
  alive: boolean;
  /**
   * Event clock: addresses added and links brought up, in order. The kernel inserts the routes of an
   * address when both have happened, and among routes to the same prefix the first inserted wins.
   */
  events: number;
}

/** Name the host's own namespace goes by in messages. */
export const HOST_NS = 'the host namespace';

export class World {
  readonly namespaces = new Map<string, Ns>();
  /** Every namespace ever created, in order (deleted ones have alive = false). */
  readonly order: Ns[] = [];
  private uid = 1;
  /**
   * The namespace the script runs in. Links may be created there, bridged and moved out (what many
   * selftests do); it is never a device — nothing in it may carry addresses, routes or rules.
   */
  readonly host: Ns = this.newNs(HOST_NS, 0);

  addNs(name: string, line: number): Ns {
    const ns = this.newNs(name, line);
    this.namespaces.set(name, ns);
    this.order.push(ns);
    return ns;
  }

  private newNs(name: string, line: number): Ns {
    const ns: Ns = {
      name,
      line,
      links: [],
      sysctl: new SysctlTracker(),
      routes: [],
      rules: [
        builtinRule(0, 255, 'local'),
        builtinRule(32766, 254, 'main'),
        builtinRule(32767, 253, 'default'),
      ],
      tables: new Map(),
      tableLines: new Map(),
      ruleLines: new Map(),
      proxies: [],
      bridgeNf: null,
      alive: true,
      events: 0,
    };
    this.addLink(ns, 'lo', 'lo', line);
    return ns;
  }

  addLink(ns: Ns, kind: LinkKind, name: string, line: number): Link {
    const link: Link = {
      uid: this.uid++,
      kind,
      name,
      ns,
      peer: null,
      master: null,
      up: false,
      upSeq: 0,
      mac: null,
      addrs: [],
      line,
      configured: false,
      alive: true,
    };
    ns.links.push(link);
    ns.sysctl.addIface(link.uid);
    return link;
  }
}

function builtinRule(pref: number, table: number, builtin: 'local' | 'main' | 'default'): RuleEntry {
  return { doc: null, spec: { pref, not: false, action: 'lookup', table }, builtin, line: 0 };
}

/** A link of a namespace by its current name. */
export function linkByName(ns: Ns, name: string): Link | undefined {
  return ns.links.find((l) => l.name === name);
}
