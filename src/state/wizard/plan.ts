/**
 * The wizard's result: the items it adds to the lab — the production network (when new), the isolated
 * networks, the virtual-lab design, a backup server host when the lab has none — and canvas positions
 * for a clean drawing (production network on top, the appliance under it, the isolated networks
 * below), all placed under what the lab already draws. `applyPlan` is the recipe of ONE undoable step.
 */
import { produce, type Draft } from 'immer';
import { formatIpv4, inPrefix, parseIpv4, type Cidr } from '../../engine/addr/ipv4.ts';
import { NETWORK_WIDTH } from '../commands/add.ts';
import type { DeviceDoc, LabDocument, LayoutDoc, SegmentDoc } from '../../engine/lab/format.ts';
import type {
  IsolatedNetworkDesign,
  StaticMappingDesign,
  VirtualLabDesign,
} from '../../engine/vlab/design.ts';
import {
  isAdvanced,
  NEW_NETWORK,
  type IsolatedAnswers,
  type MappingAnswers,
  type WizardAnswers,
  type WizardStep,
} from './answers.ts';
import type { WizardContext } from './context.ts';

export interface WizardPlan {
  readonly target: 'current' | 'new';
  /** The new lab's name (target `new`). */
  readonly docName: string;
  /** Appended to the lab's segments / devices. */
  readonly segments: readonly SegmentDoc[];
  readonly devices: readonly DeviceDoc[];
  readonly lab: VirtualLabDesign;
  /**
   * Canvas positions of the new items (and of an existing production network: placed when it had no
   * position, stretched over the new column when it had one).
   */
  readonly layout: Readonly<Record<string, LayoutDoc>>;
  readonly applianceId: string;
  /** Where the new items land in the document (for mapping diagnostics back to the wizard's fields). */
  readonly index: {
    readonly lab: number;
    readonly productionSegment?: number;
    readonly isolatedSegments: readonly number[];
    readonly backupServer?: number;
  };
}

// Canvas sizes (the canvas model's): network bars 48 high; cards 172×62; the appliance 250×74.
const BAR_H = 48;
const CARD_W = 172;
const CARD_H = 62;
const APPLIANCE_W = 250;
const APPLIANCE_H = 74;
/** Width of the production bar (and of a single isolated bar), as in the example labs. */
const WIDE = 700;
/** Width of each isolated bar when there are several, side by side. */
const ISO_W = 480;
const ISO_GAP = 40;

const vlanOf = (text: string): number | undefined => {
  const t = text.trim();
  return /^\d+$/.test(t) && Number(t) <= 4094 ? Number(t) : undefined;
};
const list = (text: string) => text.split(/[\s,]+/).filter(Boolean);
const opt = <K extends string, V>(key: K, value: V | undefined | '' | false) =>
  (value === undefined || value === '' || value === false ? {} : { [key]: value }) as Partial<Record<K, V>>;

/** The box around what the lab draws (items with a position). */
function drawnBounds(base: LabDocument): { left: number; right: number; bottom: number } | undefined {
  const layout = base.layout ?? {};
  let bottom = -Infinity;
  let left = Infinity;
  let right = -Infinity;
  const see = (id: string, w: number, h: number) => {
    const p = layout[id];
    if (!p) return;
    bottom = Math.max(bottom, p.y + h);
    left = Math.min(left, p.x);
    right = Math.max(right, p.x + (p.width ?? w));
  };
  for (const s of base.segments) see(s.id, NETWORK_WIDTH, BAR_H);
  for (const d of base.devices) see(d.id, CARD_W, CARD_H);
  for (const v of base.virtualLabs ?? []) see(v.appliance.id, APPLIANCE_W, APPLIANCE_H);
  return Number.isFinite(bottom) ? { left, right, bottom } : undefined;
}

