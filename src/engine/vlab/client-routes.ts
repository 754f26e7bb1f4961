/**
 * Routes production machines need to reach the lab. Veeam adds the backup server's at job start — one
 * per masquerade network via the appliance's production address — when the backup server is in the
 * appliance's network [V3][V8]; everything else (other clients, and the production router when a
 * machine is outside that network) is left to the administrator. Those are "needed routes": reported,
 * and added only when the design says `clientRoutes: "add"`.
 */
import {
  canonical,
  formatCidr,
  formatIpv4,
  inPrefix,
  parseCidr,
  parseIpv4,
  type Cidr,
  type Ipv4,
} from '../addr/ipv4.ts';
import type { DeviceDoc, LabDocument, RouteDoc } from '../lab/format.ts';
import type { Issues } from '../lab/issues.ts';
import { productionGateway, type DrawnLab, type ResolvedLab } from './resolve.ts';

export interface NeededRoute {
  /** The device that needs it. */
  readonly device: string;
  /**
   * `backup-server`: Veeam adds it at job start (always added); `client`: a client's own route;
   * `router`: the production router's, for machines outside the appliance's subnet.
   */
  readonly kind: 'backup-server' | 'client' | 'router';
  readonly route: RouteDoc;
  /** The design field that makes it needed (`virtualLabs[0].clients[1]`). */
  readonly path: string;
  readonly why: string;
}

const addressText = (a: string | { address: string }) => (typeof a === 'string' ? a : a.address);

/** The device's connected subnets (address prefixes shorter than /32). */
function connected(d: DeviceDoc): Cidr[] {
  const out: Cidr[] = [];
  for (const i of d.interfaces)
    for (const a of i.addresses ?? []) {
      const c = parseCidr(addressText(a));
      if (c.ok) out.push(c.value);
    }
  return out;
}

function parsePrefix(text: string): Cidr | undefined {
  if (text === 'default') return { addr: 0 as Ipv4, len: 0 };
  const c = parseCidr(text, true);
  return c.ok ? canonical(c.value) : undefined;
}

/**
 * A drawn device's connected subnets and main-table unicast prefixes, parsed once per
 * {@link neededRoutes} call: asking them per masquerade network re-parsed every route of a client for
 * each of the lab's networks (clients × networks × routes).
 */
class DeviceRoutes {
  readonly connected: readonly Cidr[];
  readonly prefixes: readonly Cidr[];
  private readonly exact = new Set<string>();

  constructor(d: DeviceDoc) {
    this.connected = connected(d);
    const prefixes: Cidr[] = [];
    for (const r of d.routes ?? []) {
      if ((r.table ?? 'main') !== 'main' || (r.type ?? 'unicast') !== 'unicast') continue;
      const p = parsePrefix(r.to);
      if (!p) continue;
      prefixes.push(p);
      this.exact.add(`${p.addr}/${p.len}`);
    }
    this.prefixes = prefixes;
  }

  /** Whether `to` lies in one of the device's connected subnets (it is then reached without a route). */
  onLink(to: Cidr): boolean {
    return this.connected.some((c) => c.len < 32 && c.len <= to.len && inPrefix(to.addr, c));
  }

  /** Whether the main table has a route to `to` (the same prefix, or a covering one if `cover`). */
  hasRoute(to: Cidr, cover: boolean): boolean {
    return cover
      ? this.prefixes.some((p) => p.len <= to.len && inPrefix(to.addr, p))
      : this.exact.has(`${to.addr}/${to.len}`);
  }
}

interface Want {
  readonly to: Cidr;
  readonly what: string;
}

/** What a production machine must be able to reach: the masquerade networks and the access IPs. */
function wants(lab: ResolvedLab): Want[] {
  return [
    ...lab.isolated.map((n) => ({
      to: n.masquerade!,
      what: `masquerade network ${formatCidr(n.masquerade!)} of "${n.design.name}"`,
    })),
    ...lab.mappings.map((m) => ({
      to: { addr: m.accessIp, len: 32 },
      what: `access IP ${formatIpv4(m.accessIp)} of ${formatIpv4(m.isolatedIp)}`,
    })),
  ];
}

/**
 * The needed routes of one virtual lab, for the backup server and each client. A machine with an
 * address in the appliance's production subnet routes each masquerade network (and each access IP
 * outside its own subnets) via the appliance; one outside it reaches the appliance through the
 * production router, which then needs those routes (VL-01), and the machine a route via its own
 * gateway when it has no default route.
 */
