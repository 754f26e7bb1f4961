/** Labs for the matrix and what-if tests: the public ones, and a design with many alike machines. */
import { readFileSync } from 'node:fs';
import { compileLab } from '../lab/compile.ts';
import type { DeviceDoc, LabDocument } from '../lab/format.ts';
import type { Network } from '../model/network.ts';

/** A lab of public/labs as the loader gives it: the lab, its expansion, the compiled network. */
export function loadPublic(name: string): { doc: LabDocument; expanded: LabDocument; network: Network } {
  const doc = JSON.parse(
    readFileSync(new URL(`../../../public/labs/${name}.lab.json`, import.meta.url), 'utf8'),
  ) as LabDocument;
  const c = compileLab(doc);
  const errors = c.issues.filter((i) => i.severity === 'error');
  if (errors.length || !c.network) throw new Error(errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return { doc, expanded: c.design?.doc ?? doc, network: c.network };
}

/** The compiled network, or an exception listing the errors. */
export function compiled(doc: LabDocument): Network {
  const c = compileLab(doc);
  const errors = c.issues.filter((i) => i.severity === 'error');
  if (errors.length || !c.network) throw new Error(errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return c.network;
}

/** The host number of lab VM i in {@link alikeLab}. */
export const vmHost = (i: number): number => 3000 + 2 * i;

/** `10.0.x.y` for host number k. */
export const hostIp = (k: number, net = 0): string => `10.${net}.${k >> 8}.${k & 255}`;

/**
 * One production network 10.0.0.0/16 (gateway 10.0.0.1, appliance 10.0.0.3), `clients` alike
 * production machines c0 … at 10.0.7.208 + i (c0 the backup server; all listed, so all get the
 * masquerade route), and its isolated copy holding `vms` alike lab VMs vm0 … at every other address
 * from 10.0.11.184 (host 3000 + 2i); masquerade network 10.1.0.0/16.
 */
export function alikeLab(clients: number, vms: number): LabDocument {
  const host = (id: string, segment: string, k: number): DeviceDoc => ({
    id,
    kind: 'host',
    interfaces: [{ name: 'eth0', segment, addresses: [`${hostIp(k)}/16`] }],
    routes: [{ to: 'default', via: '10.0.0.1' }],
  });
  return {
    schemaVersion: 2,
    name: `${clients} clients, ${vms} VMs`,
    segments: [
      { id: 'prod', kind: 'production', subnet: '10.0.0.0/16', gateway: '10.0.0.1' },
      { id: 'iso', kind: 'isolated' },
    ],
    devices: [
      {
        id: 'gw',
        kind: 'router',
        interfaces: [{ name: 'eth0', segment: 'prod', addresses: ['10.0.0.1/16'] }],
      },
      ...Array.from({ length: clients }, (_, i) => host(`c${i}`, 'prod', 2000 + i)),
      ...Array.from({ length: vms }, (_, i) => host(`vm${i}`, 'iso', vmHost(i))),
    ],
    virtualLabs: [
      {
        id: 'l',
        name: 'lab',
        mode: 'basic-single-host',
        appliance: { id: 'app', productionNetwork: 'prod', ip: '10.0.0.3/16' },
        isolatedNetworks: [
          { segment: 'iso', name: 'iso', productionNetwork: 'prod', masquerade: '10.1.0.0/16' },
        ],
        backupServer: 'c0',
        clients: Array.from({ length: clients - 1 }, (_, i) => `c${i + 1}`),
        clientRoutes: 'add',
      },
    ],
  };
}
