/**
 * The "New virtual lab" wizard's answers: what the user typed in each of Veeam's wizard steps
 * (shared/docs/vlab-reference.md §4.1), kept as text so that Back/Next never lose a half-typed value.
 * Nothing here touches the lab: plan.ts turns valid answers into one undoable change, checks.ts says
 * what is wrong with each step's answers and how to fix it.
 */
import { produce } from 'immer';
import type { LabDocument } from '../../engine/lab/format.ts';
import type { NetworkingMode } from '../../engine/vlab/design.ts';

/** The value of a "production network" choice that means "the network this wizard creates". */
export const NEW_NETWORK = '+new';
/** The value of the backup-server choice that means "add a backup server host". */
export const NEW_BACKUP_SERVER = '+new';

/** Veeam's wizard steps (Host/Datastore have no meaning in natlab and are left out). */
export type WizardStep = 'name' | 'proxy' | 'networking' | 'isolated' | 'settings' | 'mappings' | 'ready';

export const STEP_TITLES: Readonly<Record<WizardStep, string>> = {
  name: 'Name',
  proxy: 'Proxy appliance',
  networking: 'Networking',
  isolated: 'Isolated networks',
  settings: 'Network settings',
  mappings: 'Static IP mapping',
  ready: 'Ready to apply',
};

export interface ProductionAnswers {
  /** A production segment id of the lab, or {@link NEW_NETWORK}. */
  readonly choice: string;
  /** The new production network (used when `choice` is {@link NEW_NETWORK}). */
  readonly name: string;
  readonly subnet: string;
  readonly gateway: string;
  readonly dns: string;
  readonly vlan: string;
}

export interface ApplianceAnswers {
  readonly name: string;
  /** Empty: the first free address of the production network from .50. */
  readonly ip: string;
  /** Empty: the production network's gateway. */
  readonly gateway: string;
  readonly dns: string;
  readonly internetProxy: boolean;
  readonly proxyPort: string;
  readonly productionProxy: string;
}

export interface IsolatedAnswers {
  /** Stable identity of the row (React key); not stored in the lab. */
  readonly key: number;
  readonly name: string;
  /** False while the name follows the production network's ("vLab VM Network"). */
  readonly nameEdited: boolean;
  /** Segment id of the production network it mirrors, or {@link NEW_NETWORK}. */
  readonly productionNetwork: string;
  readonly vlan: string;
  /** Empty: the production gateway's address with the network's length. */
  readonly vnicIp: string;
  /** Empty: natlab's proposal (an unused network of the same size). */
  readonly masquerade: string;
  readonly dhcp: boolean;
  readonly dns: string;
  /** The values the wizard filled in last time (replaced by fresh proposals while unchanged). */
  readonly prefilled: { readonly vnicIp?: string; readonly masquerade?: string };
}

export interface MappingAnswers {
  readonly key: number;
  /** Segment id of a mirrored production network, or {@link NEW_NETWORK}. */
  readonly productionNetwork: string;
  readonly isolatedIp: string;
  readonly accessIp: string;
  readonly note: string;
}

export interface WizardAnswers {
  /** Add to the open lab, or start a new, empty lab. */
  readonly target: 'current' | 'new';
  /** The virtual lab's name (Veeam: "vLab"). */
  readonly name: string;
  readonly production: ProductionAnswers;
  readonly appliance: ApplianceAnswers;
  /** A device id of the lab, or {@link NEW_BACKUP_SERVER}. */
  readonly backupServer: string;
  /** The new backup server's address; empty: the first free one from .20. */
  readonly backupServerIp: string;
  readonly mode: NetworkingMode;
  readonly routingBetweenVnics: boolean;
  readonly isolated: readonly IsolatedAnswers[];
  readonly mappings: readonly MappingAnswers[];
}

/** Veeam limit: at most 9 isolated networks per lab (VL-11). */
export const MAX_ISOLATED = 9;

/** Characters Veeam forbids in isolated network names (KB2074, VL-12). */
export const FORBIDDEN_NAME_CHARS = '~`!@#$%^&*+=;\'><|?:"';

export const isAdvanced = (mode: NetworkingMode): boolean => mode !== 'basic-single-host';

