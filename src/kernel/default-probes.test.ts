import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatIpv4 } from '../engine/addr/ipv4.ts';
import { loadLab } from '../lab/load.ts';
import { defaultProbes, nameableAddresses, parseProbeSpec } from './default-probes.ts';

const load = (text: string) => {
  const r = loadLab(text);
  if (!r.ok) throw new Error('seed does not load');
  return r.network;
};
const seed = load(
  readFileSync(new URL('../../public/labs/surebackup-basic.lab.json', import.meta.url), 'utf8'),
);

describe('the probes natlab verify runs by default', () => {
  it('every configured address, plus the masquerade addresses NETMAP maps onto configured ones', () => {
    expect(nameableAddresses(seed).map(formatIpv4).sort()).toEqual([
      '192.168.149.2',
      '192.168.149.22',
      '192.168.149.36',
      '192.168.149.50',
      '192.168.150.2',
      '192.168.150.22',
      '192.168.150.36',
      '192.168.150.50',
    ]);
  });

  it('from every host to every address it does not own (both directions, since every host probes)', () => {
    const p = defaultProbes(seed);
    expect(new Set(p.map((x) => x.from))).toEqual(new Set(['vbs', 'sf0006', 'sf0006-copy']));
    expect(p.filter((x) => x.from === 'vbs').map((x) => x.to)).not.toContain('192.168.149.22');
    expect(p).toContainEqual({ from: 'sf0006-copy', to: '192.168.149.22', proto: 'icmp' });
    expect(p).toHaveLength(21);
  });

  it('a DNAT static mapping adds its access address; listening sockets add TCP/UDP probes', () => {
    const doc = JSON.parse(
      readFileSync(new URL('../engine/testing/fixtures/surebackup-drawn.lab.json', import.meta.url), 'utf8'),
    );
    const vlab = doc.devices.find((d: { id: string }) => d.id === 'vlab');
    vlab.iptables.nat.PREROUTING.unshift(
      '-i eth0 -d 192.168.149.60/32 -j DNAT --to-destination 192.168.149.36',
    );
    doc.devices.find((d: { id: string }) => d.id === 'sf0006-copy').listen = ['tcp/443'];
    const net = load(JSON.stringify(doc));
    expect(nameableAddresses(net).map(formatIpv4)).toContain('192.168.149.60');
    expect(defaultProbes(net)).toContainEqual({ from: 'vbs', to: '192.168.149.36', proto: 'tcp', port: 443 });
  });
});

describe('--probe "FROM TO [proto] [port]"', () => {
  it.each([
    ['vbs 192.168.150.36', { from: 'vbs', to: '192.168.150.36', proto: 'icmp' }],
    ['  vbs   10.0.0.1  tcp 443 ', { from: 'vbs', to: '10.0.0.1', proto: 'tcp', port: 443 }],
    ['a 10.0.0.1 udp 53', { from: 'a', to: '10.0.0.1', proto: 'udp', port: 53 }],
  ])('%j', (text, want) => expect(parseProbeSpec(text)).toEqual(want));
  it.each([
    ['vbs', 'expected'],
    ['a b c d e', 'expected'],
    ['a 10.0.0.256', 'not an IPv4 address'],
    ['a 10.0.0.1 tcp', 'needs a port'],
    ['a 10.0.0.1 tcp 0x10', 'needs a port'],
    ['a 10.0.0.1 tcp 0', 'needs a port'],
    ['a 10.0.0.1 gre', 'protocol must be'],
  ])('%j is refused', (text, msg) => expect(parseProbeSpec(text)).toContain(msg));
});
