/**
 * What the wizard's answers mean in the lab they are added to: the ids the new items get, the
 * production networks they refer to (subnet, gateway, DNS), and the value each empty field stands
 * for — the appliance's first free address from .50, the vNIC that mimics the production gateway, the
 * engine's masquerade proposal (same size, unused anywhere in the lab), a free access address.
 * Computed once per change of the answers; checks.ts and plan.ts read it.
 */
import {
  canonical,
  formatCidr,
  formatIpv4,
  inPrefix,
  parseCidr,
  parseIpv4,
  prefixesOverlap,
  sameCidr,
  type Cidr,
  type Ipv4,
} from '../../engine/addr/ipv4.ts';
import type { LabDocument } from '../../engine/lab/format.ts';
import { proposeMasquerade } from '../../engine/vlab/masquerade.ts';
import { drawnLab, productionGateway } from '../../engine/vlab/resolve.ts';
import { addressText, subnetOf, usedAddresses } from '../commands/addresses.ts';
import { freshId, usedIds } from '../commands/ids.ts';
import {
  baseDoc,
  DEFAULT_PRODUCTION_NAME,
  isAdvanced,
  NEW_BACKUP_SERVER,
  NEW_NETWORK,
  type WizardAnswers,
} from './answers.ts';
import { firstFreeIn } from '../commands/addresses.ts';

/** A value the wizard fills in for an empty field, and why (one sentence for the UI). */
export interface Suggestion {
  readonly value: string;
  readonly why: string;
}

export interface WizardIds {
  readonly lab: string;
  readonly appliance: string;
  /** The segment id of the production network the wizard creates (when it creates one). */
  readonly newProduction?: string;
  /** The isolated segments' ids, in the order of the answers. */
  readonly isolated: readonly string[];
  readonly backupServer: string;
  readonly newBackupServer: boolean;
}

/** A production network as the wizard sees it (an existing segment or the one it creates). */
export interface NetworkInfo {
  readonly id: string;
  readonly name: string;
  readonly isNew: boolean;
  readonly subnet?: Cidr;
  readonly gateway?: { readonly addr: Ipv4; readonly why: string };
  readonly dns: readonly string[];
}

/** One thing that uses addresses in the lab (for "overlaps …" messages). */
export interface UsedPrefix {
  readonly prefix: Cidr;
  readonly what: string;
}

export interface WizardContext {
  readonly current: LabDocument;
  /** The document the wizard adds to (the open lab, or a new empty one). */
  readonly base: LabDocument;
  readonly answers: WizardAnswers;
  readonly ids: WizardIds;
  /** The production network a choice (segment id or NEW_NETWORK) stands for. */
  network(choice: string): NetworkInfo | undefined;
  /** The appliance's production network. */
  readonly production?: NetworkInfo;
  readonly suggest: {
    readonly applianceIp?: Suggestion;
    readonly backupServerIp?: Suggestion;
    readonly vnicIp: readonly (Suggestion | undefined)[];
    readonly masquerade: readonly (Suggestion | undefined)[];
    /** An access address for one more static mapping. */
    readonly accessIp?: Suggestion;
  };
  /** What the wizard will write: the typed value, else the suggestion ('' when there is none). */
  readonly effective: {
    readonly applianceIp: string;
    readonly backupServerIp: string;
    readonly vnicIp: readonly string[];
    readonly masquerade: readonly string[];
  };
  /** The isolated networks' prefixes (= their production networks'), when known. */
  readonly isolatedPrefix: readonly (Cidr | undefined)[];
  /** Addresses used on the appliance's production network, with who uses them. */
  usedOnProduction(except?: string): Map<number, string>;
  /** Prefixes a masquerade network must not overlap, except isolated network `j`'s own. */
  usedPrefixesFor(j: number): UsedPrefix[];
  /** The first free address of the appliance's production network from offset `from`. */
  freeOnProduction(from: number, taken?: ReadonlySet<number>): string | undefined;
}

