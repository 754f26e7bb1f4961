/**
 * Generator of large virtual-lab designs (lab schema v2) for the benchmarks: what a backup admin with a
 * big estate would draw in natlab, at 10 / 100 / 1 000 isolated networks and 10 / 1 000 / 10 000 lab VMs.
 *
 * `generateVlabDesign({ networks, vms, clients })`:
 *
 *   c0 (backup server) … c{clients-1} ── prod0 ── app00 … app{labs-1}     (one proxy appliance per virtual lab)
 *                                        prod1 … prod{networks-1}         (mirrored production networks)
 *                                                  │ copied into
 *                                        iso0 … iso{networks-1}  ── vm0 … vm{vms-1} (round robin over them)
 *
 * - Production network i is the /20 `10.(i >> 4).((i & 15) << 4).0/20`, gateway `.1`; its masquerade
 *   network is the /20 at the same offset in 100.64.0.0/10 (`100.(64 + (i >> 4)).((i & 15) << 4).0/20`).
 *   1 000 networks fill 10.0.0.0/10 and 100.64.0.0/10 (62.5 of 64 /16s).
 * - Veeam allows at most 9 isolated networks per virtual lab (VL-11), so the networks are spread over
 *   ceil(networks / 9) virtual labs, each with its own proxy appliance on prod0 (10.0.15.(10 + k)/20):
 *   a design that lints clean of errors, as a real one would have to.
 * - Lab VM j sits on isolated network j mod networks with the production address host 16 + ⌊j / networks⌋
 *   of its network (the address of the production machine it is a backup copy of; the production
 *   originals are not drawn: the designs are about the lab). Its default route goes to the network's
 *   gateway address, which the appliance's vNIC holds.
 * - Clients: c0 is every lab's backup server, c1 … are listed as clients with `clientRoutes: 'add'`, so
 *   each gets one route per masquerade network (clients × networks routes: the product's answer).
 * - Layout: clients in a row above prod0, appliances under it, each isolated network a bar with its VMs
 *   in rows under it (210 px apart: cards are 190 px wide), so the designer opens it as drawn.
 */
import type { DeviceDoc, LabDocument, LayoutDoc, SegmentDoc } from '../src/engine/lab/format.ts';
import type { VirtualLabDesign } from '../src/engine/vlab/design.ts';

export interface VlabDesignSize {
  /** Isolated networks (1 … 1 000), each the copy of its own production network. */
  readonly networks: number;
  /** Lab VMs, spread round robin over the isolated networks (≤ 4 000 per network). */
  readonly vms: number;
  /** Production clients on prod0, the backup server first (≥ 1, ≤ 3 000). */
  readonly clients: number;
}

/** Veeam's limit of isolated networks per virtual lab (VL-11). */
const PER_LAB = 9;
export const MAX_NETWORKS = 1000;

/** `a.b.c` of the /20 number i inside the /10 starting at `first.second`. */
function net20(first: number, second: number, i: number, host: number): string {
  const third = ((i & 15) << 4) + (host >> 8);
  return `${first}.${second + (i >> 4)}.${third}.${host & 255}`;
}
const prodAddr = (i: number, host: number) => net20(10, 0, i, host);
const masqNet = (i: number) => `${net20(100, 64, i, 0)}/20`;

/** The address of lab VM j (its production address). */
export function vmAddress(j: number, networks: number): string {
  return prodAddr(j % networks, 16 + Math.floor(j / networks));
}
/** The masquerade address a client names lab VM j by. */
export function vmMasqueradeAddress(j: number, networks: number): string {
  return net20(100, 64, j % networks, 16 + Math.floor(j / networks));
}

