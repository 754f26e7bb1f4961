/**
 * The isolated networks' settings (wizard steps 7–8, vlab-reference §4.1): VL-07 vNIC ≠ gateway,
 * VL-08 two vNICs in one subnet, VL-09 two vNICs on one isolated network, VL-10 production ↔ isolated
 * mapping, VL-11 more than 9 networks, VL-12 forbidden characters in a name.
 */
import { canonical, prefixesOverlap, sameCidr } from '../../addr/ipv4.ts';
import { productionGateway } from './context.ts';
import { pointer } from './patch.ts';
import { diag, ip, net, type LintRule } from './rule.ts';
import type { Diagnostic } from './types.ts';

const lp = (l: number, ...rest: (string | number)[]) => pointer('virtualLabs', l, ...rest);

export const vnicGateway: LintRule = {
  codes: ['VL-07'],
  title: "an isolated network's vNIC address is not its production network's gateway",
  needs: 'design',
  run(ctx) {
    const out: Diagnostic[] = [];
    for (const lab of ctx.labs)
      for (const n of lab.isolated) {
        if (n.design.vnicIp === undefined || !n.vnic || !n.subnet) continue;
        const gw = productionGateway(ctx, n.design.productionNetwork, n.subnet);
        if (gw === undefined || n.vnic.addr === gw) continue;
        const between = lab.design.appliance.routingBetweenVnics === true;
        out.push(
          diag(
            'VL-07',
            between ? 'error' : 'warning',
            `The vNIC address ${ip(n.vnic.addr)} of isolated network "${n.design.name}" is not the production gateway ${ip(gw)}${between ? ', which routing between vNICs requires' : ', so lab VMs that send to their gateway reach nothing'}.`,
            [`${n.path}.vnicIp`, `${n.production?.path ?? 'segments'}.gateway`],
            {
              label: `Use the production gateway ${ip(gw)}/${n.subnet.len} as the vNIC address`,
              patch: [
                {
                  op: 'replace',
                  path: lp(lab.index, 'isolatedNetworks', n.index, 'vnicIp'),
                  value: `${ip(gw)}/${n.subnet.len}`,
                },
              ],
            },
          ),
        );
      }
    return out;
  },
};

export const vnicSubnets: LintRule = {
  codes: ['VL-08', 'VL-09'],
  title: 'two vNICs in one subnet, or two vNICs on one isolated network',
  needs: 'design',
  run(ctx) {
    const out: Diagnostic[] = [];
    for (const lab of ctx.labs)
      lab.isolated.forEach((b, j) => {
        for (const a of lab.isolated.slice(0, j)) {
          if (a.design.segment === b.design.segment) {
            const same = a.design.productionNetwork === b.design.productionNetwork;
            out.push(
              diag(
                'VL-09',
                'error',
                `Isolated network "${b.design.name}" gives the appliance a second vNIC on segment "${b.design.segment}" (already used by "${a.design.name}").`,
                [`${b.path}.segment`, `${a.path}.segment`],
                same
                  ? {
                      label: `Remove the duplicate isolated network "${b.design.name}"`,
                      patch: [{ op: 'remove', path: lp(lab.index, 'isolatedNetworks', b.index) }],
                    }
                  : undefined,
              ),
            );
            break;
          }
          // one production network on two isolated networks is VL-10's finding
          if (
            a.design.productionNetwork !== b.design.productionNetwork &&
            a.vnic &&
            b.vnic &&
            prefixesOverlap(canonical(a.vnic), canonical(b.vnic))
          ) {
            out.push(
              diag(
                'VL-08',
                'error',
                `The vNICs of isolated networks "${a.design.name}" (${net(a.vnic)}) and "${b.design.name}" (${net(b.vnic)}) are in the same subnet.`,
                [`${b.path}.vnicIp`, `${a.path}.vnicIp`],
              ),
            );
            break;
          }
        }
      });
    return out;
  },
};

export const mappingShape: LintRule = {
  codes: ['VL-10', 'VL-11'],
  title: 'a production network mapped twice, mixed masks on one isolated network, more than 9 networks',
  needs: 'design',
  run(ctx) {
    const out: Diagnostic[] = [];
    for (const lab of ctx.labs) {
      if (lab.isolated.length > 9)
        out.push(
          diag(
            'VL-11',
            'error',
            `Virtual lab "${lab.design.name}" has ${lab.isolated.length} isolated networks; Veeam allows at most 9.`,
            [`${lab.path}.isolatedNetworks`],
          ),
        );
      lab.isolated.forEach((b, j) => {
        for (const a of lab.isolated.slice(0, j)) {
          if (
            a.design.productionNetwork === b.design.productionNetwork &&
            a.design.segment !== b.design.segment
          ) {
            out.push(
              diag(
                'VL-10',
                'error',
                `Production network "${b.design.productionNetwork}" is mapped to two isolated networks ("${a.design.name}" and "${b.design.name}").`,
                [`${b.path}.productionNetwork`, `${a.path}.productionNetwork`],
              ),
            );
            break;
          }
          if (
            a.design.segment === b.design.segment &&
            a.design.productionNetwork !== b.design.productionNetwork &&
            a.subnet &&
            b.subnet &&
            !sameCidr(a.subnet, b.subnet)
          ) {
            out.push(
              diag(
                'VL-10',
                'error',
                `Production networks "${a.design.productionNetwork}" (${net(a.subnet)}) and "${b.design.productionNetwork}" (${net(b.subnet)}) share isolated network segment "${b.design.segment}" with different subnets.`,
                [`${b.path}.productionNetwork`, `${a.path}.productionNetwork`],
              ),
            );
            break;
          }
        }
      });
    }
    return out;
  },
};

/** Characters Veeam refuses in an isolated network's name (KB2074). */
export const FORBIDDEN_NAME_CHARS = '~`!@#$%^&*+=;\'><|?:"';

export const isolatedName: LintRule = {
  codes: ['VL-12'],
  title: "an isolated network's name contains characters Veeam refuses",
  needs: 'design',
  run(ctx) {
    const out: Diagnostic[] = [];
    for (const lab of ctx.labs)
      for (const n of lab.isolated) {
        const bad = [...new Set([...n.design.name].filter((c) => FORBIDDEN_NAME_CHARS.includes(c)))];
        if (!bad.length) continue;
        const clean =
          [...n.design.name]
            .filter((c) => !FORBIDDEN_NAME_CHARS.includes(c))
            .join('')
            .trim() || 'isolated';
        out.push(
          diag(
            'VL-12',
            'error',
            `Isolated network name "${n.design.name}" contains ${bad.map((c) => `"${c}"`).join(' ')}, which Veeam does not accept.`,
            [`${n.path}.name`],
            {
              label: `Rename it "${clean}"`,
              patch: [
                { op: 'replace', path: lp(lab.index, 'isolatedNetworks', n.index, 'name'), value: clean },
              ],
            },
          ),
        );
      }
    return out;
  },
};
