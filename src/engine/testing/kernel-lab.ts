/**
 * The topology of shared/kernel-lab/lab-lib.sh as a lab document, so the experiments that verified the
 * semantics doc can be replayed on the engine with the same changes (used by tests only).
 *
 *   vbs  eth0 192.168.149.22/24 (route 192.168.150.0/24 via .50)   ─┐
 *   prod eth0 192.168.149.36/24                                      ├ sw1 (production)
 *   vlab eth0 192.168.149.50/24                                     ─┘
 *   vlab eth1 192.168.149.2/24                                      ─┐ sw2 (isolated)
 *   copy eth0 192.168.149.36/24 (default via .2)                    ─┘
 */
import type { AddressDocEntry, LabDocument, ProxyNeighbourDoc, RouteDoc, RuleDoc } from '../lab/format.ts';
import type { DeviceKind } from '../model/device.ts';
import type { Policy, TableName } from '../model/netfilter.ts';
import { compileLab } from '../lab/compile.ts';
import type { Network } from '../model/network.ts';

/** A mutable device document, so tests can apply the experiments' changes in place. */
export interface DevDoc {
  id: string;
  kind: DeviceKind;
  name?: string;
  interfaces: { name: string; segment?: string | null; mac?: string; addresses?: AddressDocEntry[] }[];
  routes: RouteDoc[];
  rules: RuleDoc[];
  sysctls: Record<string, number>;
  iptables: Partial<Record<TableName, Record<string, string[] | { policy?: Policy; rules?: string[] }>>>;
  proxyNeighbours?: ProxyNeighbourDoc[];
  listen?: string[];
}
export type LabDoc = Omit<LabDocument, 'devices'> & { devices: DevDoc[] };

function host(id: string, ip: string, segment: string, mac: string, routes: RouteDoc[] = []): DevDoc {
  return {
    id,
    kind: 'host',
    interfaces: [{ name: 'eth0', segment, mac, addresses: [ip] }],
    routes,
    rules: [],
    sysctls: {},
    iptables: {},
  };
}

/** `lab_topology` (appliance = false) or `lab_up` (appliance = true: the worked example). */
export function kernelLabDoc(appliance = true): LabDoc {
  const vlab: DevDoc = {
    id: 'vlab',
    kind: 'appliance',
    interfaces: [
      { name: 'eth0', segment: 'sw1', mac: '02:00:00:00:00:50', addresses: ['192.168.149.50/24'] },
      { name: 'eth1', segment: 'sw2', mac: '02:00:00:00:01:02', addresses: ['192.168.149.2/24'] },
    ],
    routes: [],
    rules: [],
    sysctls: {},
    iptables: {},
  };
  if (appliance) {
    vlab.sysctls['net.ipv4.ip_forward'] = 1;
    vlab.interfaces[1]!.addresses = [{ address: '192.168.149.2/24', noprefixroute: true }];
    vlab.rules.push({ fwmark: '0x2/0x2', table: 2 });
    vlab.routes.push({ to: '192.168.149.0/24', dev: 'eth1', table: 2 });
    vlab.iptables = {
      mangle: { PREROUTING: ['-i eth0 -d 192.168.150.0/24 -j MARK --set-xmark 0x6/0xffffffff'] },
      nat: {
        PREROUTING: ['-i eth0 -d 192.168.150.0/24 -j NETMAP --to 192.168.149.0/24'],
        POSTROUTING: ['-o eth1 -j MASQUERADE'],
      },
    };
  }
  return {
    schemaVersion: 2,
    name: 'kernel-lab',
    segments: [
      { id: 'sw1', kind: 'production' },
      { id: 'sw2', kind: 'isolated' },
    ],
    devices: [
      host('vbs', '192.168.149.22/24', 'sw1', '02:00:00:00:00:22', [
        { to: '192.168.150.0/24', via: '192.168.149.50' },
      ]),
      host('prod', '192.168.149.36/24', 'sw1', '02:00:00:00:00:36'),
      vlab,
      host('copy', '192.168.149.36/24', 'sw2', '02:00:00:00:01:36', [
        { to: 'default', via: '192.168.149.2' },
      ]),
    ],
  };
}

export function dev(doc: LabDoc, id: string): DevDoc {
  const d = doc.devices.find((x) => x.id === id);
  if (!d) throw new Error(`no device ${id}`);
  return d;
}

export function compileOrThrow(doc: LabDoc | LabDocument): Network {
  const c = compileLab(doc as LabDocument);
  const errors = c.issues.filter((i) => i.severity === 'error');
  if (errors.length || !c.network) throw new Error(errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return c.network;
}

/** lab_up with changes applied, compiled. */
export function kernelLab(change?: (doc: LabDoc) => void, appliance = true): Network {
  const doc = kernelLabDoc(appliance);
  change?.(doc);
  return compileOrThrow(doc);
}