export function generateVlabDesign({ networks, vms, clients }: VlabDesignSize): LabDocument {
  if (!Number.isInteger(networks) || networks < 1 || networks > MAX_NETWORKS)
    throw new RangeError(`networks: expected 1..${MAX_NETWORKS}, got ${networks}`);
  if (!Number.isInteger(vms) || vms < 0 || Math.ceil(vms / networks) > 4000)
    throw new RangeError(`vms: expected 0..${4000 * networks} for ${networks} networks, got ${vms}`);
  if (!Number.isInteger(clients) || clients < 1 || clients > 3000)
    throw new RangeError(`clients: expected 1..3000, got ${clients}`);

  const segments: SegmentDoc[] = [];
  const devices: DeviceDoc[] = [];
  const layout: Record<string, LayoutDoc> = {};
  const labs = Math.ceil(networks / PER_LAB);
  const perRow = 20;
  const width = Math.max(1200, Math.min(clients, perRow) * 210);

  for (let i = 0; i < networks; i++)
    segments.push({
      id: `prod${i}`,
      name: `Production ${i}`,
      kind: 'production',
      subnet: `${prodAddr(i, 0)}/20`,
      gateway: prodAddr(i, 1),
    });
  for (let i = 0; i < networks; i++)
    segments.push({ id: `iso${i}`, name: `Isolated ${i}`, kind: 'isolated' });

  const host = (id: string, name: string, segment: string, addr: string, gw: string): DeviceDoc => ({
    id,
    name,
    kind: 'host',
    interfaces: [{ name: 'eth0', segment, addresses: [`${addr}/20`] }],
    routes: [{ to: 'default', via: gw }],
  });
  for (let c = 0; c < clients; c++) {
    devices.push(
      host(
        `c${c}`,
        c === 0 ? 'Backup server' : `Client ${c}`,
        'prod0',
        prodAddr(0, 2048 + c),
        prodAddr(0, 1),
      ),
    );
    layout[`c${c}`] = { x: 40 + (c % perRow) * 210, y: 40 + Math.floor(c / perRow) * 90 };
  }
  const prodY = 80 + Math.ceil(clients / perRow) * 90;
  layout.prod0 = { x: 0, y: prodY, width };
  for (let i = 1; i < networks; i++)
    layout[`prod${i}`] = { x: width + 80, y: prodY + (i - 1) * 40, width: 300 };

  const vmsPer = Math.ceil(vms / networks);
  const vmRows = Math.ceil(vmsPer / perRow);
  const isoTop = prodY + 260;
  const isoPitch = 120 + vmRows * 90;
  for (let j = 0; j < vms; j++) {
    const i = j % networks;
    const k = Math.floor(j / networks);
    devices.push(host(`vm${j}`, `VM ${j} (copy)`, `iso${i}`, vmAddress(j, networks), prodAddr(i, 1)));
    layout[`vm${j}`] = {
      x: 40 + (k % perRow) * 210,
      y: isoTop + i * isoPitch + 60 + Math.floor(k / perRow) * 90,
    };
  }
  for (let i = 0; i < networks; i++)
    layout[`iso${i}`] = {
      x: 0,
      y: isoTop + i * isoPitch,
      width: Math.max(600, Math.min(vmsPer, perRow) * 210),
    };

  const virtualLabs: VirtualLabDesign[] = [];
  for (let l = 0; l < labs; l++) {
    const appliance = `app${String(l).padStart(3, '0')}`;
    virtualLabs.push({
      id: `lab${l}`,
      name: `Virtual lab ${l}`,
      mode: 'advanced-single-host',
      appliance: { id: appliance, productionNetwork: 'prod0', ip: `${prodAddr(0, 3840 + l)}/20` },
      isolatedNetworks: Array.from({ length: Math.min(PER_LAB, networks - l * PER_LAB) }, (_, n) => {
        const i = l * PER_LAB + n;
        return {
          segment: `iso${i}`,
          name: `Isolated ${i}`,
          productionNetwork: `prod${i}`,
          masquerade: masqNet(i),
        };
      }),
      backupServer: 'c0',
      clients: Array.from({ length: clients - 1 }, (_, c) => `c${c + 1}`),
      clientRoutes: 'add',
    });
    layout[appliance] = { x: 40 + (l % perRow) * 210, y: prodY + 100 + Math.floor(l / perRow) * 80 };
  }

  return {
    schemaVersion: 2,
    name: `${networks} isolated networks, ${vms} lab VMs, ${clients} clients`,
    description:
      'Generated by bench/vlab-design.ts for the benchmarks: one virtual lab per 9 isolated networks, each the copy of its own production network; lab VMs round robin over them.',
    segments,
    devices,
    virtualLabs,
    layout,
  } as LabDocument;
}