const parseNet = (text: string): Cidr | undefined => {
  const c = parseCidr(text.trim());
  return c.ok && sameCidr(c.value, canonical(c.value)) ? c.value : undefined;
};
const parseAddr = (text: string): Cidr | undefined => {
  const c = parseCidr(text.trim());
  return c.ok ? c.value : undefined;
};
const parseIp = (text: string): Ipv4 | undefined => {
  const a = parseIpv4(text.trim());
  return a.ok ? a.value : undefined;
};
const dnsList = (text: string) => text.split(/[\s,]+/).filter(Boolean);

/** The ids the new items get: fresh in the lab, in a fixed order (so the preview and Finish agree). */
function allocateIds(base: LabDocument, a: WizardAnswers): WizardIds {
  const taken = usedIds(base);
  const take = (stem: string) => {
    const id = freshId(base, stem, taken);
    taken.add(id);
    return id;
  };
  const newProduction = a.production.choice === NEW_NETWORK ? take('prod') : undefined;
  const appliance = take('vlab');
  const lab = take('vlab-design');
  const isolated = a.isolated.map(() => take('iso'));
  const newBackupServer = a.backupServer === NEW_BACKUP_SERVER;
  const backupServer = newBackupServer ? take('vbs') : a.backupServer;
  return {
    lab,
    appliance,
    ...(newProduction ? { newProduction } : {}),
    isolated,
    backupServer,
    newBackupServer,
  };
}

