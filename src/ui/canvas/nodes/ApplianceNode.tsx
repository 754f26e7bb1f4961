/** The proxy appliance of a virtual lab: production NIC on one side, one vNIC per isolated network. */
import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { ApplianceNode as ApplianceFlowNode } from '../to-flow.ts';
import { KindIcon } from '../../components/KindIcon.tsx';
import { Ports } from './Ports.tsx';
import { useFar } from './use-far.ts';

const MODES: Record<string, string> = {
  'basic-single-host': 'basic single-host',
  'advanced-single-host': 'advanced single-host',
  'advanced-multi-host': 'advanced multi-host',
};

export const ApplianceNode = memo(function ApplianceNode({ data, selected }: NodeProps<ApplianceFlowNode>) {
  const { vm } = data;
  const far = useFar();
  return (
    <div
      className={`card card--vlab${selected ? ' card--selected' : ''}${vm.problems ? ` card--${vm.problems}` : ''}`}
      data-testid="appliance-node"
      title="Proxy appliance: routes and NATs between the production network and the isolated networks (masquerade NETMAP, fwmark table)"
    >
      {!far && (
        <>
          <span className="card__icon" aria-hidden="true">
            <KindIcon kind="appliance" size={20} />
          </span>
          <span className="card__text">
            <span className="card__name">{vm.name}</span>
            <span className="card__sub">
              Proxy appliance · {vm.labName} · {MODES[vm.mode] ?? vm.mode}
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
