/**
 * Sysctls of a device between a production and an isolated segment (an appliance, generated or
 * drawn): NF-01 strict rp_filter that drops the lab's replies, NF-02 proxy ARP on the isolated side.
 */
import { maskOf, networkOf, type Ipv4 } from '../../addr/ipv4.ts';
import type { Device, Iface } from '../../model/device.ts';
import { routeInput } from '../../routing/route-input.ts';
import type { LintContext } from './context.ts';
import { pointer } from './patch.ts';
import { devicePath, diag, ip, isolatedSegments, list, sysctlPath, type LintRule } from './rule.ts';
import type { Diagnostic, Fix, PatchOp } from './types.ts';

/** Devices with an interface on an isolated segment and one elsewhere, with their isolated-side interfaces. */
function bridges(ctx: LintContext): { d: Device; inside: Iface[] }[] {
  if (!ctx.network) return [];
  const isolated = isolatedSegments(ctx);
  const out: { d: Device; inside: Iface[] }[] = [];
  for (const d of ctx.network.devices) {
    const plugged = d.ifaces.filter((i) => i.segment !== null);
    const inside = plugged.filter((i) => isolated.has(i.segment!));
    if (inside.length && inside.length < plugged.length) out.push({ d, inside });
  }
  return out;
}

/** A fix that rewrites every `net.ipv4.conf.{all,default,IFACE}.KEY` = `from` of a drawn device to `to`. */
function sysctlFix(
  ctx: LintContext,
  d: Device,
  ifaces: readonly Iface[],
  key: string,
  from: number,
  to: number,
): PatchOp[] {
  const i = ctx.deviceIndex(d.id);
  const doc = ctx.doc.devices[i];
  if (!doc) return [];
  const who = new Set(['all', 'default', ...ifaces.map((x) => x.name.replaceAll('.', '/'))]);
  const ops: PatchOp[] = [];
  for (const [name, v] of Object.entries(doc.sysctls ?? {})) {
    const m = /^net\.ipv4\.conf\.(.+)\.([a-z_]+)$/.exec(name);
    if (m && m[2] === key && who.has(m[1]!) && v === from)
      ops.push({ op: 'replace', path: pointer('devices', i, 'sysctls', name), value: to });
  }
  return ops;
}

/** A lab-side source the reverse-path check is tried with: a neighbour's address on the segment, else a free host. */
function labSideSource(ctx: LintContext, d: Device, iface: Iface): Ipv4 | undefined {
  const a = iface.addrs.find((x) => !x.secondary);
  if (!a) return undefined;
  const seg = ctx.network!.segments.get(iface.segment!);
  for (const p of seg?.ports ?? []) {
    if (p.device === d.id) continue;
    const peer = ctx.network!.byId.get(p.device)?.ifByName.get(p.iface);
    const hit = peer?.addrs.find(
      (x) => networkOf({ addr: x.local, len: a.len }) === networkOf({ addr: a.local, len: a.len }),
    );
    if (hit) return hit.local;
  }
  const net = networkOf({ addr: a.local, len: a.len });
  const host = (net + 1 === a.local ? net + 2 : net + 1) >>> 0;
  return a.len <= 30 && (host & ~maskOf(a.len)) !== 0 ? (host as Ipv4) : undefined;
}

export const strictRpFilter: LintRule = {
  codes: ['NF-01'],
  title: "strict rp_filter on an appliance drops the isolated side's replies",
  needs: 'network',
  run(ctx) {
    const out: Diagnostic[] = [];
    for (const { d, inside } of bridges(ctx)) {
      const dst = d.ifaces.find((i) => !i.loopback && !inside.includes(i) && i.addrs.length)?.addrs[0]?.local;
      if (dst === undefined) continue;
      const failing = inside.filter((iface) => {
        if (iface.conf.rp_filter !== 1) return false;
        const src = labSideSource(ctx, d, iface);
        if (src === undefined) return false;
        const r = routeInput(d, { src, dst, tos: 0, mark: 0, proto: 1, sport: 0, dport: 0, in: iface });
        return r.kind === 'martian' && r.reason === 'rp_filter';
      });
      if (!failing.length) continue;
      const patch = sysctlFix(ctx, d, failing, 'rp_filter', 1, 2);
      const fix: Fix | undefined = patch.length
        ? { label: `Set rp_filter to 2 (loose) on ${d.id}`, patch }
        : undefined;
      out.push(
        diag(
          'NF-01',
          'error',
          `${d.id} has strict rp_filter (1) on ${list(failing.map((i) => i.name))}, so packets from the lab VMs there (e.g. from ${ip(labSideSource(ctx, d, failing[0]!)!)}) fail the reverse-path check and replies from the lab are dropped.`,
          ctx.deviceIndex(d.id) >= 0
            ? [
                ...failing.map((i) =>
                  sysctlPath(ctx, d.id, `net.ipv4.conf.${i.name.replaceAll('.', '/')}.rp_filter`),
                ),
                sysctlPath(ctx, d.id, 'net.ipv4.conf.all.rp_filter'),
              ]
            : [devicePath(ctx, d.id)],
          fix,
        ),
      );
    }
    return out;
  },
};

export const isolatedProxyArp: LintRule = {
  codes: ['NF-02'],
  title: 'proxy ARP on the isolated side of an appliance',
  needs: 'network',
  run(ctx) {
    const out: Diagnostic[] = [];
    for (const { d, inside } of bridges(ctx)) {
      const proxying = inside.filter((i) => i.conf.proxy_arp === 1 && i.conf.forwarding === 1);
      const insideNames = new Set(inside.filter((i) => i.conf.forwarding === 1).map((i) => i.name));
      const doc = ctx.doc.devices[ctx.deviceIndex(d.id)];
      const neighbours = (doc?.proxyNeighbours ?? [])
        .map((n, k) => ({ n, k }))
        .filter((x) => insideNames.has(x.n.dev));
      if (!proxying.length && !neighbours.length) continue;
      const patch: PatchOp[] = [
        ...sysctlFix(ctx, d, proxying, 'proxy_arp', 1, 0),
        ...[...neighbours].reverse().map((x): PatchOp => ({
          op: 'remove',
          path: pointer('devices', ctx.deviceIndex(d.id), 'proxyNeighbours', x.k),
        })),
      ];
      const what = [
        ...proxying.map((i) => `proxy_arp on ${i.name}`),
        ...neighbours.map((x) => `the proxy neighbour ${x.n.address} on ${x.n.dev}`),
      ];
      out.push(
        diag(
          'NF-02',
          'error',
          `${d.id} has ${list(what)}, so it answers lab VMs' ARP for production addresses and forwards their packets out of the lab.`,
          ctx.deviceIndex(d.id) >= 0
            ? [
                ...proxying.map((i) =>
                  sysctlPath(ctx, d.id, `net.ipv4.conf.${i.name.replaceAll('.', '/')}.proxy_arp`),
                ),
                ...neighbours.map((x) => `${devicePath(ctx, d.id)}.proxyNeighbours[${x.k}]`),
              ]
            : [devicePath(ctx, d.id)],
          patch.length ? { label: `Turn proxy ARP off on ${d.id}'s isolated side`, patch } : undefined,
        ),
      );
    }
    return out;
  },
};