export function neededRoutes(drawn: DrawnLab, lab: ResolvedLab, issues: Issues): NeededRoute[] {
  const out: NeededRoute[] = [];
  const doc = drawn.doc;
  const appliance = lab.applianceIp.addr;
  const via = formatIpv4(appliance);
  const parsed = new Map<DeviceDoc, DeviceRoutes>();
  const routesOf = (d: DeviceDoc) => {
    let r = parsed.get(d);
    if (!r) parsed.set(d, (r = new DeviceRoutes(d)));
    return r;
  };
  const added = new Set<string>();
  const push = (
    device: string,
    kind: NeededRoute['kind'],
    to: Cidr,
    routeVia: string,
    path: string,
    why: string,
  ) => {
    const d = doc.devices[drawn.deviceIndex(device)];
    if (!d) return;
    const r = routesOf(d);
    if (r.hasRoute(to, false) || r.onLink(to)) return;
    const key = `${device}\u0000${formatCidr(to)}`;
    if (added.has(key)) return;
    added.add(key);
    out.push({ device, kind, route: { to: formatCidr(to), via: routeVia }, path, why });
  };
  const want = wants(lab);
  const router = productionRouter(doc, drawn, lab);
  const machines: [string, string][] = [[lab.design.backupServer, `${lab.path}.backupServer`]];
  (lab.design.clients ?? []).forEach((c, k) => {
    if (c !== lab.design.backupServer) machines.push([c, `${lab.path}.clients[${k}]`]);
  });
  for (const [id, path] of machines) {
    const own = id === lab.design.backupServer ? 'backup-server' : 'client';
    const d = doc.devices[drawn.deviceIndex(id)];
    if (!d) {
      issues.error(path, `no device "${id}" is drawn in this lab`);
      continue;
    }
    const r = routesOf(d);
    const local = r.connected.some((c) => c.len < 32 && inPrefix(appliance, c));
    for (const w of want) {
      if (r.onLink(w.to)) continue;
      if (local) {
        push(
          id,
          own,
          w.to,
          via,
          path,
          `${id} reaches the ${w.what} through the appliance (${via}, in its subnet)`,
        );
        continue;
      }
      if (!r.hasRoute(w.to, true)) {
        const gw = machineGateway(drawn, d);
        if (gw)
          push(
            id,
            'client',
            w.to,
            formatIpv4(gw),
            path,
            `${id} is outside the appliance's subnet: the ${w.what} via its gateway`,
          );
      }
      if (router)
        push(
          router,
          'router',
          w.to,
          via,
          path,
          `${id} is outside the appliance's subnet: the production router ${router} must route the ${w.what} to the appliance (${via})`,
        );
      else {
        issues.warning(
          path,
          `${id} is outside the appliance's subnet and no production router is drawn on "${lab.design.appliance.productionNetwork}" to route the lab's networks to the appliance`,
        );
        break;
      }
    }
  }
  return out;
}

/** The drawn device that holds the appliance's gateway address on its production network. */
function productionRouter(doc: LabDocument, drawn: DrawnLab, lab: ResolvedLab): string | undefined {
  const seg = lab.design.appliance.productionNetwork;
  const gw = lab.gateway ?? productionGateway(drawn, seg)?.addr;
  if (gw === undefined) return undefined;
  const holds = (a: string | { address: string }) => {
    const c = parseCidr(addressText(a));
    return c.ok && c.value.addr === gw;
  };
  return doc.devices.find((d) =>
    d.interfaces.some((i) => i.segment === seg && (i.addresses ?? []).some(holds)),
  )?.id;
}

/** The gateway a machine uses: its segment's `gateway`, or its default route's. */
function machineGateway(drawn: DrawnLab, d: DeviceDoc): Ipv4 | undefined {
  for (const i of d.interfaces) {
    if (!i.segment) continue;
    const g = drawn.segment(i.segment)?.seg.gateway;
    const a = g !== undefined ? parseIpv4(g) : undefined;
    if (a?.ok) return a.value;
  }
  const def = (d.routes ?? []).find((r) => r.to === 'default' && r.via !== undefined);
  const a = def?.via !== undefined ? parseIpv4(def.via) : undefined;
  return a?.ok ? a.value : undefined;
}
