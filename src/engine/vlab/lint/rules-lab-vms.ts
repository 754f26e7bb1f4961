/**
 * The lab side (wizard steps 5 and 8, vlab-reference §4.1): VL-16 what the internet proxy does not
 * carry, VL-18 DHCP and MAC-bound leases, VL-19 VMs with several addresses, VL-21 DNS for the lab,
 * VL-22 a way out of the isolated network other than the appliance.
 */
import { inPrefix, type Ipv4 } from '../../addr/ipv4.ts';
import { trace } from '../../sim/trace.ts';
import { parseAddr, type LintContext, type ResolvedLab } from './context.ts';
import { pointer } from './patch.ts';
import { diag, ip, isolatedSegments, labVms, list, plural, type LintRule } from './rule.ts';
import type { Diagnostic } from './types.ts';

export const internetProxy: LintRule = {
  codes: ['VL-16'],
  title: 'the internet proxy carries HTTP(S) only',
  needs: 'design',
  run(ctx) {
    return ctx.labs
      .filter((l) => l.design.appliance.internetProxy !== undefined)
      .map((l) =>
        diag(
          'VL-16',
          'info',
          `The appliance's internet proxy of "${l.design.name}" carries HTTP(S) only, on port ${l.design.appliance.internetProxy?.port ?? 8080} of each vNIC address: lab VMs must be configured to use it, and ICMP or other protocols to the Internet will not work.`,
          [`${l.path}.appliance.internetProxy`],
        ),
      );
  },
};

export const dhcpLeases: LintRule = {
  codes: ['VL-18'],
  title: 'DHCP on an isolated network whose VMs have no static MAC',
  needs: 'design',
  run(ctx) {
    const out: Diagnostic[] = [];
    for (const lab of ctx.labs)
      for (const n of lab.isolated) {
        if (n.design.dhcp !== true) continue;
        const vms = ctx.doc.devices.filter(
          (d) =>
            d.id !== lab.design.appliance.id &&
            d.interfaces.some((i) => i.segment === n.design.segment && i.mac === undefined),
        );
        if (!vms.length) continue;
        out.push(
          diag(
            'VL-18',
            'warning',
            `DHCP is on for isolated network "${n.design.name}", but ${list(vms.map((d) => d.id))} ${vms.length > 1 ? 'have' : 'has'} no static MAC, so leases reserved by MAC will not match.`,
            [`${n.path}.dhcp`, ...vms.map((d) => `devices[${ctx.deviceIndex(d.id)}].interfaces`)],
          ),
        );
      }
    return out;
  },
};

export const multiHomedVms: LintRule = {
  codes: ['VL-19'],
  title: 'a lab VM has several NICs or addresses in the mapped networks',
  needs: 'design',
  run(ctx) {
    const out: Diagnostic[] = [];
    for (const lab of ctx.labs) {
      const segs = new Set(lab.isolated.map((n) => n.design.segment));
      for (const d of labVms(ctx, lab)) {
        const nics = d.interfaces.filter((i) => i.segment != null && segs.has(i.segment));
        const addrs = nics.reduce((s, i) => s + (i.addresses?.length ?? 0), 0);
        if (nics.length < 2 && addrs < 2) continue;
        out.push(
          diag(
            'VL-19',
            'info',
            `Lab VM ${d.id} has ${plural(nics.length, 'NIC')} and ${plural(addrs, 'address', 'addresses')} in the isolated networks; SureBackup's predefined tests use only one of them.`,
            [`devices[${ctx.deviceIndex(d.id)}].interfaces`],
          ),
        );
      }
    }
    return out;
  },
};

