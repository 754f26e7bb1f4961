/** The Rules panel's view model, without React: device views, marks, tokens, custom rules. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LabDocument } from '../../engine/lab/format.ts';
import { deriveLab } from '../lint-lab.ts';
import {
  customTexts,
  defaultDevice,
  deviceLabel,
  deviceOptions,
  deviceView,
  lineMarker,
  markSections,
  planCustomRules,
  selectedPaths,
  tokenize,
  writeRuleFields,
  type CompiledLabInput,
} from './index.ts';

const read = (p: string) => JSON.parse(readFileSync(new URL(p, import.meta.url), 'utf8')) as LabDocument;
const BASIC = read('../../../public/labs/surebackup-basic.lab.json');
const DRAWN = read('../../engine/testing/fixtures/surebackup-drawn.lab.json');

function compiled(doc: LabDocument): CompiledLabInput {
  const d = deriveLab(doc);
  if (!d.network || !d.provenance) throw new Error('lab does not compile');
  return { network: d.network, provenance: d.provenance, ...(d.expanded ? { expanded: d.expanded } : {}) };
}
const lines = (lab: CompiledLabInput, id: string, section: string) =>
  deviceView(lab, id)!.sections.find((s) => s.id === section)!.lines;

describe('device views', () => {
  const lab = compiled(BASIC);

  it('the generated appliance: what the tools print, each line with its design field', () => {
    const ipt = lines(lab, 'vlab', 'iptables');
    expect(ipt.map((l) => l.text)).toContain(
      '-A PREROUTING -d 192.168.150.0/24 -i eth0 -j MARK --set-xmark 0x6/0xffffffff',
    );
    const netmap = ipt.find((l) => l.text.includes('NETMAP'))!;
    expect(netmap.path).toBe('virtualLabs[0].isolatedNetworks[0].masquerade');
    expect(netmap.sentence).toMatch(/^New connections: /);
    expect(netmap.tokens.map((t) => t.text).join('')).toBe(netmap.text);
    expect(lines(lab, 'vlab', 'rules').map((l) => [l.text, l.path])).toContainEqual([
      '32765:\tfrom all fwmark 0x2/0x2 lookup 2',
      'virtualLabs[0].isolatedNetworks',
    ]);
    expect(lines(lab, 'vlab', 'routes')[0]).toMatchObject({
      text: '192.168.149.0/24 dev eth1 table 2 scope link ', // ip route prints the blank
      path: 'virtualLabs[0].isolatedNetworks[0]',
    });
    expect(lines(lab, 'vlab', 'sysctls')[0]).toMatchObject({
      text: 'net.ipv4.ip_forward = 1',
      path: 'virtualLabs[0].appliance',
    });
  });

  it('is computed once per compiled network', () => {
    expect(deviceView(lab, 'vlab')).toBe(deviceView(lab, 'vlab'));
    expect(deviceView(lab, 'vlab', true)).not.toBe(deviceView(lab, 'vlab'));
    expect(deviceView(lab, 'nope')).toBeUndefined();
  });

  it('every modelled sysctl on request', () => {
    const all = deviceView(lab, 'gateway', true)!.sections.find((s) => s.id === 'sysctls')!.lines;
    expect(all.length).toBeGreaterThan(40);
    expect(all.some((l) => l.text === 'net.ipv4.conf.eth0.rp_filter = 0')).toBe(true);
  });

  it('the picker: devices by name, the generated appliance included; the default follows the selection', () => {
    const opts = deviceOptions(BASIC, lab.network);
    expect(opts.map((o) => [o.id, o.origin, o.docPath])).toEqual([
      ['gateway', 'drawn', 'devices[0]'],
      ['vbs', 'drawn', 'devices[1]'],
      ['sf0006', 'drawn', 'devices[2]'],
      ['sf0006-copy', 'drawn', 'devices[3]'],
      ['vlab', 'design', 'virtualLabs[0]'],
    ]);
    expect(deviceLabel(opts[4]!)).toBe('vLab proxy appliance (vlab) — generated');
    expect(defaultDevice(opts, 'vbs')).toBe('vbs');
    expect(defaultDevice(opts, 'prod')).toBe('vlab');
    expect(defaultDevice(opts, undefined)).toBe('vlab');
    expect(defaultDevice(opts.slice(0, 2), undefined)).toBe('gateway');
    expect(defaultDevice([], undefined)).toBeUndefined();
  });
});

describe('line marks', () => {
  it('a focused field lights its lines, and softly the lines of what contains it', () => {
    const mark = lineMarker('virtualLabs[0].isolatedNetworks[0].masquerade', ['virtualLabs[0]']);
    expect(mark('virtualLabs[0].isolatedNetworks[0].masquerade')).toBe('field');
    expect(mark('virtualLabs[0].isolatedNetworks[0]')).toBe('related');
    expect(mark('virtualLabs[0].isolatedNetworks')).toBe('related');
    expect(mark('virtualLabs[0].appliance.gateway')).toBeUndefined();
    expect(mark(undefined)).toBeUndefined();
    const parent = lineMarker('virtualLabs[0].isolatedNetworks[0]', []);
    expect(parent('virtualLabs[0].isolatedNetworks[0].masquerade')).toBe('field');
    expect(parent('virtualLabs[0].isolatedNetworks[0]')).toBe('field');
    expect(parent('virtualLabs[0].isolatedNetworks[1]')).toBeUndefined();
  });

  it('a selected node marks its lines softly; nothing selected, nothing marked', () => {
    const paths = selectedPaths(BASIC, { nodes: ['vbs', 'nope'], edges: [] });
    expect(paths).toEqual(['devices[1]']);
    const mark = lineMarker(undefined, paths);
    expect(mark('devices[1].routes[0]')).toBe('related');
    expect(mark('devices[10].routes[0]')).toBeUndefined();
    expect(mark('virtualLabs[0].backupServer')).toBeUndefined();
    expect(lineMarker(undefined, [])('devices[1]')).toBeUndefined();
  });
});

describe('markSections', () => {
  it('numbers the linked lines and names the first lit one', () => {
    const view = deviceView(compiled(BASIC), 'vlab')!;
    const m = markSections(view.sections, lineMarker('virtualLabs[0].isolatedNetworks[0].masquerade', []));
    const all = m.sections.flatMap((s) => s.lines);
    expect(m.stops).toBe(all.filter((l) => l.line.path).length);
    expect(all.filter((l) => l.stop >= 0).map((l) => l.stop)).toEqual([...Array(m.stops).keys()]);
    expect(m.firstLit).toMatch(/^iptables:\d+:-A PREROUTING .* -j MARK /);
    expect(markSections(view.sections, lineMarker(undefined, [])).firstLit).toBeUndefined();
  });
});

describe('tokenize', () => {
  const kinds = (syntax: Parameters<typeof tokenize>[0], line: string) =>
    tokenize(syntax, line)
      .filter((t) => t.kind)
      .map((t) => `${t.kind}:${t.text}`);

  it('iptables-save: tables, policies, chains, options, targets, addresses, marks', () => {
    expect(kinds('iptables', '*nat')).toEqual(['table:*nat']);
    expect(kinds('iptables', ':PREROUTING ACCEPT [0:0]')).toEqual([
      'chain::PREROUTING',
      'accept:ACCEPT',
      'number: [0:0]',
    ]);
    expect(
      kinds('iptables', '-A PREROUTING -d 192.168.150.0/24 -i eth0 -j MARK --set-xmark 0x6/0xffffffff'),
    ).toEqual([
      'option:-A',
      'chain:PREROUTING',
      'option:-d',
      'addr:192.168.150.0/24',
      'option:-i',
      'iface:eth0',
      'option:-j',
      'target:MARK',
      'option:--set-xmark',
      'number:0x6/0xffffffff',
    ]);
    expect(kinds('iptables', '-A POSTROUTING -o eth1 -j MASQUERADE')).toContain('nat:MASQUERADE');
    expect(kinds('iptables', '-A FORWARD -m conntrack ! --ctstate RELATED -j DROP')).toEqual(
      expect.arrayContaining(['keyword:!', 'verdict:DROP']),
    );
    expect(kinds('iptables', '-A INPUT -m comment --comment "a b" -j ACCEPT')).toContain('string:"a b"');
    expect(kinds('iptables', '# Generated by iptables-save')).toEqual([
      'comment:# Generated by iptables-save',
    ]);
    expect(kinds('iptables', 'COMMIT')).toEqual(['keyword:COMMIT']);
  });

  it('ip rule and ip route', () => {
    expect(kinds('ip-rule', '32765:\tfrom all fwmark 0x2/0x2 lookup 2')).toEqual([
      'number:32765:',
      'keyword:from',
      'addr:all',
      'keyword:fwmark',
      'number:0x2/0x2',
      'keyword:lookup',
      'table:2',
    ]);
    expect(
      kinds('ip-route', 'local 10.0.0.1 dev eth2 table local proto kernel scope host src 10.0.0.1 '),
    ).toEqual([
      'target:local',
      'addr:10.0.0.1',
      'keyword:dev',
      'iface:eth2',
      'keyword:table',
      'table:local',
      'keyword:proto',
      'name:kernel',
      'keyword:scope',
      'name:host',
      'keyword:src',
      'addr:10.0.0.1',
    ]);
    expect(kinds('sysctl', 'net.ipv4.ip_forward = 1')).toEqual(['name:net.ipv4.ip_forward', 'number:1']);
  });

  it('gives the line back exactly', () => {
    for (const line of ['a  "b c" \t d', 'unbalanced "quote', '', '   ', '-A X -j LOG --log-prefix "x y"'])
      for (const s of ['iptables', 'ip-rule', 'ip-route', 'sysctl'] as const)
        expect(
          tokenize(s, line)
            .map((t) => t.text)
            .join(''),
        ).toBe(line);
  });
});

describe('custom rules', () => {
  const vbs = 1;
  const lab = compiled(BASIC);
  const opened = customTexts(deviceView(lab, 'vbs')!, 'devices[1]');

  it('the editor opens with the device’s own lines, not the design’s', () => {
    expect(opened.iptables).toBe('');
    expect(opened.routes).toContain('default via 192.168.149.2 dev eth0 \n');
    expect(opened.routes).not.toContain('192.168.150.0/24');
    expect(opened.rules).toBe(
      '0:\tfrom all lookup local\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n',
    );
  });

  it('nothing changed: nothing to write', () => {
    expect(planCustomRules(BASIC, vbs, opened, opened)).toEqual({ ok: true, warnings: [] });
  });

  it('a good iptables rule: the device’s iptables field', () => {
    const texts = {
      ...opened,
      iptables: '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n',
    };
    const plan = planCustomRules(BASIC, vbs, texts, opened);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.device!.iptables).toEqual({ filter: { INPUT: ['-p tcp -m tcp --dport 22 -j ACCEPT'] } });
    expect(plan.device!.routes).toEqual(BASIC.devices[vbs]!.routes);
    const target = structuredClone(BASIC.devices[vbs]!);
    writeRuleFields(target, plan.device!);
    expect(target).toEqual(plan.device);
  });

  it('a bad iptables line: the parser’s error at its line', () => {
    const texts = { ...opened, iptables: '*filter\n-A INPUT -j NOSUCH\nCOMMIT\n' };
    const plan = planCustomRules(BASIC, vbs, texts, opened);
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.errors[0]).toMatchObject({ section: 'iptables', line: 2, text: '-A INPUT -j NOSUCH' });
  });

  it('a rule and a route: written, and a route the kernel refuses is shown at its line', () => {
    const rule = '100:\tfrom 10.1.0.0/16 lookup 7\n';
    const plan = planCustomRules(
      BASIC,
      vbs,
      { ...opened, rules: opened.rules.replace('32766', `${rule}32766`) },
      opened,
    );
    expect(plan.ok && plan.device?.rules).toEqual([{ pref: 100, from: '10.1.0.0/16', table: 7 }]);
    const bad = `${opened.routes}10.9.0.0/16 via 10.200.0.1 dev eth0\n`;
    const refused = planCustomRules(BASIC, vbs, { ...opened, routes: bad }, opened);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    const n = bad.split('\n').indexOf('10.9.0.0/16 via 10.200.0.1 dev eth0') + 1;
    expect(refused.errors[0]).toMatchObject({ section: 'routes', line: n });
  });

  it('a drawn appliance: its own rules are in the editor, and a chain can be emptied', () => {
    const drawn = compiled(DRAWN);
    const i = DRAWN.devices.findIndex((d) => d.id === 'vlab');
    const t = customTexts(deviceView(drawn, 'vlab')!, `devices[${i}]`);
    expect(t.iptables).toContain('-j NETMAP --to 192.168.149.0/24');
    const plan = planCustomRules(
      DRAWN,
      i,
      { ...t, iptables: t.iptables.replace(/^-A POSTROUTING .*\n/m, '') },
      t,
    );
    expect(plan.ok).toBe(true);
    // the rules are read back as iptables -S prints them
    if (plan.ok)
      expect(plan.device!.iptables!.nat).toEqual({
        PREROUTING: ['-d 192.168.150.0/24 -i eth0 -j NETMAP --to 192.168.149.0/24'],
      });
  });
});