function isolatedDesign(ctx: WizardContext, n: IsolatedAnswers, j: number, prodId: (c: string) => string) {
  const d: IsolatedNetworkDesign = {
    segment: ctx.ids.isolated[j]!,
    name: n.name.trim(),
    productionNetwork: prodId(n.productionNetwork),
    ...opt('vlan', vlanOf(n.vlan)),
    ...opt('vnicIp', ctx.effective.vnicIp[j]),
    ...opt('masquerade', ctx.effective.masquerade[j]),
    ...opt('dhcp', n.dhcp),
    ...(list(n.dns).length ? { dns: list(n.dns) } : {}),
  };
  return d;
}

function mappingDesign(m: MappingAnswers, prodId: (c: string) => string): StaticMappingDesign {
  return {
    productionNetwork: prodId(m.productionNetwork),
    isolatedIp: m.isolatedIp.trim(),
    accessIp: m.accessIp.trim(),
    ...opt('note', m.note.trim()),
  };
}

export function planWizard(ctx: WizardContext): WizardPlan {
  const { answers: a, ids, base } = ctx;
  const prodId = (choice: string) => (choice === NEW_NETWORK ? ids.newProduction! : choice);
  const production = prodId(a.production.choice);
  const segments: SegmentDoc[] = [];
  const devices: DeviceDoc[] = [];
  const layout: Record<string, LayoutDoc> = {};

  if (ids.newProduction)
    segments.push({
      id: ids.newProduction,
      name: ctx.production?.name ?? 'Production network',
      kind: 'production',
      ...opt('vlan', vlanOf(a.production.vlan)),
      ...opt('subnet', a.production.subnet.trim()),
      ...opt('gateway', a.production.gateway.trim()),
      ...(list(a.production.dns).length ? { dns: list(a.production.dns) } : {}),
    });
  const isolated = a.isolated.map((n, j) => isolatedDesign(ctx, n, j, prodId));
  isolated.forEach((n) =>
    segments.push({ id: n.segment, name: n.name, kind: 'isolated', ...opt('vlan', n.vlan) }),
  );

  if (ids.newBackupServer) {
    const gw = ctx.production?.gateway;
    devices.push({
      id: ids.backupServer,
      name: 'Veeam Backup Server',
      kind: 'host',
      role: 'backup-server',
      description: 'The Veeam Backup Server: the SureBackup job adds its routes to the masquerade networks.',
      interfaces: [
        {
          name: 'eth0',
          segment: production,
          ...(ctx.effective.backupServerIp ? { addresses: [ctx.effective.backupServerIp] } : {}),
        },
      ],
      ...(gw ? { routes: [{ to: 'default', via: formatIpv4(gw.addr) }] } : {}),
    });
  }

  const lab: VirtualLabDesign = {
    id: ids.lab,
    name: a.name.trim(),
    mode: a.mode,
    appliance: {
      id: ids.appliance,
      name: a.appliance.name.trim() || `${a.name.trim() || 'vLab'} proxy appliance`,
      productionNetwork: production,
      ip: ctx.effective.applianceIp,
      ...opt('gateway', a.appliance.gateway.trim()),
      ...(list(a.appliance.dns).length ? { dns: list(a.appliance.dns) } : {}),
      ...(a.appliance.internetProxy
        ? {
            internetProxy: {
              ...opt(
                'port',
                /^\d+$/.test(a.appliance.proxyPort.trim()) ? Number(a.appliance.proxyPort.trim()) : undefined,
              ),
              ...opt('productionProxy', a.appliance.productionProxy.trim()),
            },
          }
        : {}),
      ...(isAdvanced(a.mode) && a.routingBetweenVnics ? { routingBetweenVnics: true } : {}),
    },
    isolatedNetworks: isolated,
    ...(isAdvanced(a.mode) && a.mappings.length
      ? { staticMappings: a.mappings.map((m) => mappingDesign(m, prodId)) }
      : {}),
    backupServer: ids.backupServer,
  };

  // Layout: production bar on top, the appliance in the middle, the isolated networks below — under
  // everything drawn; or, when the production network is drawn already, in a column right of the
  // drawing with that bar stretched over it (so no link crosses the drawing).
  const bounds = a.target === 'current' ? drawnBounds(base) : undefined;
  const n = isolated.length;
  const width = Math.max(WIDE, n > 1 ? n * (ISO_W + ISO_GAP) - ISO_GAP : WIDE);
  const bar = ids.newProduction ? undefined : base.layout?.[production];
  let left: number;
  let y: number;
  if (bar && bounds) {
    left = Math.round(bounds.right + 120);
    layout[production] = { ...bar, width: Math.max(bar.width ?? NETWORK_WIDTH, left + width - bar.x) };
    if (ids.newBackupServer) layout[ids.backupServer] = { x: left + 240, y: Math.round(bar.y - 140) };
    y = Math.round(bar.y + 140);
  } else {
    left = bounds ? Math.round(bounds.left) : 0;
    y = bounds ? Math.round(bounds.bottom + 120) : 60;
    if (ids.newBackupServer) {
      layout[ids.backupServer] = { x: left + 240, y };
      y += 140;
    }
    layout[production] = { x: left, y, width };
    y += 140;
  }
  layout[ids.appliance] = { x: left + Math.round((width - APPLIANCE_W) / 2), y };
  y += 180;
  isolated.forEach((iso, j) => {
    layout[iso.segment] =
      n === 1 ? { x: left, y, width } : { x: left + j * (ISO_W + ISO_GAP), y, width: ISO_W };
  });

  const labsBefore = a.target === 'current' ? (base.virtualLabs ?? []).length : 0;
  const segsBefore = a.target === 'current' ? base.segments.length : 0;
  const devsBefore = a.target === 'current' ? base.devices.length : 0;
  const offset = ids.newProduction ? 1 : 0;
  return {
    target: a.target,
    docName: a.name.trim() || 'Virtual lab',
    segments,
    devices,
    lab,
    layout,
    applianceId: ids.appliance,
    index: {
      lab: labsBefore,
      ...(ids.newProduction ? { productionSegment: segsBefore } : {}),
      isolatedSegments: isolated.map((_, j) => segsBefore + offset + j),
      ...(ids.newBackupServer ? { backupServer: devsBefore } : {}),
    },
  };
}