export const labDns: LintRule = {
  codes: ['VL-21'],
  title: 'no DNS for an isolated network with DHCP, or a DNS server the lab cannot reach',
  needs: 'design',
  run(ctx) {
    const out: Diagnostic[] = [];
    for (const lab of ctx.labs)
      for (const n of lab.isolated) {
        const own = n.design.dns;
        const dns = own ?? n.production?.seg.dns;
        const dnsPath = own ? `${n.path}.dns` : `${n.production?.path ?? n.path}.dns`;
        if (n.design.dhcp === true && !dns?.length) {
          out.push(
            diag(
              'VL-21',
              'warning',
              `Isolated network "${n.design.name}" hands out addresses by DHCP but has no DNS server (neither its own nor production network "${n.design.productionNetwork}"'s).`,
              [`${n.path}.dns`, `${n.path}.dhcp`],
            ),
          );
          continue;
        }
        const unreachable = (dns ?? []).filter((s) => {
          const a = parseAddr(s);
          return a !== undefined && !reachableInLab(lab, n.index, a);
        });
        if (unreachable.length)
          out.push(
            diag(
              'VL-21',
              'warning',
              `DNS server${unreachable.length > 1 ? 's' : ''} ${list(unreachable)} of isolated network "${n.design.name}" ${unreachable.length > 1 ? 'are' : 'is'} not in the lab, so lab VMs cannot reach ${unreachable.length > 1 ? 'them' : 'it'}.`,
              [dnsPath],
            ),
          );
      }
    return out;
  },
};

/** Whether a lab VM on isolated network `i` can reach address `a` inside the lab. */
function reachableInLab(lab: ResolvedLab, i: number, a: number): boolean {
  return lab.isolated.some(
    (n) =>
      n.subnet !== undefined &&
      inPrefix(a, n.subnet) &&
      (n.index === i || lab.design.appliance.routingBetweenVnics === true),
  );
}

export const isolationLeak: LintRule = {
  codes: ['VL-22'],
  title: 'an isolated network has an uplink or a way to production other than the appliance',
  needs: 'design',
  run(ctx) {
    const out: Diagnostic[] = [];
    const isolated = isolatedSegments(ctx);
    for (const lab of ctx.labs) {
      for (const n of lab.isolated) {
        const s = n.isolatedSegment;
        if (s && s.seg.kind !== 'isolated')
          out.push(
            diag(
              'VL-22',
              'error',
              `Isolated network "${n.design.name}" uses segment "${s.seg.id}", which is a ${s.seg.kind} segment (one with uplinks).`,
              [`${n.path}.segment`, `${s.path}.kind`],
              {
                label: `Make segment "${s.seg.id}" an isolated segment`,
                patch: [{ op: 'replace', path: pointer('segments', s.index, 'kind'), value: 'isolated' }],
              },
            ),
          );
      }
      for (const d of labVms(ctx, lab)) {
        const outside = d.interfaces.filter((i) => i.segment != null && !isolated.has(i.segment));
        if (outside.length)
          out.push(
            diag(
              'VL-22',
              'error',
              `Lab VM ${d.id} is also plugged into ${list(outside.map((i) => `"${i.segment}"`))}, a way out of the isolated network that bypasses the appliance.`,
              outside.map(
                (i) => `devices[${ctx.deviceIndex(d.id)}].interfaces[${d.interfaces.indexOf(i)}].segment`,
              ),
            ),
          );
        else out.push(...leakTraces(ctx, lab, d.id, isolated));
      }
    }
    return out;
  },
};

/** Engine check: a lab VM's packets to the backup server must not be delivered outside the lab. */
function leakTraces(ctx: LintContext, lab: ResolvedLab, vm: string, isolated: Set<string>): Diagnostic[] {
  const net = ctx.network;
  const target = ctx.addresses.find((a) => a.device === lab.design.backupServer)?.cidr.addr;
  if (!net || target === undefined || !net.byId.has(vm)) return [];
  const r = probe(ctx, vm, target);
  if (!r) return [];
  const receiver = r.request.receiver;
  const dev = receiver ? net.byId.get(receiver) : undefined;
  if (!dev || dev.ifaces.some((i) => i.segment !== null && isolated.has(i.segment))) return [];
  return [
    diag(
      'VL-22',
      'error',
      `Lab VM ${vm}'s packets to ${ip(target)} are delivered to ${receiver} outside the lab (the engine's trace: ${r.summary}).`,
      [`devices[${ctx.deviceIndex(vm)}]`, `${lab.path}.appliance`],
    ),
  ];
}

function probe(ctx: LintContext, from: string, to: Ipv4) {
  const r = trace(ctx.network!, { from, to });
  return r.ok ? r.value : undefined;
}