/** The steps of the wizard for these answers: static mapping is an advanced-mode step. */
export function wizardSteps(a: Pick<WizardAnswers, 'mode'>): WizardStep[] {
  return [
    'name',
    'proxy',
    'networking',
    'isolated',
    'settings',
    ...(isAdvanced(a.mode) ? (['mappings'] as const) : []),
    'ready',
  ];
}

/** The document the wizard adds to: the open lab, or a new empty one. */
export function baseDoc(current: LabDocument, a: Pick<WizardAnswers, 'target' | 'name'>): LabDocument {
  return a.target === 'current'
    ? current
    : { schemaVersion: 2, name: a.name.trim() || 'Virtual lab', segments: [], devices: [], layout: {} };
}

/** The production segments of the document the wizard adds to. */
export function productionSegments(base: LabDocument) {
  return base.segments.filter((s) => s.kind === 'production');
}

/** The backup server of a lab: the device with that role, else a host named like one. */
export function findBackupServer(base: LabDocument): string | undefined {
  return (
    base.devices.find((d) => d.role === 'backup-server') ??
    base.devices.find((d) => d.kind === 'host' && /backup|\bvbs\b/i.test(`${d.id} ${d.name ?? ''}`))
  )?.id;
}

/** A Veeam-valid default name for the isolated copy of a production network. */
export function isolatedNameFor(productionName: string): string {
  const clean = [...productionName].filter((c) => !FORBIDDEN_NAME_CHARS.includes(c)).join('');
  return `vLab ${clean.trim() || 'network'}`.slice(0, 200);
}

/** The name of the production network a choice stands for. */
export function productionName(base: LabDocument, a: WizardAnswers, choice: string): string {
  if (choice === NEW_NETWORK) return a.production.name.trim() || DEFAULT_PRODUCTION_NAME;
  const s = base.segments.find((x) => x.id === choice);
  return s?.name ?? choice;
}

export const DEFAULT_PRODUCTION_NAME = 'Production network';

function isolatedRow(key: number, productionNetwork: string, name: string, vlan: string): IsolatedAnswers {
  return {
    key,
    name,
    nameEdited: false,
    productionNetwork,
    vlan,
    vnicIp: '',
    masquerade: '',
    dhcp: false,
    dns: '',
    prefilled: {},
  };
}

/** The wizard's first answers for a lab: its first production network with a subnet, a fresh name. */
export function initialAnswers(current: LabDocument): WizardAnswers {
  const prods = productionSegments(current);
  const prod = prods.find((s) => s.subnet) ?? prods[0];
  const names = new Set((current.virtualLabs ?? []).map((v) => v.name));
  let name = 'vLab';
  for (let n = 2; names.has(name); n++) name = `vLab ${n}`;
  const a: WizardAnswers = {
    target: 'current',
    name,
    production: {
      choice: prod?.id ?? NEW_NETWORK,
      name: '',
      subnet: '',
      gateway: '',
      dns: '',
      vlan: '0',
    },
    appliance: {
      name: '',
      ip: '',
      gateway: '',
      dns: '',
      internetProxy: false,
      proxyPort: '8080',
      productionProxy: '',
    },
    backupServer: findBackupServer(current) ?? NEW_BACKUP_SERVER,
    backupServerIp: '',
    mode: 'basic-single-host',
    routingBetweenVnics: false,
    isolated: [],
    mappings: [],
  };
  return normalize(current, a);
}

/**
 * Keeps the answers consistent after any change: choices that point at nothing fall back, basic mode
 * has exactly one isolated network mirroring the appliance's production network, unedited names
 * follow the production network's.
 */
