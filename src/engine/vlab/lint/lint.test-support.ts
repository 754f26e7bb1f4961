/** Designs for the linter's tests: the seed's SureBackup lab as a design, and running the whole chain. */
import { compileLab } from '../../lab/compile.ts';
import type { LabDocument, LabIssue } from '../../lab/format.ts';
import type { VirtualLabDesign } from '../design.ts';
import { lintLab } from './lint.ts';
import { applyPatch } from './patch.ts';
import type { Diagnostic } from './types.ts';

type Mutable<T> = T extends readonly (infer U)[]
  ? Mutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Mutable<T[K]> }
    : T;
export type Doc = Mutable<LabDocument> & { virtualLabs: Mutable<VirtualLabDesign>[] };

/**
 * Seed 000 as a design: production 192.168.149.0/24 (gateway .2), the backup server .22, SF0006 .36
 * and its copy in the isolated network, the appliance at .50 with masquerade 192.168.150.0/24.
 */
export function seedDesign(): Doc {
  return {
    schemaVersion: 2,
    name: 'SureBackup design',
    segments: [
      {
        id: 'prod',
        name: 'VM Network',
        kind: 'production',
        subnet: '192.168.149.0/24',
        gateway: '192.168.149.2',
        dns: ['192.168.149.20'],
      },
      { id: 'iso', name: 'vLab VM Network', kind: 'isolated' },
    ],
    devices: [
      {
        id: 'gateway',
        kind: 'router',
        interfaces: [{ name: 'eth0', segment: 'prod', addresses: ['192.168.149.2/24'] }],
        sysctls: { 'net.ipv4.ip_forward': 1 },
      },
      host('vbs', 'prod', '192.168.149.22/24', '192.168.149.2'),
      host('sf0006', 'prod', '192.168.149.36/24', '192.168.149.2'),
      host('sf0006-copy', 'iso', '192.168.149.36/24', '192.168.149.2'),
    ],
    virtualLabs: [
      {
        id: 'lab1',
        name: 'vLab',
        mode: 'advanced-single-host',
        appliance: { id: 'vlab', productionNetwork: 'prod', ip: '192.168.149.50/24' },
        isolatedNetworks: [
          {
            segment: 'iso',
            name: 'vLab VM Network',
            productionNetwork: 'prod',
            masquerade: '192.168.150.0/24',
          },
        ],
        backupServer: 'vbs',
      },
    ],
  } as Doc;
}

/**
 * Two production networks behind one router — prod 192.168.149.0/24 (the appliance at .50) and dmz
 * 192.168.160.0/24 (web .10) — and the backup server in mgmt 10.0.0.0/24; the lab copies dmz.
 */
export function dmzDesign(): Doc {
  return {
    schemaVersion: 2,
    name: 'DMZ design',
    segments: [
      { id: 'prod', kind: 'production', subnet: '192.168.149.0/24', gateway: '192.168.149.2' },
      { id: 'dmz', kind: 'production', subnet: '192.168.160.0/24', gateway: '192.168.160.1' },
      { id: 'mgmt', kind: 'production', subnet: '10.0.0.0/24', gateway: '10.0.0.1' },
    ],
    devices: [
      {
        id: 'gateway',
        kind: 'router',
        interfaces: [
          { name: 'eth0', segment: 'prod', addresses: ['192.168.149.2/24'] },
          { name: 'eth1', segment: 'dmz', addresses: ['192.168.160.1/24'] },
          { name: 'eth2', segment: 'mgmt', addresses: ['10.0.0.1/24'] },
        ],
        sysctls: { 'net.ipv4.ip_forward': 1 },
      },
      host('vbs', 'mgmt', '10.0.0.22/24', '10.0.0.1'),
      host('web', 'dmz', '192.168.160.10/24', '192.168.160.1'),
      host('web-copy', 'iso-dmz', '192.168.160.10/24', '192.168.160.1'),
    ],
    virtualLabs: [
      {
        id: 'lab1',
        name: 'DMZ lab',
        mode: 'advanced-single-host',
        appliance: { id: 'vlab', productionNetwork: 'prod', ip: '192.168.149.50/24' },
        isolatedNetworks: [
          { segment: 'iso-dmz', name: 'DMZ copy', productionNetwork: 'dmz', masquerade: '192.168.161.0/24' },
        ],
        backupServer: 'vbs',
      },
    ],
  } as Doc;
}

