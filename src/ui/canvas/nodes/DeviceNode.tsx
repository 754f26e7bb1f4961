/** A machine: host / VM, backup server, router, production gateway, or a drawn appliance. */
import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { DeviceLook } from '../../../state/canvas-model.ts';
import type { DeviceNode as DeviceFlowNode } from '../to-flow.ts';
import { KindIcon } from '../../components/KindIcon.tsx';
import { Ports } from './Ports.tsx';
import { useFar } from './use-far.ts';

const LOOKS: Record<DeviceLook, { label: string; tip: string }> = {
  host: { label: 'Host / VM', tip: 'A machine with one or more interfaces' },
  'backup-server': {
    label: 'Backup server',

    tip: 'The Veeam backup server: SureBackup adds its route to each masquerade network',
  },
  router: { label: 'Router', tip: 'A Linux router: ip_forward, routes, ip rules, iptables' },
  'production-gateway': {
    label: 'Production gateway',

    tip: 'The production network’s default gateway',
  },
  appliance: { label: 'Appliance (drawn)', tip: 'A NAT appliance drawn by hand' },
};

export const DeviceNode = memo(function DeviceNode({ data, selected }: NodeProps<DeviceFlowNode>) {
  const { vm } = data;
  const far = useFar();
  const look = LOOKS[vm.look];
  return (
    <div
      className={`card card--${vm.look}${selected ? ' card--selected' : ''}${vm.problems ? ` card--${vm.problems}` : ''}`}
      data-testid="device-node"
      data-kind={vm.look}
      title={look.tip}
    >
      {!far && (
        <>
          <span className="card__icon" aria-hidden="true">
            <KindIcon kind={vm.look} />
          </span>
          <span className="card__text">
            <span className="card__name">{vm.name}</span>
            <span className="card__sub">
              {look.label} · {vm.id}
            </span>
          </span>
          {vm.problems && (
            <span className={`card__dot card__dot--${vm.problems}`} aria-label={`has ${vm.problems}s`} />
          )}
        </>
      )}
      <Ports ports={vm.ports} />
    </div>
  );
});
