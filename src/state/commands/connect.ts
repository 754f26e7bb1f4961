/**
 * Connections drawn on the canvas: a machine's interface plugged into a network, and the proxy
 * appliance's production NIC or an isolated network's vNIC.
 */
import type { Draft } from 'immer';
import type { LabDocument } from '../../engine/lab/format.ts';
import { freeAddress, gatewayOf } from './addresses.ts';
import { freshIfname } from './ids.ts';

/** Handle id of a device's "add an interface" handle. */
export const NEW_INTERFACE = '+';

export type ConnectResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Edge id of a device interface link. */
export const interfaceEdgeId = (device: string, ifname: string) => `${device}:${ifname}`;
/** Edge id of an appliance link to a network. */
export const applianceEdgeId = (appliance: string, segment: string) => `${appliance}=>${segment}`;

/**
 * Plugs `ifname` of a device (a new interface for {@link NEW_INTERFACE}) into a segment. An interface
 * without an address gets the first free one of the segment's subnet (the gateway's address for a
 * production gateway), and a host without a default route gets one via the network's gateway.
 */
export function connectInterface(
  d: Draft<LabDocument>,
  deviceId: string,
  ifname: string,
  segmentId: string,
): ConnectResult {
  const dev = d.devices.find((x) => x.id === deviceId);
  const seg = d.segments.find((s) => s.id === segmentId);
  if (!dev || !seg) return { ok: false, reason: 'no such device or network' };
  let iface = ifname === NEW_INTERFACE ? undefined : dev.interfaces.find((i) => i.name === ifname);
  if (!iface) {
    iface = { name: ifname === NEW_INTERFACE ? freshIfname(dev) : ifname, segment: null };
    dev.interfaces.push(iface);
  }
  iface.segment = segmentId;
  if (!iface.addresses?.length) {
    const address = proposeAddress(d, dev.role, segmentId);
    if (address) iface.addresses = [address];
  }
  const gw = gatewayOf(d, segmentId);
  if (
    dev.kind === 'host' &&
    gw &&
    !(dev.routes ?? []).some((r) => r.to === 'default') &&
    iface.addresses?.length
  )
    (dev.routes ??= []).push({ to: 'default', via: gw });
  return { ok: true };
}

function proposeAddress(
  d: Draft<LabDocument>,
  role: string | undefined,
  segmentId: string,
): string | undefined {
  const seg = d.segments.find((s) => s.id === segmentId);
  if (role === 'production-gateway' && seg?.kind === 'production') {
    const free = freeAddress(d, segmentId);
    if (seg.gateway && free) return `${seg.gateway}/${free.split('/')[1]}`;
    if (!seg.gateway && free && seg.subnet) {
      seg.gateway = free.split('/')[0]!;
      return free;
    }
  }
  return freeAddress(d, segmentId, role === 'backup-server' ? 20 : 10);
}

/**
 * The proxy appliance plugged into a network: a production network becomes its production network
 * (eth0), an isolated network is added to the virtual lab as one more isolated network (one vNIC).
 */
export function connectAppliance(
  d: Draft<LabDocument>,
  applianceId: string,
  segmentId: string,
): ConnectResult {
  const lab = d.virtualLabs?.find((v) => v.appliance.id === applianceId);
  const seg = d.segments.find((s) => s.id === segmentId);
  if (!lab || !seg) return { ok: false, reason: 'no such appliance or network' };
  if (seg.kind === 'link')
    return { ok: false, reason: 'the proxy appliance connects to production and isolated networks' };
  if (seg.kind === 'production') {
    if (lab.appliance.productionNetwork === segmentId) return { ok: true };
    lab.appliance.productionNetwork = segmentId;
    const ip = freeAddress(d, segmentId, 50);
    if (ip) lab.appliance.ip = ip;
    for (const n of lab.isolatedNetworks)
      if (!d.segments.some((s) => s.id === n.productionNetwork)) n.productionNetwork = segmentId;
    return { ok: true };
  }
  if (lab.isolatedNetworks.some((n) => n.segment === segmentId)) return { ok: true };
  lab.isolatedNetworks.push({
    segment: segmentId,
    name: seg.name ?? segmentId,
    productionNetwork: lab.appliance.productionNetwork,
  });
  if (lab.isolatedNetworks.length > 1 && lab.mode === 'basic-single-host') lab.mode = 'advanced-single-host';
  return { ok: true };
}

/** Removes a link: an interface is unplugged (it keeps its addresses); an isolated network leaves the lab. */
export function disconnect(d: Draft<LabDocument>, edgeId: string): ConnectResult {
  const a = edgeId.indexOf('=>');
  if (a >= 0) {
    const appliance = edgeId.slice(0, a);
    const segment = edgeId.slice(a + 2);
    const lab = d.virtualLabs?.find((v) => v.appliance.id === appliance);
    if (!lab) return { ok: false, reason: 'no such appliance' };
    if (lab.appliance.productionNetwork === segment)
      return {
        ok: false,
        reason: 'the appliance always has a production network: connect it to another one instead',
      };
    const k = lab.isolatedNetworks.findIndex((n) => n.segment === segment);
    if (k >= 0) lab.isolatedNetworks.splice(k, 1);
    return { ok: true };
  }
  const c = edgeId.lastIndexOf(':');
  const dev = d.devices.find((x) => x.id === edgeId.slice(0, c));
  const iface = dev?.interfaces.find((i) => i.name === edgeId.slice(c + 1));
  if (!iface) return { ok: false, reason: 'no such interface' };
  iface.segment = null;
  return { ok: true };
}
