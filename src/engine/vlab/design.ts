/**
 * The virtual-lab design (lab document schema version 2): what a backup admin states in Veeam's
 * virtual-lab wizard — proxy appliance, isolated networks, network settings, static IP mappings —
 * instead of iptables lines. `compileDesign` (src/engine/vlab/compile-design.ts) turns it into the
 * appliance device, the isolated segments' wiring and the clients' routes, each generated line
 * carrying the design field that produced it; the linter (src/engine/vlab/lint/) checks it.
 * Vocabulary and limits: shared/docs/vlab-reference.md §4.1; the generated rules: §4.2 and seed 000.
 *
 * Addresses are strings as users type them ("192.168.149.50", "192.168.150.0/24"); the loader
 * validates them, the compiler parses them. Paths in diagnostics are JSON paths into the document
 * (`virtualLabs[0].isolatedNetworks[1].masquerade`).
 */

/** Wizard step 6 (Networking): `Add-VBRViSimpleVirtualLab` / `Add-VBRViAdvancedVirtualLab [-DVS]`. */
export type NetworkingMode = 'basic-single-host' | 'advanced-single-host' | 'advanced-multi-host';

/** Wizard step 5 (Proxy): the appliance and its production NIC (`New-VBRViVirtualLabProxyAppliance`). */
export interface ProxyApplianceDesign {
  /** Device id of the generated appliance (must not clash with a drawn device). */
  readonly id: string;
  /** Appliance VM name, as shown in vSphere. */
  readonly name?: string;
  /** Segment id of the production network its eth0 is plugged into (cannot be edited later: VL-24). */
  readonly productionNetwork: string;
  /** Static IPv4 address with mask: `"192.168.149.50/24"`. */
  readonly ip: string;
  /** Default gateway (`-DefaultGateway`); default: the production network's gateway. */
  readonly gateway?: string;
  readonly dns?: readonly string[];
  /** "Allow proxy appliance to act as internet proxy" (HTTP(S) only), default port 8080. */
  readonly internetProxy?: { readonly port?: number; readonly productionProxy?: string };
  /** "Route network traffic between vNICs" (`-EnableRoutingBetweenvNics`). */
  readonly routingBetweenVnics?: boolean;
}

/** Wizard steps 7–8: one isolated network and the appliance's vNIC on it. */
export interface IsolatedNetworkDesign {
  /** Segment id of the isolated portgroup (kind `isolated`; created if the lab does not draw it). */
  readonly segment: string;
  /** Isolated network name (Veeam forbids ~`!@#$%^&*+=;'><|?*:"). */
  readonly name: string;
  /** Segment id of the production network it mirrors. */
  readonly productionNetwork: string;
  readonly vlan?: number;
  /** The appliance's vNIC address with mask; default: the production network's gateway address. */
  readonly vnicIp?: string;
  /** The masquerade network (`-MasqueradeIPAddress`); default: proposed — same size, unused in the lab. */
  readonly masquerade?: string;
  /** "Enable DHCP service on this interface". */
  readonly dhcp?: boolean;
  /** DNS servers of the virtualised DNS service. */
  readonly dns?: readonly string[];
}

/** Wizard step 9: `New-VBRViVirtualLabIPMappingRule`. */
export interface StaticMappingDesign {
  /** Segment id of the production network the lab VM belongs to. */
  readonly productionNetwork: string;
  /** The lab VM's address in the isolated network (its production address). */
  readonly isolatedIp: string;
  /** An unused production address assigned to the appliance's eth0; traffic to it reaches the VM. */
  readonly accessIp: string;
  readonly note?: string;
}

export interface VirtualLabDesign {
  /** Stable id (used in paths and provenance). */
  readonly id: string;
  readonly name: string;
  readonly mode: NetworkingMode;
  readonly appliance: ProxyApplianceDesign;
  /** At most 9 (VL-11). */
  readonly isolatedNetworks: readonly IsolatedNetworkDesign[];
  readonly staticMappings?: readonly StaticMappingDesign[];
  /** Device id of the backup server: it gets a route per masquerade network at job start. */
  readonly backupServer: string;
  /** Device ids of other production clients that should reach lab VMs (they need manual routes). */
  readonly clients?: readonly string[];
  /**
   * The routes the clients (and, for clients outside the appliance's subnet, the production router)
   * need but Veeam does not add: `report` (default) lists them as needed routes only, as the product
   * leaves them to the administrator [V3][V8]; `add` also adds them to those devices.
   */
  readonly clientRoutes?: 'report' | 'add';
}

/** Production network parameters, on a `production` segment (schema v2). */
export interface ProductionNetworkParams {
  /** `"192.168.149.0/24"`. */
  readonly subnet?: string;
  /** The production default gateway's address. */
  readonly gateway?: string;
  readonly dns?: readonly string[];
}
