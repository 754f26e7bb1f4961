/**
 * Every lint rule, in the order diagnostics are reported. docs/lint-rules.md documents each code; a
 * test checks that the two agree.
 */
import type { LintRule } from './rule.ts';
import { accessIpFree, accessIpRouted } from './rules-mappings.ts';
import { isolatedName, mappingShape, vnicGateway, vnicSubnets } from './rules-isolated.ts';
import { dhcpLeases, internetProxy, isolationLeak, labDns, multiHomedVms } from './rules-lab-vms.ts';
import { fwmarkRules } from './rules-marks.ts';
import { masqueradeOverlap, masqueradeSize } from './rules-masquerade.ts';
import { basicMode, portGroups } from './rules-mode.ts';
import { duplicateAddresses, netmapSize } from './rules-netfilter.ts';
import { applianceHttps, applianceNetworkFinal, backupServerRoute, clientRoutes } from './rules-reach.ts';
import { isolatedProxyArp, strictRpFilter } from './rules-sysctl.ts';

export const RULES: readonly LintRule[] = [
  backupServerRoute, // VL-01
  clientRoutes, // VL-02
  accessIpRouted, // VL-03
  accessIpFree, // VL-04
  masqueradeOverlap, // VL-05
  masqueradeSize, // VL-06
  vnicGateway, // VL-07
  vnicSubnets, // VL-08, VL-09
  mappingShape, // VL-10, VL-11
  isolatedName, // VL-12
  basicMode, // VL-13
  portGroups, // VL-15
  internetProxy, // VL-16
  applianceHttps, // VL-17
  dhcpLeases, // VL-18
  multiHomedVms, // VL-19
  labDns, // VL-21
  isolationLeak, // VL-22
  fwmarkRules, // VL-23
  applianceNetworkFinal, // VL-24
  strictRpFilter, // NF-01
  isolatedProxyArp, // NF-02
  netmapSize, // NF-03
  duplicateAddresses, // NF-04
];

/**
 * Rules of vlab-reference §4.3 that a drawn design cannot evaluate, and why (docs/lint-rules.md has
 * the same table).
 */
export const NOT_EVALUATED: Readonly<Record<string, string>> = {
  'VL-14':
    'needs the ESXi host of each replica; a lab document draws networks, not hosts (single-host labs are assumed to run on one host)',
  'VL-20': 'needs to know which verified machines are agent backups; the design does not record backup types',
};

/** Rules evaluated only in part, and what is approximated. */
export const APPROXIMATED: Readonly<Record<string, string>> = {
  'VL-15':
    'only a port group shared by two labs, and a VLAN ID mismatch with the drawn port group (multi-host); DVS uplinks and datacenters are not modelled',
  'VL-16': 'reported whenever the internet proxy is on: the design cannot say what the lab VMs expect',
  'VL-18': 'DHCP on and a lab VM drawn without a static MAC: MAC-bound reservations are not modelled',
  'VL-21': 'DNS settings only: application groups and their start order are not modelled',
  'VL-24': "reported when the appliance's production network is not the backup server's",
};