export function host(id: string, segment: string, address: string, gateway?: string) {
  return {
    id,
    kind: 'host' as const,
    interfaces: [{ name: 'eth0', segment, addresses: [address] }],
    ...(gateway ? { routes: [{ to: 'default', via: gateway }] } : {}),
  };
}

export interface Linted {
  readonly diagnostics: Diagnostic[];
  readonly designErrors: string[];
  readonly labErrors: string[];
}

/** compileLab (which expands the designs with compileDesign) → lintLab, as the loader and the CLI chain them. */
export function lint(doc: Doc | LabDocument): Linted {
  const c = compileLab(doc as LabDocument);
  const errors = (l: readonly LabIssue[]) =>
    l.filter((i) => i.severity === 'error').map((i) => `${i.path}: ${i.message}`);
  const designErrors = errors(c.design?.issues ?? []);
  const labErrors = errors(c.issues).filter((e) => !designErrors.includes(e));
  const diagnostics = lintLab({
    doc: doc as LabDocument,
    ...(c.design ? { design: c.design } : {}),
    ...(c.network ? { network: c.network, provenance: c.provenance } : {}),
  });
  return { diagnostics, designErrors, labErrors };
}

export const codes = (l: Linted): string[] => l.diagnostics.map((d) => d.code);

/** The document with the fix of the first diagnostic with `code` applied. */
export function fixed(doc: Doc, code: string): Doc {
  const d = lint(doc).diagnostics.find((x) => x.code === code);
  if (!d?.fix) throw new Error(`no fix for ${code}`);
  const r = applyPatch(doc, d.fix.patch);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** Seed 000 drawn by hand (no design): the appliance `vlab` written out as in the seed lab file. */
export function handLab(): Doc {
  return {
    schemaVersion: 2,
    name: 'SureBackup by hand',
    segments: [
      { id: 'prod', kind: 'production' },
      { id: 'iso', kind: 'isolated' },
    ],
    devices: [
      {
        id: 'gateway',
        kind: 'router',
        interfaces: [{ name: 'eth0', segment: 'prod', addresses: ['192.168.149.2/24'] }],
      },
      {
        ...host('vbs', 'prod', '192.168.149.22/24', '192.168.149.2'),
        routes: [
          { to: '192.168.150.0/24', via: '192.168.149.50' },
          { to: 'default', via: '192.168.149.2' },
        ],
      },
      host('sf0006', 'prod', '192.168.149.36/24', '192.168.149.2'),
      {
        id: 'vlab',
        kind: 'appliance',
        interfaces: [
          { name: 'eth0', segment: 'prod', addresses: ['192.168.149.50/24'] },
          { name: 'eth1', segment: 'iso', addresses: [{ address: '192.168.149.2/24', noprefixroute: true }] },
        ],
        sysctls: { 'net.ipv4.ip_forward': 1 },
        routes: [
          { to: 'default', via: '192.168.149.2', dev: 'eth0' },
          { to: '192.168.149.0/24', dev: 'eth1', table: 2 },
        ],
        rules: [{ fwmark: '0x2/0x2', table: 2 }],
        iptables: {
          mangle: { PREROUTING: ['-i eth0 -d 192.168.150.0/24 -j MARK --set-xmark 0x6/0xffffffff'] },
          nat: {
            PREROUTING: ['-i eth0 -d 192.168.150.0/24 -j NETMAP --to 192.168.149.0/24'],
            POSTROUTING: ['-o eth1 -j MASQUERADE'],
          },
        },
      },
      host('sf0006-copy', 'iso', '192.168.149.36/24', '192.168.149.2'),
    ],
    virtualLabs: [],
  } as Doc;
}

/** The hand-drawn appliance of {@link handLab}, to edit. */
export const vlabOf = (d: Doc) => d.devices[3]!;
