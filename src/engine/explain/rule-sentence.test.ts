import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TableName } from '../model/netfilter.ts';
import { parseRule } from '../netfilter/parse-rule.ts';
import { ruleSentence } from './rule-sentence.ts';

function say(table: TableName, chain: string, text: string): string {
  const r = parseRule(text, { table, chain });
  if (!r.ok) throw new Error(r.error.message);
  return ruleSentence(table, chain, r.value);
}

describe('one sentence per rule', () => {
  it.each([
    // the appliance of seed 000
    [
      'mangle',
      'PREROUTING',
      '-i eth0 -d 192.168.150.0/24 -j MARK --set-xmark 0x6/0xffffffff',
      'Packets arriving on eth0 for 192.168.150.0/24, as they arrive, before the routing decision, get fwmark 0x6.',
    ],
    [
      'nat',
      'PREROUTING',
      '-i eth0 -d 192.168.150.0/24 -j NETMAP --to 192.168.149.0/24',
      "New connections: packets arriving on eth0 for 192.168.150.0/24, as they arrive, before the routing decision, have their destination's network part replaced by 192.168.149.0/24, host part kept (NETMAP on the first packet).",
    ],
    [
      'nat',
      'POSTROUTING',
      '-o eth1 -j MASQUERADE',
      'New connections: packets leaving by eth1, as they leave, after the routing decision, get the address of the interface they leave by as their source (MASQUERADE; answers are translated back).',
    ],
    [
      'nat',
      'PREROUTING',
      '-i eth0 -d 192.168.149.136 -j DNAT --to-destination 192.168.149.36',
      'New connections: packets arriving on eth0 for 192.168.149.136, as they arrive, before the routing decision, are sent to 192.168.149.36 instead (DNAT on the first packet; conntrack translates the rest and the answers back).',
    ],
    [
      'filter',
      'FORWARD',
      '-p tcp -m tcp --dport 443 -m conntrack --ctstate NEW -j ACCEPT',
      'TCP packets to port 443, in conntrack state NEW, being forwarded, are accepted.',
    ],
    [
      'filter',
      'INPUT',
      '! -s 10.0.0.0/8 -p icmp -m icmp --icmp-type 8 -j REJECT --reject-with icmp-host-prohibited',
      'ICMP packets not from 10.0.0.0/8, of ICMP type 8, addressed to this machine, are rejected with ICMP host-prohibited.',
    ],
    [
      'mangle',
      'PREROUTING',
      '-m mark --mark 0x2/0x2 -j CONNMARK --save-mark',
      'Packets with fwmark 0x2/0x2, as they arrive, before the routing decision, have their fwmark saved into the connection mark.',
    ],
    ['filter', 'FORWARD', '-j DROP', 'All packets, being forwarded, are dropped silently.'],
  ] as const)('%s %s %s', (table, chain, rule, sentence) => expect(say(table, chain, rule)).toBe(sentence));
});

describe('every rule iptables 1.8.9 accepted in the recorded corpus gets a clean sentence', () => {
  const corpus = JSON.parse(
    readFileSync(new URL('../netfilter/__golden__/iptables-corpus.json', import.meta.url), 'utf8'),
  ) as { entries: { table: TableName; chain: string; rule: string; rc: number }[] };
  it('no undefined, NaN or empty parts', () => {
    let n = 0;
    for (const e of corpus.entries) {
      if (e.rc !== 0) continue;
      const r = parseRule(e.rule, { table: e.table, chain: e.chain });
      if (!r.ok) continue;
      const s = ruleSentence(e.table, e.chain, r.value);
      expect(s, e.rule).not.toMatch(/undefined|NaN|null|, ,|\s\s|^\W/);
      expect(s.endsWith('.'), e.rule).toBe(true);
      n++;
    }
    expect(n).toBeGreaterThan(500);
  });
});
