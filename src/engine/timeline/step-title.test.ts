import { describe, expect, it } from 'vitest';
import { parseIpv4, type Ipv4 } from '../addr/ipv4.ts';
import { trace } from '../sim/trace.ts';
import { network, publicLab } from '../vlab/vlab.test-support.ts';
import { stepTitle } from './step-title.ts';
import { timelineOf } from './timeline.ts';

const ip = (s: string) => (parseIpv4(s) as { value: Ipv4 }).value;

describe('stepTitle', () => {
  it('titles the appliance hop of the SureBackup request in kernel words', () => {
    const net = network(publicLab('surebackup-basic'));
    const r = trace(net, { from: 'vbs', to: ip('192.168.150.36') });
    if (!r.ok) throw new Error(r.error);
    const titles = timelineOf(r.value)
      .frames.filter((f) => f.device === 'vlab' && f.ref.leg === 'request')
      .map((f) => stepTitle(f.step));
    expect(titles).toEqual([
      'receive on eth0',
      'PREROUTING hook',
      'conntrack: NEW, new entry',
      'mangle PREROUTING',
      'rule 1 matches: -j MARK mark 0x0 → 0x6',
      'policy ACCEPT',
      'nat PREROUTING',
      'rule 1 matches: -j NETMAP',
      'DNAT dst 192.168.150.36 → 192.168.149.36',
      'route input: table 2 dev eth1 → forward',
      'rp_filter 0: pass',
      'forward, ttl 64 → 63',
      'FORWARD hook',
      'filter FORWARD',
      'policy ACCEPT',
      'POSTROUTING hook',
      'nat POSTROUTING',
      'rule 1 matches: -j MASQUERADE',
      'SNAT src 192.168.149.22 → 192.168.149.2',
      'ARP 192.168.149.36 on eth1: resolved',
      'transmit eth1 → iso',
    ]);
  });
});
