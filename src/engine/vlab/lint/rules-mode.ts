/**
 * The networking mode and port groups (wizard step 6–7): VL-13 basic single-host with more than one
 * production network, VL-15 an isolated port group shared by two labs or with another VLAN ID.
 */
import { inPrefix } from '../../addr/ipv4.ts';
import { addressText, parsePrefix } from './context.ts';
import { pointer } from './patch.ts';
import { diag, labVms, list, type LintRule } from './rule.ts';
import type { Diagnostic } from './types.ts';

export const basicMode: LintRule = {
  codes: ['VL-13'],
  title: 'basic single-host mode with VMs or the backup server in more than one production network',
  needs: 'design',
  run(ctx) {
    const out: Diagnostic[] = [];
    for (const lab of ctx.labs) {
      if (lab.design.mode !== 'basic-single-host') continue;
      const reasons: string[] = [];
      const paths: string[] = [`${lab.path}.mode`];
      const prods = [...new Set(lab.isolated.map((n) => n.design.productionNetwork))];
      if (prods.length > 1) {
        reasons.push(`it mirrors ${prods.length} production networks (${list(prods.map((p) => `"${p}"`))})`);
        paths.push(`${lab.path}.isolatedNetworks`);
      }
      // the basic wizard has no network-settings or static-mapping steps (vlab-reference §4.1, [V9])
      if ((lab.design.staticMappings ?? []).length) {
        reasons.push('it has static IP mappings, which only the advanced modes offer (wizard step 9)');
        paths.push(`${lab.path}.staticMappings`);
      }
      const home = prods[0] ?? lab.design.appliance.productionNetwork;
      const vbs = ctx.device(lab.design.backupServer);
      if (vbs && !vbs.interfaces.some((i) => i.segment === home)) {
        reasons.push(`backup server ${vbs.id} is not in "${home}"`);
        paths.push(`${lab.path}.backupServer`);
      }
      const subnet = lab.isolated[0]?.subnet;
      if (prods.length === 1 && subnet) {
        const strays = labVms(ctx, lab).filter((d) =>
          d.interfaces.some((i) =>
            (i.addresses ?? []).some((a) => {
              const c = parsePrefix(addressText(a), true);
              return c !== undefined && !inPrefix(c.addr, subnet);
            }),
          ),
        );
        if (strays.length) {
          reasons.push(
            `${list(strays.map((d) => d.id))} ${strays.length > 1 ? 'have' : 'has'} addresses outside "${home}"`,
          );
          paths.push(...strays.map((d) => `devices[${ctx.deviceIndex(d.id)}]`));
        }
      }
      if (!reasons.length) continue;
      out.push(
        diag(
          'VL-13',
          'error',
          `Virtual lab "${lab.design.name}" uses basic single-host mode, but ${list(reasons)}.`,
          paths,
          {
            label: 'Switch to advanced single-host mode',
            patch: [
              {
                op: 'replace',
                path: pointer('virtualLabs', lab.index, 'mode'),
                value: 'advanced-single-host',
              },
            ],
          },
        ),
      );
    }
    return out;
  },
};

export const portGroups: LintRule = {
  codes: ['VL-15'],
  title: 'an isolated port group used by two labs, or a VLAN ID that differs from the drawn port group',
  needs: 'design',
  run(ctx) {
    const out: Diagnostic[] = [];
    const owner = new Map<string, { lab: number; path: string; name: string }>();
    for (const lab of ctx.labs)
      for (const n of lab.isolated) {
        const seg = n.design.segment;
        const first = owner.get(seg);
        if (first && first.lab !== lab.index)
          out.push(
            diag(
              'VL-15',
              'error',
              `Isolated network segment "${seg}" is used by virtual labs "${first.name}" and "${lab.design.name}".`,
              [`${n.path}.segment`, first.path],
            ),
          );
        else if (!first) owner.set(seg, { lab: lab.index, path: `${n.path}.segment`, name: lab.design.name });
        const drawn = n.isolatedSegment?.seg.vlan;
        if (
          lab.design.mode === 'advanced-multi-host' &&
          n.design.vlan !== undefined &&
          drawn !== undefined &&
          drawn !== n.design.vlan
        )
          out.push(
            diag(
              'VL-15',
              'warning',
              `Isolated network "${n.design.name}" asks for VLAN ${n.design.vlan}, but its port group "${seg}" has VLAN ${drawn}.`,
              [`${n.path}.vlan`, `${n.isolatedSegment!.path}.vlan`],
              {
                label: `Use the port group's VLAN ${drawn}`,
                patch: [
                  {
                    op: 'replace',
                    path: pointer('virtualLabs', lab.index, 'isolatedNetworks', n.index, 'vlan'),
                    value: drawn,
                  },
                ],
              },
            ),
          );
      }
    return out;
  },
};