/** The recipe of the Finish step: one undoable change of the document. */
export function applyPlan(d: Draft<LabDocument>, plan: WizardPlan): void {
  if (plan.target === 'new') {
    d.name = plan.docName;
    delete d.description;
    d.segments = [];
    d.devices = [];
    delete d.virtualLabs;
    d.layout = {};
  }
  d.segments.push(...(plan.segments as Draft<SegmentDoc>[]));
  d.devices.push(...(plan.devices as Draft<DeviceDoc>[]));
  (d.virtualLabs ??= []).push(plan.lab as Draft<VirtualLabDesign>);
  const layout = (d.layout ??= {});
  for (const [id, p] of Object.entries(plan.layout)) layout[id] = { ...p };
}

/** The document as Finish would leave it. */
export function wouldBe(current: LabDocument, plan: WizardPlan): LabDocument {
  return produce(current, (d) => applyPlan(d, plan));
}

/** The wizard step a field belongs to. */
export function stepOfField(field: string): WizardStep {
  const [head, , sub] = field.split('.');
  if (head === 'name' || head === 'target') return 'name';
  if (head === 'production' || head === 'appliance' || head === 'backupServer' || head === 'backupServerIp')
    return 'proxy';
  if (head === 'mode') return 'networking';
  if (head === 'routingBetweenVnics') return 'settings';
  if (head === 'isolated')
    return sub === 'vnicIp' || sub === 'masquerade' || sub === 'dhcp' || sub === 'dns'
      ? 'settings'
      : 'isolated';
  if (head === 'mappings') return 'mappings';
  return 'ready';
}

/**
 * The wizard field a document path of the would-be lab comes from (`virtualLabs[2].isolatedNetworks[0]
 * .masquerade` → `isolated.0.masquerade`), or undefined when the path is not the wizard's.
 */
