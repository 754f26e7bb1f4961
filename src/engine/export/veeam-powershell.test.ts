import { readFileSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { VirtualLabDesign } from '../vlab/design.ts';
import { commentSafe, psQuote, resolvedAsDesigned, veeamPowerShell } from './veeam-powershell.ts';

const golden = (name: string, text: string) => {
  const url = new URL(`./__golden__/${name}`, import.meta.url);
  if (process.env['UPDATE_GOLDEN']) writeFileSync(url, text);
  expect(text).toBe(readFileSync(url, 'utf8'));
};

/** Seed 000: one production network, the appliance at .50, the copy's gateway .2, masquerade 150/24. */
const seedLab: VirtualLabDesign = {
  id: 'lab1',
  name: 'SureBackup lab',
  mode: 'advanced-single-host',
  appliance: {
    id: 'vlab',
    name: 'vlab-appliance',
    productionNetwork: 'prod',
    ip: '192.168.149.50/24',
    gateway: '192.168.149.2',
    dns: ['192.168.149.10'],
  },
  isolatedNetworks: [
    {
      segment: 'iso',
      name: 'Isolated Production',
      productionNetwork: 'prod',
      vlan: 0,
      vnicIp: '192.168.149.2/24',
      masquerade: '192.168.150.0/24',
    },
  ],
  staticMappings: [
    { productionNetwork: 'prod', isolatedIp: '192.168.149.36', accessIp: '192.168.149.136', note: 'sf0006' },
  ],
  backupServer: 'vbs',
};

const multiLab: VirtualLabDesign = {
  id: 'lab2',
  name: 'Production + DMZ',
  mode: 'advanced-multi-host',
  appliance: {
    id: 'vlab',
    productionNetwork: 'prod',
    ip: '192.168.149.50/24',
    internetProxy: { port: 8081, productionProxy: '192.168.149.8' },
    routingBetweenVnics: true,
    dns: ['192.168.149.10', '192.168.149.11'],
  },
  isolatedNetworks: [
    {
      segment: 'iso-prod',
      name: 'Isolated Production',
      productionNetwork: 'prod',
      vlan: 101,
      vnicIp: '192.168.149.2/24',
      masquerade: '192.168.150.0/24',
      dhcp: true,
      dns: ['192.168.149.10'],
    },
    {
      segment: 'iso-dmz',
      name: 'Isolated DMZ',
      productionNetwork: 'dmz',
      vlan: 102,
      vnicIp: '10.20.0.1/16',
      masquerade: '10.21.0.0/16',
    },
  ],
  backupServer: 'vbs',
};

const names = new Map([
  ['prod', 'VM Network'],
  ['dmz', 'DMZ'],
]);

function ps(lab: VirtualLabDesign, gateway?: string): string {
  const isolated = resolvedAsDesigned(lab)!;
  const r = veeamPowerShell({
    lab,
    isolated,
    segmentNames: names,
    ...(gateway ? { applianceGateway: gateway } : {}),
  });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** PowerShell's single-quoted literal, as its tokenizer reads it: returns the value and the rest. */
function readLiteral(s: string): { value: string; rest: string } {
  const Q = /['\u2018\u2019\u201a\u201b]/;
  expect(Q.test(s[0]!)).toBe(true);
  let value = '';
  let i = 1;
  for (;;) {
    if (i >= s.length) throw new Error('unterminated literal');
    const c = s[i]!;
    if (Q.test(c)) {
      if (i + 1 < s.length && Q.test(s[i + 1]!)) {
        value += c;
        i += 2;
        continue;
      }
      return { value, rest: s.slice(i + 1) };
    }
    value += c;
    i++;
  }
}

describe('veeam-powershell exporter', () => {
  it('seed 000 as an advanced single-host lab with a static mapping (golden)', () =>
    golden('veeam-seed.ps1', ps(seedLab)));
  it('two isolated networks on a DVS, internet proxy, DHCP, routing between vNICs (golden)', () =>
    golden('veeam-multi.ps1', ps(multiLab, '192.168.149.1')));
  it('basic single-host: Add-VBRViSimpleVirtualLab, no network options', () => {
    const text = ps({ ...seedLab, mode: 'basic-single-host' });
    expect(text).toContain(
      "Add-VBRViSimpleVirtualLab -Server $esxi -Name 'SureBackup lab' -ProxyAppliance $appliance",
    );
    expect(text).not.toContain('New-VBRViVirtualLabNetworkOptions');
  });
  it('masks and masquerade network addresses as the cmdlets take them', () => {
    const text = ps(multiLab);
    expect(text).toContain('-IPAddress 10.20.0.1 -SubnetMask 255.255.0.0 -MasqueradeIPAddress 10.21.0.0');
    expect(text).toContain('-IPAddress 192.168.149.50 -SubnetMask 255.255.255.0');
  });
  it('a bad address is an error naming the field, not a broken script', () => {
    const lab = { ...seedLab, appliance: { ...seedLab.appliance, ip: '192.168.149.500/24' } };
    const r = veeamPowerShell({ lab, isolated: resolvedAsDesigned(lab)!, segmentNames: names });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^appliance\.ip: /);
  });
  it('hostile names stay inside their literal (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (name) => {
        const lab: VirtualLabDesign = {
          ...seedLab,
          name,
          isolatedNetworks: [{ ...seedLab.isolatedNetworks[0]!, name }],
          staticMappings: [{ ...seedLab.staticMappings![0]!, note: name }],
        };
        const text = ps(lab);
        // every line that carries the name: the literal decodes to exactly the name, and what follows
        // is the script's own text
        const add = text.split('\n$map1 = ')[1]!;
        const lit = readLiteral(add.slice(add.indexOf('-IsolatedNetworkName ') + 21));
        expect(lit.value).toBe(name);
        expect(lit.rest.startsWith(' -VLANID 0\n')).toBe(true);
        const last = text.slice(text.indexOf('Add-VBRViAdvancedVirtualLab'));
        const n = readLiteral(last.slice(last.indexOf('-Name ') + 6));
        expect(n.value).toBe(name);
        expect(n.rest.startsWith(' -ProxyAppliance $appliance')).toBe(true);
        // the comment header is one line
        expect(text.split('\n')[0]).toBe(
          `# Veeam Backup & Replication virtual lab "${commentSafe(name)}", as designed in natlab`,
        );
      }),
      { numRuns: 500 },
    );
  });
  it('psQuote doubles every quote character PowerShell accepts', () =>
    expect(psQuote("a'b\u2018c\u2019d\u201ae\u201bf")).toBe(
      "'a''b\u2018\u2018c\u2019\u2019d\u201a\u201ae\u201b\u201bf'",
    ));
});
