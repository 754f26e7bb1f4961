/** `natlab exec --explain`: each line the lab made, followed by the field it came from. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileLab, type CompileResult } from '../lab/compile.ts';
import type { LabDocument } from '../lab/format.ts';
import { routeGet } from '../routing/route-get.ts';
import { execCommand } from './exec.ts';
import { explainLines, explainOutput, explainSysctls, modelledSysctls } from './explain.ts';

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

function lines(c: CompileResult, device: string, ...argv: string[]) {
  const net = c.network!;
  const out = execCommand(net, device, argv, { routeGet });
  const r = explainLines(net.byId.get(device)!, argv, out.stdout, c.provenance);
  if (!r.ok) throw new Error(r.error);
  return { stdout: out.stdout, lines: r.lines };
}

describe('explainLines', () => {
  it('one entry per printed line: the text exactly as printed, the path apart', () => {
    const { stdout, lines: ls } = lines(MULTI, 'vlab', 'iptables-save');
    expect(ls.map((l) => `${l.text}\n`).join('')).toBe(stdout);
    const mark = ls.find((l) => l.text.includes('-j MARK'))!;
    expect(mark).toMatchObject({
      text: '-A PREROUTING -d 192.168.150.0/24 -i eth0 -j MARK --set-xmark 0x6/0xffffffff',
      path: 'virtualLabs[0].isolatedNetworks[0].masquerade',
      rule: { table: 'mangle', chain: 'PREROUTING' },
    });
    expect(ls.find((l) => l.text === '*nat')).toEqual({ text: '*nat' });
  });

  it('ip lines keep their trailing blanks; the annotation is the same as explainOutput', () => {
    for (const argv of [['ip', 'rule'], ['ip', 'route', 'show', 'table', 'all'], ['iptables-save']]) {
      const { stdout, lines: ls } = lines(MULTI, 'vlab', ...argv);
      expect(ls.map((l) => l.text).join('\n') + '\n').toBe(stdout);
      const text = explain(MULTI, 'vlab', ...argv);
      expect(ls.filter((l) => l.path).map((l) => `${l.text.trimEnd()}  # ${l.path}`)).toEqual(
        annotated(text),
      );
    }
  });

  it('no output, no lines; JSON cannot be explained', () => {
    const dev = MULTI.network!.byId.get('vlab')!;
    expect(explainLines(dev, ['iptables-save'], '', MULTI.provenance)).toEqual({ ok: true, lines: [] });
    expect(explainLines(dev, ['ip', '-j', 'rule'], '[]\n', MULTI.provenance).ok).toBe(false);
  });
});

describe('explainSysctls', () => {
  const expanded = (c: CompileResult, i: number) => c.design?.doc.devices[i]?.sysctls;

  it('the generated appliance: each sysctl the design sets, by the design field', () => {
    const dev = MULTI.network!.byId.get('vlab')!;
    const ls = explainSysctls(dev, expanded(MULTI, dev.docIndex), MULTI.provenance.design);
    expect(ls[0]).toEqual({ text: 'net.ipv4.ip_forward = 1', path: 'virtualLabs[0].appliance' });
    expect(ls).toContainEqual({
      text: 'net.ipv4.conf.all.arp_ignore = 1',
      path: 'virtualLabs[0].isolatedNetworks',
    });
    expect(ls).toContainEqual({
      text: 'net.ipv4.conf.eth1.proxy_arp = 0',
      path: 'virtualLabs[0].isolatedNetworks[0]',
    });
  });

  it('a device that sets none: ip_forward alone, without a path; all: every modelled knob', () => {
    const dev = MULTI.network!.byId.get('vbs')!;
    expect(explainSysctls(dev, undefined, MULTI.provenance.design)).toEqual([
      { text: 'net.ipv4.ip_forward = 0' },
    ]);
    const all = explainSysctls(dev, undefined, MULTI.provenance.design, true);
    expect(all.map((l) => l.text.split(' = ')[0])).toEqual(modelledSysctls(dev));
    expect(all).toContainEqual({ text: 'net.ipv4.conf.eth0.send_redirects = 1' });
    expect(all).toContainEqual({ text: 'net.ipv4.ip_default_ttl = 64' });
  });

  it('a drawn device: the document path of each sysctl', () => {
    const i = DRAWN.network!.byId.get('vlab')!;
    const doc = JSON.parse(
      readFileSync(new URL('../testing/fixtures/surebackup-drawn.lab.json', import.meta.url), 'utf8'),
    ) as LabDocument;
    const ls = explainSysctls(i, doc.devices[i.docIndex]!.sysctls, DRAWN.provenance.design);
    expect(ls).toContainEqual({
      text: 'net.ipv4.ip_forward = 1',
      path: `devices[${i.docIndex}].sysctls["net.ipv4.ip_forward"]`,
    });
  });
});
