/** `natlab exec --explain`: each line the lab made, followed by the field it came from. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileLab, type CompileResult } from '../lab/compile.ts';
import type { LabDocument } from '../lab/format.ts';
import { routeGet } from '../routing/route-get.ts';
import { execCommand } from './exec.ts';
import { explainOutput } from './explain.ts';

const lab = (path: string) =>
  compileLab(JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as LabDocument);
const MULTI = lab('../../../public/labs/surebackup-multi-network.lab.json');
const DRAWN = lab('../testing/fixtures/surebackup-drawn.lab.json');

function explain(c: CompileResult, device: string, ...argv: string[]): string {
  const net = c.network!;
  const out = execCommand(net, device, argv, { routeGet });
  const r = explainOutput(net.byId.get(device)!, argv, out.stdout, c.provenance);
  if (!r.ok) throw new Error(r.error);
  return r.text;
}
const annotated = (text: string) => text.split('\n').filter((l) => l.includes('  # '));

describe('explainOutput', () => {
  it('iptables-save: every rule of the generated appliance, with its design field', () => {
    expect(annotated(explain(MULTI, 'vlab', 'iptables-save'))).toEqual([
      '-A PREROUTING -d 192.168.150.0/24 -i eth0 -j MARK --set-xmark 0x6/0xffffffff  # virtualLabs[0].isolatedNetworks[0].masquerade',
      '-A PREROUTING -d 10.10.21.0/24 -i eth0 -j MARK --set-xmark 0x6/0xffffffff  # virtualLabs[0].isolatedNetworks[1].masquerade',
      '-A PREROUTING -d 192.168.149.110/32 -i eth0 -j MARK --set-xmark 0x6/0xffffffff  # virtualLabs[0].staticMappings[0].accessIp',
      '-A INPUT -i eth1 -j DROP  # virtualLabs[0].isolatedNetworks[0]',
      '-A INPUT -i eth2 -j DROP  # virtualLabs[0].isolatedNetworks[1]',
      '-A FORWARD -i eth1 -m conntrack ! --ctstate RELATED,ESTABLISHED -j DROP  # virtualLabs[0].isolatedNetworks[0]',
      '-A FORWARD -i eth2 -m conntrack ! --ctstate RELATED,ESTABLISHED -j DROP  # virtualLabs[0].isolatedNetworks[1]',
      '-A PREROUTING -d 192.168.150.0/24 -i eth0 -j NETMAP --to 192.168.149.0/24  # virtualLabs[0].isolatedNetworks[0].masquerade',
      '-A PREROUTING -d 10.10.21.0/24 -i eth0 -j NETMAP --to 10.10.20.0/24  # virtualLabs[0].isolatedNetworks[1].masquerade',
      '-A PREROUTING -d 192.168.149.110/32 -i eth0 -j DNAT --to-destination 10.10.20.10  # virtualLabs[0].staticMappings[0].accessIp',
      '-A POSTROUTING -o eth1 -j MASQUERADE  # virtualLabs[0].isolatedNetworks[0]',
      '-A POSTROUTING -d 10.10.20.10/32 -o eth2 -j SNAT --to-source 10.10.20.1  # virtualLabs[0].staticMappings[0].isolatedIp',
      '-A POSTROUTING -o eth2 -j MASQUERADE  # virtualLabs[0].isolatedNetworks[1]',
    ]);
  });

  it('lines the lab did not make are left as they are', () => {
    const text = explain(MULTI, 'vlab', 'iptables-save');
    const plain = execCommand(MULTI.network!, 'vlab', ['iptables-save'], { routeGet }).stdout;
    expect(text.replace(/ {2}# \S+$/gm, '')).toBe(plain);
  });

  it('iptables -t TABLE -S [CHAIN]', () => {
    expect(explain(MULTI, 'vlab', 'iptables', '-t', 'nat', '-S', 'POSTROUTING')).toBe(
      [
        '-P POSTROUTING ACCEPT',
        '-A POSTROUTING -o eth1 -j MASQUERADE  # virtualLabs[0].isolatedNetworks[0]',
        '-A POSTROUTING -d 10.10.20.10/32 -o eth2 -j SNAT --to-source 10.10.20.1  # virtualLabs[0].staticMappings[0].isolatedIp',
        '-A POSTROUTING -o eth2 -j MASQUERADE  # virtualLabs[0].isolatedNetworks[1]',
        '',
      ].join('\n'),
    );
    expect(annotated(explain(MULTI, 'vlab', 'iptables', '-S'))).toHaveLength(4);
  });

  it('ip rule', () => {
    expect(explain(MULTI, 'vlab', 'ip', 'rule')).toBe(
      '0:\tfrom all lookup local\n32765:\tfrom all fwmark 0x2/0x2 lookup 2  # virtualLabs[0].isolatedNetworks\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n',
    );
  });

  it('ip route show table all: routes, and the kernel’s routes by the address they were made for', () => {
    expect(annotated(explain(MULTI, 'vlab', 'ip', 'route', 'show', 'table', 'all'))).toEqual([
      '10.10.20.0/24 dev eth2 table 2 scope link  # virtualLabs[0].isolatedNetworks[1]',
      '192.168.149.0/24 dev eth1 table 2 scope link  # virtualLabs[0].isolatedNetworks[0]',
      'default via 192.168.149.2 dev eth0  # virtualLabs[0].appliance.gateway',
      '192.168.149.0/24 dev eth0 proto kernel scope link src 192.168.149.50  # virtualLabs[0].appliance.ip',
      'local 10.10.20.1 dev eth2 table local proto kernel scope host src 10.10.20.1  # virtualLabs[0].isolatedNetworks[1].vnicIp',
      'broadcast 10.10.20.255 dev eth2 table local proto kernel scope link src 10.10.20.1  # virtualLabs[0].isolatedNetworks[1].vnicIp',
      'local 192.168.149.2 dev eth1 table local proto kernel scope host src 192.168.149.2  # virtualLabs[0].isolatedNetworks[0].vnicIp',
      'local 192.168.149.50 dev eth0 table local proto kernel scope host src 192.168.149.50  # virtualLabs[0].appliance.ip',
      'local 192.168.149.110 dev eth0 table local proto kernel scope host src 192.168.149.110  # virtualLabs[0].staticMappings[0].accessIp',
      'broadcast 192.168.149.255 dev eth0 table local proto kernel scope link src 192.168.149.50  # virtualLabs[0].appliance.ip',
      'broadcast 192.168.149.255 dev eth1 table local proto kernel scope link src 192.168.149.2  # virtualLabs[0].isolatedNetworks[0].vnicIp',
    ]);
    expect(annotated(explain(MULTI, 'vlab', 'ip', 'route', 'show', 'table', '2'))).toEqual([
      '10.10.20.0/24 dev eth2 scope link  # virtualLabs[0].isolatedNetworks[1]',
      '192.168.149.0/24 dev eth1 scope link  # virtualLabs[0].isolatedNetworks[0]',
    ]);
  });

  it('a client’s routes: drawn ones by their path, generated ones by the design field', () => {
    expect(annotated(explain(MULTI, 'vbs', 'ip', 'route'))).toEqual([
      'default via 192.168.149.2 dev eth0  # devices[1].routes[0]',
      '10.10.21.0/24 via 192.168.149.50 dev eth0  # virtualLabs[0].backupServer',
      '192.168.149.0/24 dev eth0 proto kernel scope link src 192.168.149.22  # devices[1].interfaces[0].addresses[0]',
      '192.168.150.0/24 via 192.168.149.50 dev eth0  # virtualLabs[0].backupServer',
    ]);
  });

  it('ip addr', () => {
    expect(annotated(explain(MULTI, 'vlab', 'ip', 'addr'))).toEqual([
      '    inet 192.168.149.50/24 scope global eth0  # virtualLabs[0].appliance.ip',
      '    inet 192.168.149.110/32 scope global eth0  # virtualLabs[0].staticMappings[0].accessIp',
      '    inet 192.168.149.2/24 scope global noprefixroute eth1  # virtualLabs[0].isolatedNetworks[0].vnicIp',
      '    inet 10.10.20.1/24 scope global noprefixroute eth2  # virtualLabs[0].isolatedNetworks[1].vnicIp',
    ]);
  });

  it('a drawn lab: the document paths', () => {
    expect(annotated(explain(DRAWN, 'vlab', 'iptables-save'))).toEqual([
      '-A PREROUTING -d 192.168.150.0/24 -i eth0 -j MARK --set-xmark 0x6/0xffffffff  # devices[3].iptables.mangle.PREROUTING[0]',
      '-A PREROUTING -d 192.168.150.0/24 -i eth0 -j NETMAP --to 192.168.149.0/24  # devices[3].iptables.nat.PREROUTING[0]',
      '-A POSTROUTING -o eth1 -j MASQUERADE  # devices[3].iptables.nat.POSTROUTING[0]',
    ]);
    expect(explain(DRAWN, 'vlab', 'ip', 'rule')).toContain('lookup 2  # devices[3].rules[0]\n');
  });

  it('JSON output cannot carry comments', () => {
    const net = MULTI.network!;
    expect(explainOutput(net.byId.get('vlab')!, ['ip', '-j', 'rule'], '[]\n', MULTI.provenance)).toEqual({
      ok: false,
      error: '--explain annotates the text output; leave out -j',
    });
  });

  it('other output (ip route get) comes back unchanged', () => {
    const argv = ['ip', 'route', 'get', '10.10.20.10', 'from', '192.168.149.22', 'iif', 'eth0', 'mark', '6'];
    const plain = execCommand(MULTI.network!, 'vlab', argv, { routeGet }).stdout;
    expect(explain(MULTI, 'vlab', ...argv)).toBe(plain);
  });
});