export function fieldOfPath(plan: WizardPlan, path: string): string | undefined {
  const lab = `virtualLabs[${plan.index.lab}]`;
  if (path === lab || path.startsWith(`${lab}.`) || path.startsWith(`${lab}[`)) {
    const rest = path.slice(lab.length);
    let m = /^\.isolatedNetworks\[(\d+)\](?:\.(\w+))?/.exec(rest);
    if (m) {
      const key = m[2] === 'segment' || !m[2] ? 'name' : m[2];
      return `isolated.${m[1]}.${key}`;
    }
    m = /^\.staticMappings\[(\d+)\](?:\.(\w+))?/.exec(rest);
    if (m) return `mappings.${m[1]}.${m[2] ?? 'isolatedIp'}`;
    if (rest === '.staticMappings') return 'mappings';
    if (rest === '.isolatedNetworks') return 'isolated';
    m = /^\.appliance(?:\.(\w+))?/.exec(rest);
    if (m) {
      if (m[1] === 'productionNetwork') return 'production.choice';
      if (m[1] === 'routingBetweenVnics') return 'routingBetweenVnics';
      return `appliance.${m[1] && m[1] !== 'id' ? m[1] : 'ip'}`;
    }
    if (rest === '.mode') return 'mode';
    if (rest === '.backupServer') return 'backupServer';
    return 'name';
  }
  const seg = /^segments\[(\d+)\](?:\.(\w+))?/.exec(path);
  if (seg) {
    const i = Number(seg[1]);
    if (i === plan.index.productionSegment) return `production.${seg[2] ?? 'subnet'}`;
    const j = plan.index.isolatedSegments.indexOf(i);
    if (j >= 0) return `isolated.${j}.${seg[2] === 'vlan' ? 'vlan' : 'name'}`;
  }
  const dev = /^devices\[(\d+)\]/.exec(path);
  if (dev && Number(dev[1]) === plan.index.backupServer) return 'backupServerIp';
  return undefined;
}

/**
 * On entering Network settings: empty vNIC and masquerade fields — and those still holding the value
 * the wizard filled in last time — take the current proposal, so the user sees and can edit it.
 */
export function prefillSettings(ctx: WizardContext): WizardAnswers {
  return produce(ctx.answers, (d) => {
    d.isolated.forEach((n, j) => {
      const v = ctx.suggest.vnicIp[j]?.value;
      if (v && (n.vnicIp.trim() === '' || n.vnicIp === n.prefilled.vnicIp)) {
        n.vnicIp = v;
        n.prefilled.vnicIp = v;
      }
      const m = ctx.suggest.masquerade[j]?.value;
      if (m && (n.masquerade.trim() === '' || n.masquerade === n.prefilled.masquerade)) {
        n.masquerade = m;
        n.prefilled.masquerade = m;
      }
    });
  });
}

/**
 * One more static mapping: the first mirrored production network, a lab VM drawn on its isolated
 * network that has no mapping yet (else empty), and a free access address of the appliance's network.
 */
export function addMapping(ctx: WizardContext): WizardAnswers {
  const a = ctx.answers;
  const net = a.isolated[0];
  const key = Math.max(0, ...a.mappings.map((m) => m.key)) + 1;
  const mapped = new Set(a.mappings.map((m) => m.isolatedIp.trim()));
  let isolatedIp = '';
  if (net) {
    const prod = ctx.network(net.productionNetwork);
    const vnic = ctx.effective.vnicIp[0]?.split('/')[0];
    const onCopy = ctx.base.segments.filter((s) => s.kind === 'isolated').map((s) => s.id);
    for (const d of ctx.base.devices)
      for (const i of d.interfaces)
        if (i.segment && onCopy.includes(i.segment))
          for (const x of i.addresses ?? []) {
            const ip = (typeof x === 'string' ? x : x.address).split('/')[0]!;
            if (!isolatedIp && !mapped.has(ip) && ip !== vnic && prod?.subnet && ipIn(ip, prod.subnet))
              isolatedIp = ip;
          }
  }
  return {
    ...a,
    mappings: [
      ...a.mappings,
      {
        key,
        productionNetwork: net?.productionNetwork ?? a.production.choice,
        isolatedIp,
        accessIp: ctx.suggest.accessIp?.value ?? '',
        note: '',
      },
    ],
  };
}

function ipIn(ip: string, c: Cidr): boolean {
  const a = parseIpv4(ip);
  return a.ok && inPrefix(a.value, c);
}
