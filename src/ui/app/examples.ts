/** The example labs in public/labs/ (the seed scenarios), for the Examples menu. */
export interface Example {
  readonly name: string;
  readonly title: string;
  readonly summary: string;
}

export const EXAMPLES: readonly Example[] = [
  {
    name: 'surebackup-basic',
    title: 'SureBackup basic',
    summary: 'One production network, its isolated copy, masquerade NETMAP (seed 000)',
  },
  {
    name: 'surebackup-static-mapping',
    title: 'Static IP mapping',
    summary: 'Advanced single-host lab with an access IP per lab VM',
  },
  {
    name: 'surebackup-multi-network',
    title: 'Several isolated networks',
    summary: 'One appliance vNIC per isolated network, one fwmark table',
  },
  { name: 'snf-routed', title: 'Routed VLAN (eth0.222)', summary: 'Proxy ARP and ip rule iif … lookup 222' },
  { name: 'dnat-redirect', title: 'DNAT redirect', summary: 'Destination NAT tricks on a router' },
  {
    name: 'asymmetric-firewall',
    title: 'Asymmetric routing',
    summary: 'Why the reply dies at a stateful firewall',
  },
  {
    name: 'policy-routing-vrf',
    title: 'Policy routing',
    summary: 'Several routing tables chosen by ip rule',
  },
];
