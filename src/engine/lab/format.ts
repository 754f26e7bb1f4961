/**
 * The lab document (`*.lab.json`), schema version 2, as plain TypeScript types.
 *
 * The engine compiles a validated document into a {@link Network}. Validation of the raw JSON (with
 * valibot) lives in src/lab/, which checks that its schema produces exactly these types, so the engine
 * itself stays free of dependencies. See docs/lab-format.md for the reference.
 *
 * Version 2 added the virtual-lab design intents (`virtualLabs`, src/engine/vlab/design.ts) and the
 * production network parameters of a segment (`subnet`, `gateway`, `dns`); a version-1 document is a
 * version-2 document without them (src/lab/migrate.ts).
 */
import type { DeviceKind } from '../model/device.ts';
import type { SegmentKind } from '../model/network.ts';
import type { Policy, TableName } from '../model/netfilter.ts';
import type { RouteType, Scope } from '../model/route.ts';
import type { RuleAction } from '../model/rpdb.ts';
import type { ProductionNetworkParams, VirtualLabDesign } from '../vlab/design.ts';

export const LAB_SCHEMA_VERSION = 2;

export interface LabDocument {
  /** Optional JSON Schema reference for editors. */
  readonly $schema?: string;
  readonly schemaVersion: typeof LAB_SCHEMA_VERSION;
  readonly name: string;
  readonly description?: string;
  readonly segments: readonly SegmentDoc[];
  readonly devices: readonly DeviceDoc[];
  /**
   * Virtual-lab designs (Veeam's wizard intents): each is expanded by `compileDesign`
   * (src/engine/vlab/compile-design.ts) into the appliance device, the isolated segments it needs and
   * the clients' routes before the lab is compiled.
   */
  readonly virtualLabs?: readonly VirtualLabDesign[];
  /** Canvas positions by device or segment id. */
  readonly layout?: Readonly<Record<string, LayoutDoc>>;
}

export interface LayoutDoc {
  readonly x: number;
  readonly y: number;
  readonly width?: number;
}

/** A segment; `subnet`, `gateway` and `dns` (schema v2) describe a production network. */
export interface SegmentDoc extends ProductionNetworkParams {
  readonly id: string;
  readonly name?: string;
  /** production: a portgroup with uplinks; isolated: a lab copy with no uplink; link: a plain wire. */
  readonly kind: SegmentKind;
  readonly vlan?: number;
  readonly description?: string;
}

export interface DeviceDoc {
  readonly id: string;
  readonly name?: string;
  readonly kind: DeviceKind;
  /**
   * What the machine is in the lab, for the designer's drawing only (the engine ignores it): the backup
   * server, or the production network's default gateway. Absent: a plain host, router or appliance.
   */
  readonly role?: DeviceRole;
  readonly description?: string;
  readonly interfaces: readonly InterfaceDoc[];
  /** Kernel sysctl names and values, applied in order: `"net.ipv4.conf.eth1.rp_filter": 1`. */
  readonly sysctls?: Readonly<Record<string, number>>;
  /** Routes added after the kernel's own (connected and local) routes, in order: `ip route add`. */
  readonly routes?: readonly RouteDoc[];
  /** Policy rules added to the default RPDB in order: `ip rule add`. */
  readonly rules?: readonly RuleDoc[];
  /** Set a default rule to false to model `ip rule del` of it (e.g. after `ip rule flush`). */
  readonly defaultRules?: { readonly local?: boolean; readonly main?: boolean; readonly default?: boolean };
  /** iptables rules: table → chain → rules in `iptables -S` syntax without `-A CHAIN`. */
  readonly iptables?: Partial<Readonly<Record<TableName, Readonly<Record<string, ChainDoc>>>>>;
  /** `ip neigh add proxy ADDR dev DEV`. */
  readonly proxyNeighbours?: readonly ProxyNeighbourDoc[];
  /** Listening sockets: `"tcp/443"`, `"udp/53"`. */
  readonly listen?: readonly string[];
}

export type DeviceRole = 'backup-server' | 'production-gateway';

export interface InterfaceDoc {
  readonly name: string;
  readonly mac?: string;
  /** Segment id, or null/absent for an unplugged interface. */
  readonly segment?: string | null;
  /** `"192.168.149.2/24"` or `{ "address": "…", "noprefixroute": true }`, in `ip addr add` order. */
  readonly addresses?: readonly AddressDocEntry[];
}

export type AddressDocEntry = string | AddressDoc;

export interface AddressDoc {
  readonly address: string;
  readonly noprefixroute?: boolean;
  readonly broadcast?: string;
}

export interface RouteDoc {
  /** Prefix or `default`. */
  readonly to: string;
  readonly type?: RouteType;
  readonly via?: string;
  readonly dev?: string;
  readonly src?: string;
  readonly metric?: number;
  /** `main` (default), `local`, `default`, or a number 1..2^32-1. */
  readonly table?: string | number;
  readonly onlink?: boolean;
  readonly scope?: Scope;
}

export interface RuleDoc {
  /** Omitted: the kernel picks (pref of the second rule) − 1, as `ip rule add` does. */
  readonly pref?: number;
  readonly not?: boolean;
  readonly from?: string;
  readonly to?: string;
  readonly iif?: string;
  readonly oif?: string;
  /** `0x2/0x2`, `6`, `0/0xffffffff`. */
  readonly fwmark?: string | number;
  readonly ipproto?: string | number;
  readonly sport?: string | number;
  readonly dport?: string | number;
  /** Default `lookup`. */
  readonly action?: RuleAction;
  readonly table?: string | number;
  readonly goto?: number;
  readonly suppressPrefixlength?: number;
}

/** A chain: a list of rules, or an object with a policy (built-in chains) and rules. */
export type ChainDoc = readonly string[] | { readonly policy?: Policy; readonly rules?: readonly string[] };

export interface ProxyNeighbourDoc {
  readonly address: string;
  readonly dev: string;
}

/** A problem with a lab document: where (a JSON path like `devices[2].interfaces[0]`) and what. */
export interface LabIssue {
  readonly path: string;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

export function formatIssue(i: LabIssue): string {
  return `${i.path ? `${i.path}: ` : ''}${i.message}`;
}
