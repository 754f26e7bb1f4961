/**
 * Loading labs with virtual-lab designs (schema v2): the example designs load and expand; every
 * problem of a design field — its shape (schema) or its meaning (the design compiler, the kernel's
 * checks of the generated appliance) — names its JSON path and says what is wrong.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../engine/lab/format.ts';
import { loadLab } from './load.ts';
import { errorsOf } from './load.test-support.ts';

const text = (name: string) =>
  readFileSync(new URL(`../../public/labs/${name}.lab.json`, import.meta.url), 'utf8');
const design = () => JSON.parse(text('surebackup-multi-network'));
type Raw = ReturnType<typeof design>;
const errorsAfter = (edit: (d: Raw) => void) => {
  const d = design();
  edit(d);
  return errorsOf(loadLab(JSON.stringify(d)));
};

describe('the example designs', () => {
  it.each(['surebackup-basic', 'surebackup-static-mapping', 'surebackup-multi-network'])(
    '%s loads and expands',
    (name) => {
      const r = loadLab(text(name));
      if (!r.ok) throw new Error(r.issues.map(formatIssue).join('\n'));
      expect(r.warnings).toEqual([]);
      expect(r.fromVersion).toBe(2);
      expect(r.doc.virtualLabs).toHaveLength(1);
      expect(r.expanded.virtualLabs).toBeUndefined();
      expect(r.expanded.devices.at(-1)!.id).toBe('vlab');
      expect(r.network.byId.get('vlab')!.kind).toBe('appliance');
      expect(r.design?.doc).toBe(r.expanded);
    },
  );
});

describe('schema: each design field at its path', () => {
  it.each<[(d: Raw) => void, string]>([
    [
      (d) => (d.virtualLabs[0].isolatedNetworks[1].masquerade = '10.0.0.0/33'),
      'virtualLabs[0].isolatedNetworks[1].masquerade: "10.0.0.0/33" is not a prefix (a.b.c.d/len with len 0..32)',
    ],
    [
      (d) => (d.virtualLabs[0].isolatedNetworks[0].masquerade = '192.168.150.7/24'),
      'virtualLabs[0].isolatedNetworks[0].masquerade: "192.168.150.7/24" is not a network: its host bits are set (the network is 192.168.150.0/24)',
    ],
    [
      (d) => (d.virtualLabs[0].appliance.ip = '192.168.149.50'),
      'virtualLabs[0].appliance.ip: "192.168.149.50" is not an IPv4 prefix (expected a.b.c.d/len)',
    ],
    [
      (d) => (d.virtualLabs[0].staticMappings[0].accessIp = '192.168.149.300'),
      'virtualLabs[0].staticMappings[0].accessIp: "192.168.149.300" is not an IPv4 address',
    ],
    [
      (d) => (d.virtualLabs[0].mode = 'simple'),
      'virtualLabs[0].mode: expected ("basic-single-host" | "advanced-single-host" | "advanced-multi-host"), got "simple"',
    ],
    [
      (d) => (d.virtualLabs[0].clientRoutes = 'yes'),
      'virtualLabs[0].clientRoutes: expected ("report" | "add"), got "yes"',
    ],
    [
      (d) => delete d.virtualLabs[0].backupServer,
      'virtualLabs[0].backupServer: missing (expected "backupServer")',
    ],
    [
      (d) => (d.virtualLabs[0].isolatedNetworks[1].vlan = 4095),
      'virtualLabs[0].isolatedNetworks[1].vlan: number 4095 is out of range (<=4094)',
    ],
    [
      (d) => (d.virtualLabs[0].appliance.internetProxy = { port: 0 }),
      'virtualLabs[0].appliance.internetProxy.port: number 0 is out of range (>=1)',
    ],
    [
      (d) => (d.virtualLabs[0].appliance.id = 'bad id'),
      'virtualLabs[0].appliance.id: "bad id" is not a valid id (1..32 characters of A-Z a-z 0-9 _ . -, starting with a letter or digit)',
    ],
    [
      (d) => (d.virtualLabs[0].isolatedNetworks[0].colour = 'red'),
      'virtualLabs[0].isolatedNetworks[0].colour: unknown field (check the spelling; allowed fields are listed in docs/lab-format.md)',
    ],
    [
      (d) => (d.segments[0].subnet = '192.168.149.1/24'),
      'segments[0].subnet: "192.168.149.1/24" is not a network: its host bits are set (the network is 192.168.149.0/24)',
    ],
    [(d) => (d.segments[1].gateway = 'ten'), 'segments[1].gateway: "ten" is not an IPv4 address'],
    [(d) => (d.segments[0].dns = ['192.168.149.20', 7]), 'segments[0].dns[1]: expected string, got number 7'],
  ])('%#: %s', (edit, message) => {
    expect(errorsAfter(edit)).toEqual([message]);
  });
});

describe('meaning: the design compiler and the kernel, at the design field', () => {
  it.each<[(d: Raw) => void, string]>([
    [
      (d) => (d.virtualLabs[0].appliance.productionNetwork = 'dmz2'),
      'virtualLabs[0].appliance.productionNetwork: no segment "dmz2" (production segments: prod, dmz)',
    ],
    [
      (d) => (d.virtualLabs[0].appliance.gateway = '10.9.9.9'),
      'virtualLabs[0].appliance.gateway: ip route add default via 10.9.9.9 dev eth0: the kernel refuses it: "Nexthop has invalid gateway"',
    ],
    [
      (d) => (d.virtualLabs[0].staticMappings[0].isolatedIp = '10.10.21.10'),
      'virtualLabs[0].staticMappings[0].isolatedIp: 10.10.21.10 is not in isolated network "vLab DMZ" (10.10.20.0/24)',
    ],
  ])('%#: %s', (edit, message) => {
    expect(errorsAfter(edit)).toEqual([message]);
  });
});
