/** A network: a production portgroup (solid, with uplink) or an isolated lab copy (dashed, no uplink). */
import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { NetworkNode as NetworkFlowNode } from '../to-flow.ts';
import { useFar } from './use-far.ts';

const KIND: Record<string, string> = {
  production: 'Production network',
  isolated: 'Isolated network · no uplink',
  link: 'Link',
};

export const NetworkNode = memo(function NetworkNode({ data, selected }: NodeProps<NetworkFlowNode>) {
  const { vm } = data;
  const far = useFar();
  const facts = [
    vm.vlan !== undefined ? (vm.vlan === 0 ? 'no VLAN' : `VLAN ${vm.vlan}`) : undefined,
    vm.subnet,
    vm.gateway ? `gw ${vm.gateway}` : undefined,
    vm.dns ? `DNS ${vm.dns}` : undefined,
    vm.copyOf ? `copy of ${vm.copyOf}` : undefined,
    vm.masquerade ? `masquerade ${vm.masquerade}` : undefined,
  ].filter(Boolean);
  return (
    <div
      className={`bus bus--${vm.kind}${selected ? ' bus--selected' : ''}${vm.problems ? ` bus--${vm.problems}` : ''}`}
      style={{ width: vm.width }}
      data-testid="network-node"
      data-kind={vm.kind}
      title={
        vm.kind === 'isolated'
          ? 'Isolated network: a copy of a production network with no uplink; only the proxy appliance connects it'
          : 'Production network (portgroup)'
      }
    >
      <Handle
        id="top"
        type="target"
        position={Position.Top}
        className="bus__handle"
        isConnectableStart={false}
      />
      {!far && (
        <div className="bus__label">
          <span className="bus__name">{vm.name}</span>
          <span className="bus__kind">{KIND[vm.kind]}</span>
          {facts.length > 0 && <span className="bus__facts">{facts.join(' · ')}</span>}
        </div>
      )}
      <Handle
        id="bottom"
        type="target"
        position={Position.Bottom}
        className="bus__handle"
        isConnectableStart={false}
      />
    </div>
  );
});