export function normalize(current: LabDocument, a: WizardAnswers): WizardAnswers {
  const base = baseDoc(current, a);
  const prodIds = new Set(productionSegments(base).map((s) => s.id));
  return produce(a, (d) => {
    if (d.production.choice !== NEW_NETWORK && !prodIds.has(d.production.choice))
      d.production.choice = [...prodIds][0] ?? NEW_NETWORK;
    if (d.backupServer !== NEW_BACKUP_SERVER && !base.devices.some((x) => x.id === d.backupServer))
      d.backupServer = findBackupServer(base) ?? NEW_BACKUP_SERVER;
    const valid = (id: string) =>
      id === NEW_NETWORK ? d.production.choice === NEW_NETWORK : prodIds.has(id);
    const vlanOf = (id: string) => {
      if (id === NEW_NETWORK) return d.production.vlan;
      const v = base.segments.find((s) => s.id === id)?.vlan;
      return v === undefined ? '' : String(v);
    };
    if (d.isolated.length === 0)
      d.isolated.push(
        isolatedRow(
          1,
          d.production.choice,
          isolatedNameFor(productionName(base, a, d.production.choice)),
          vlanOf(d.production.choice),
        ),
      );
    if (!isAdvanced(d.mode)) {
      d.isolated.splice(1);
      d.isolated[0]!.productionNetwork = d.production.choice;
    }
    // unedited names follow the production network's, unlike any network the lab draws or another row's
    const taken = new Set(base.segments.map((s) => (s.name ?? s.id).toLowerCase()));
    for (const n of d.isolated) if (n.nameEdited) taken.add(n.name.trim().toLowerCase());
    for (const n of d.isolated) {
      if (!valid(n.productionNetwork)) n.productionNetwork = d.production.choice;
      if (n.nameEdited) continue;
      const stem = isolatedNameFor(productionName(base, a, n.productionNetwork));
      let name = stem;
      for (let k = 2; taken.has(name.toLowerCase()); k++) name = `${stem} ${k}`;
      n.name = name;
      taken.add(name.toLowerCase());
    }
    const mirrored = d.isolated.map((n) => n.productionNetwork);
    for (const m of d.mappings)
      if (!mirrored.includes(m.productionNetwork)) m.productionNetwork = mirrored[0] ?? d.production.choice;
  });
}

/** One more isolated network (advanced mode): the first production network not yet mirrored. */
export function addIsolated(current: LabDocument, a: WizardAnswers): WizardAnswers {
  if (a.isolated.length >= MAX_ISOLATED) return a;
  const base = baseDoc(current, a);
  const choices = [
    ...(a.production.choice === NEW_NETWORK ? [NEW_NETWORK] : []),
    ...productionSegments(base).map((s) => s.id),
  ];
  const used = new Set(a.isolated.map((n) => n.productionNetwork));
  const prod = choices.find((c) => !used.has(c)) ?? a.production.choice;
  const key = Math.max(0, ...a.isolated.map((n) => n.key)) + 1;
  const vlan =
    prod === NEW_NETWORK ? a.production.vlan : String(base.segments.find((s) => s.id === prod)?.vlan ?? '');
  return normalize(current, {
    ...a,
    isolated: [...a.isolated, isolatedRow(key, prod, isolatedNameFor(productionName(base, a, prod)), vlan)],
  });
}

export function removeIsolated(current: LabDocument, a: WizardAnswers, index: number): WizardAnswers {
  if (a.isolated.length <= 1) return a;
  return normalize(current, { ...a, isolated: a.isolated.filter((_, i) => i !== index) });
}

export function removeMapping(a: WizardAnswers, index: number): WizardAnswers {
  return { ...a, mappings: a.mappings.filter((_, i) => i !== index) };
}

/**
 * The answer a field name stands for: `name`, `production.subnet`, `isolated.0.masquerade`,
 * `mappings.1.accessIp` (the wizard's inputs are named so, and problems point at them).
 */
export function answerAt(a: WizardAnswers, field: string): unknown {
  let node: unknown = a;
  for (const k of field.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[k];
  }
  return node;
}

/** The answers with one field changed (then normalized). */
export function setAnswer(
  current: LabDocument,
  a: WizardAnswers,
  field: string,
  value: unknown,
): WizardAnswers {
  const keys = field.split('.');
  const next = produce(a, (d) => {
    let node = d as unknown as Record<string, unknown>;
    for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
    const last = keys[keys.length - 1]!;
    node[last] = value;
    // typing an isolated network's name takes it over from the production network's
    if (keys[0] === 'isolated' && last === 'name') node.nameEdited = true;
  });
  return normalize(current, next);
}