export function wizardContext(current: LabDocument, a: WizardAnswers): WizardContext {
  const base = baseDoc(current, a);
  const ids = allocateIds(base, a);
  const drawn = drawnLab(base);

  const newNetwork: NetworkInfo = (() => {
    const subnet = parseNet(a.production.subnet);
    const gw = parseIp(a.production.gateway);
    return {
      id: ids.newProduction ?? 'prod',
      name: a.production.name.trim() || DEFAULT_PRODUCTION_NAME,
      isNew: true,
      ...(subnet ? { subnet } : {}),
      ...(gw !== undefined
        ? { gateway: { addr: gw, why: 'the gateway you gave the production network' } }
        : {}),
      dns: dnsList(a.production.dns),
    };
  })();
  const network = (choice: string): NetworkInfo | undefined => {
    if (choice === NEW_NETWORK) return a.production.choice === NEW_NETWORK ? newNetwork : undefined;
    const seg = base.segments.find((s) => s.id === choice && s.kind === 'production');
    if (!seg) return undefined;
    const subnet = subnetOf(base, seg.id);
    const gw = productionGateway(drawn, seg.id);
    return {
      id: seg.id,
      name: seg.name ?? seg.id,
      isNew: false,
      ...(subnet ? { subnet: canonical(subnet) } : {}),
      ...(gw ? { gateway: gw } : {}),
      dns: seg.dns ?? [],
    };
  };
  const production = network(a.production.choice);

  // Who uses which address of the appliance's production network.
  const usedOnProduction = (except?: string): Map<number, string> => {
    const used = new Map<number, string>();
    const put = (text: string | undefined, who: string) => {
      if (!text || except === who) return;
      const c = parseCidr(text.trim(), true);
      if (c.ok && !used.has(c.value.addr >>> 0)) used.set(c.value.addr >>> 0, who);
    };
    if (!production) return used;
    if (production.gateway) used.set(production.gateway.addr >>> 0, 'the production gateway');
    for (const d of production.dns) put(d, 'a DNS server of the production network');
    if (!production.isNew) {
      for (const d of base.devices)
        for (const i of d.interfaces)
          if (i.segment === production.id)
            for (const x of i.addresses ?? []) put(addressText(x), `${d.name ?? d.id} (${d.id})`);
      for (const v of base.virtualLabs ?? []) {
        if (v.appliance.productionNetwork === production.id)
          put(v.appliance.ip, `the proxy appliance ${v.appliance.name ?? v.appliance.id}`);
        for (const m of v.staticMappings ?? [])
          if (m.productionNetwork === production.id) put(m.accessIp, `an access IP of ${v.name}`);
      }
      for (const x of usedAddresses(base, production.id)) if (!used.has(x)) used.set(x, 'another machine');
    }
    put(a.appliance.ip, 'appliance');
    if (ids.newBackupServer) put(a.backupServerIp, 'backup server');
    if (isAdvanced(a.mode)) a.mappings.forEach((m, k) => put(m.accessIp, `mapping ${k + 1}`));
    return used;
  };
  // The appliance, then the new backup server (each avoiding the other's typed address).
  const appUsed = new Set(usedOnProduction('appliance').keys());
  const applianceFree = production?.subnet ? firstFreeIn(production.subnet, appUsed, 50) : undefined;
  const applianceIpSuggest: Suggestion | undefined = applianceFree
    ? { value: applianceFree, why: `the first free address of ${production!.name} from .50` }
    : undefined;
  const applianceIp = a.appliance.ip.trim() || applianceIpSuggest?.value || '';
  const vbsUsed = new Set(usedOnProduction('backup server').keys());
  const appAddr = parseAddr(applianceIp);
  if (appAddr) vbsUsed.add(appAddr.addr >>> 0);
  const vbsFree =
    ids.newBackupServer && production?.subnet ? firstFreeIn(production.subnet, vbsUsed, 20) : undefined;
  const backupServerIpSuggest: Suggestion | undefined = vbsFree
    ? { value: vbsFree, why: `the first free address of ${production!.name} from .20` }
    : undefined;
  const backupServerIp = ids.newBackupServer ? a.backupServerIp.trim() || vbsFree || '' : '';

  const freeOnProduction = (from: number, taken: ReadonlySet<number> = new Set()) => {
    if (!production?.subnet) return undefined;
    const used = new Set([...usedOnProduction().keys(), ...taken]);
    for (const t of [applianceIp, backupServerIp]) {
      const c = parseAddr(t);
      if (c) used.add(c.addr >>> 0);
    }
    return firstFreeIn(production.subnet, used, from);
  };

  // vNICs mimic the production gateway of the network they copy.
  const vnicSuggest = a.isolated.map((n): Suggestion | undefined => {
    const net = network(n.productionNetwork);
    if (!net?.gateway || !net.subnet) return undefined;
    return {
      value: `${formatIpv4(net.gateway.addr)}/${net.subnet.len}`,
      why: `the vNIC mimics the production gateway, so lab VMs keep using it (${net.gateway.why})`,
    };
  });
  const vnicIp = a.isolated.map((n, j) => n.vnicIp.trim() || vnicSuggest[j]?.value || '');
  const isolatedPrefix = a.isolated.map((n, j) => {
    const net = network(n.productionNetwork);
    if (net?.subnet) return net.subnet;
    const v = parseAddr(vnicIp[j]!);
    return v ? canonical(v) : undefined;
  });

  // Everything a masquerade network must not overlap, labelled.
  const used: UsedPrefix[] = [];
  const push = (text: string | undefined, what: string, bare = true) => {
    if (!text) return;
    const c = parseCidr(text.trim(), bare);
    if (c.ok) used.push({ prefix: canonical(c.value), what });
  };
  for (const s of base.segments) {
    const label = `${s.kind} network "${s.name ?? s.id}"`;
    push(s.subnet, `${label} (${s.subnet})`);
    push(s.gateway, `the gateway of ${label} (${s.gateway})`);
    for (const d of s.dns ?? []) push(d, `a DNS server of ${label} (${d})`);
  }
  for (const d of base.devices) {
    for (const i of d.interfaces)
      for (const x of i.addresses ?? [])
        push(addressText(x), `the address ${addressText(x)} of ${d.name ?? d.id} (${d.id})`);
    for (const r of d.routes ?? [])
      if (r.to !== 'default' && !/\/0$/.test(r.to)) push(r.to, `a route of ${d.name ?? d.id} to ${r.to}`);
  }
  for (const v of base.virtualLabs ?? []) {
    push(v.appliance.ip, `the proxy appliance ${v.appliance.name ?? v.appliance.id} (${v.appliance.ip})`);
    for (const n of v.isolatedNetworks) {
      push(n.vnicIp, `a vNIC of virtual lab "${v.name}" (${n.vnicIp})`);
      push(
        n.masquerade,
        `the masquerade network of "${n.name}" in virtual lab "${v.name}" (${n.masquerade})`,
      );
    }
    for (const m of v.staticMappings ?? [])
      push(m.accessIp, `an access IP of virtual lab "${v.name}" (${m.accessIp})`);
  }
  if (production?.isNew) {
    if (production.subnet)
      used.push({
        prefix: production.subnet,
        what: `production network "${production.name}" (${formatCidr(production.subnet)})`,
      });
    push(a.production.gateway, `the production gateway (${a.production.gateway.trim()})`);
    for (const d of production.dns) push(d, `a DNS server of "${production.name}" (${d})`);
  }
  push(applianceIp, `the appliance's address (${applianceIp})`);
  if (ids.newBackupServer) push(backupServerIp, `the backup server's address (${backupServerIp})`);
  a.isolated.forEach((_, j) => push(vnicIp[j], `the vNIC of isolated network ${j + 1} (${vnicIp[j]})`));
  if (isAdvanced(a.mode))
    a.mappings.forEach((m, k) =>
      push(m.accessIp, `the access IP of mapping ${k + 1} (${m.accessIp.trim()})`),
    );

  // Masquerade proposals: the engine's, in order, each avoiding the ones before and every value the
  // user typed himself (a value still equal to the wizard's earlier fill-in is the wizard's).
  const owned = a.isolated.map((n) =>
    n.masquerade.trim() !== '' && n.masquerade !== n.prefilled.masquerade
      ? parseNet(n.masquerade)
      : undefined,
  );
  const proposed: Cidr[] = [];
  const masqueradeSuggest = a.isolated.map((_, j): Suggestion | undefined => {
    const prefix = isolatedPrefix[j];
    if (!prefix) return undefined;
    const avoid = [
      ...used.map((u) => u.prefix),
      ...owned.filter((c, k): c is Cidr => c !== undefined && k !== j),
      ...proposed,
    ];
    const p = proposeMasquerade(prefix, avoid);
    if (!p) return undefined;
    proposed.push(p);
    return {
      value: formatCidr(p),
      why: `the first /${p.len} after ${formatCidr(prefix)} that no address, route or other masquerade network in the lab uses`,
    };
  });
  const masquerade = a.isolated.map((n, j) => n.masquerade.trim() || masqueradeSuggest[j]?.value || '');

  const usedPrefixesFor = (j: number): UsedPrefix[] => [
    ...used,
    ...masquerade.flatMap((m, k) => {
      const c = k === j ? undefined : parseNet(m);
      return c ? [{ prefix: c, what: `the masquerade network of isolated network ${k + 1} (${m})` }] : [];
    }),
  ];

  const accessFree = freeOnProduction(100);
  return {
    current,
    base,
    answers: a,
    ids,
    network,
    ...(production ? { production } : {}),
    suggest: {
      ...(applianceIpSuggest ? { applianceIp: applianceIpSuggest } : {}),
      ...(backupServerIpSuggest ? { backupServerIp: backupServerIpSuggest } : {}),
      vnicIp: vnicSuggest,
      masquerade: masqueradeSuggest,
      ...(accessFree
        ? { accessIp: { value: accessFree.split('/')[0]!, why: `a free address of ${production!.name}` } }
        : {}),
    },
    effective: { applianceIp, backupServerIp, vnicIp, masquerade },
    isolatedPrefix,
    usedOnProduction,
    usedPrefixesFor,
    freeOnProduction,
  };
}

/** The used prefixes `c` overlaps. */
export function overlapping(c: Cidr, used: readonly UsedPrefix[]): UsedPrefix[] {
  return used.filter((u) => prefixesOverlap(c, u.prefix));
}

export const inNetwork = (a: number, c: Cidr): boolean => inPrefix(a, c);
