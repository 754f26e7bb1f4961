/** The dumps a device's own tools print, which the Import dialog reads into a drawn device. */
import type { DeviceDump } from '../../engine/import/device-dump/device-dump.ts';

export type DumpKey = keyof DeviceDump;

export const DUMPS: readonly {
  key: DumpKey;
  label: string;
  command: string;
  replaces: string;
  example: string;
}[] = [
  {
    key: 'iptablesSave',
    label: 'iptables-save',
    command: 'iptables-save',
    replaces: 'iptables rules',
    example: '*nat\n:PREROUTING ACCEPT [0:0]\n…\n-A POSTROUTING -o eth1 -j MASQUERADE\nCOMMIT',
  },
  {
    key: 'ipRule',
    label: 'ip rule',
    command: 'ip rule show',
    replaces: 'policy rules',
    example:
      '0:\tfrom all lookup local\n32765:\tfrom all fwmark 0x6 lookup 2\n32766:\tfrom all lookup main\n…',
  },
  {
    key: 'ipRoute',
    label: 'ip route',
    command: 'ip route show table all',
    replaces: 'routes',
    example: 'default via 192.168.149.2 dev eth0\n192.168.149.0/24 dev eth1 table 2 scope link\n…',
  },
];
