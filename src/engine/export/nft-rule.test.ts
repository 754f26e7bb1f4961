/**
 * Rule translation, form by form. `translate` is what `iptables-translate -t TABLE -A CHAIN RULE`
 * (iptables 1.8.9, Debian 12) printed for the rule, recorded; natlab prints the same unless a reason says
 * why not. src/kernel/export-tools.test.ts loads every translation with `nft -c -f`.
 */
import { describe, expect, it } from 'vitest';
import type { Hook, TableName } from '../model/netfilter.ts';
import { parseRule } from '../netfilter/parse-rule.ts';
import { nftChainNameProblem } from './nft-names.ts';
import { nftRule } from './nft-rule.ts';

interface Case {
  readonly table: TableName;
  readonly chain: string;
  readonly rule: string;
  /** iptables-translate 1.8.9 (`nft # …` when it has no translation). */
  readonly translate: string;
  /** natlab's, when it differs, with the reason; `null`: untranslatable. */
  readonly natlab?: { readonly text: string | null; readonly why: string };
}

// prettier-ignore
const CASES: Case[] = [
  { table: 'mangle', chain: 'PREROUTING', rule: '-i eth0 -d 192.168.150.0/24 -j MARK --set-xmark 0x6/0xffffffff', translate: 'iifname "eth0" ip daddr 192.168.150.0/24 counter meta mark set 0x6' },
  { table: 'nat', chain: 'POSTROUTING', rule: '-o eth1 -j MASQUERADE', translate: 'oifname "eth1" counter masquerade' },
  { table: 'nat', chain: 'PREROUTING', rule: '-p tcp --dport 80 -j DNAT --to-destination 10.0.0.5:8080', translate: 'tcp dport 80 counter dnat to 10.0.0.5:8080' },
  { table: 'nat', chain: 'POSTROUTING', rule: '-s 10.0.0.0/8 -o wan -j SNAT --to-source 10.1.0.1', translate: 'oifname "wan" ip saddr 10.0.0.0/8 counter snat to 10.1.0.1' },
  { table: 'nat', chain: 'OUTPUT', rule: '-d 10.9.9.9/32 -p udp -j REDIRECT --to-ports 5353', translate: 'ip protocol udp ip daddr 10.9.9.9 counter redirect to :5353' },
  { table: 'mangle', chain: 'PREROUTING', rule: '-j CONNMARK --restore-mark', translate: 'counter meta mark set ct mark' },
  { table: 'mangle', chain: 'FORWARD', rule: '-m mark --mark 0x2/0x2 -j CONNMARK --save-mark', translate: 'mark and 0x2 == 0x2 counter ct mark set mark' },
  { table: 'mangle', chain: 'OUTPUT', rule: '-p tcp -m multiport --dports 22,443 -j MARK --set-mark 0x2', translate: 'ip protocol tcp tcp dport { 22, 443 } counter meta mark set 0x2' },
  { table: 'filter', chain: 'FORWARD', rule: '-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT', translate: 'ct state related,established counter accept' },
  { table: 'filter', chain: 'FORWARD', rule: '! -s 10.0.0.0/8 -p icmp -j DROP', translate: 'ip protocol icmp ip saddr != 10.0.0.0/8 counter drop' },
  { table: 'filter', chain: 'INPUT', rule: '-p tcp -m tcp --dport 22 -j REJECT --reject-with tcp-reset', translate: 'tcp dport 22 counter reject with tcp reset' },
  { table: 'filter', chain: 'INPUT', rule: '-m comment --comment "hello world" -j ACCEPT', translate: 'counter accept comment "hello world"' },
  { table: 'raw', chain: 'PREROUTING', rule: '-p udp --dport 53 -j CT --notrack', translate: 'udp dport 53 counter notrack' },
  { table: 'raw', chain: 'PREROUTING', rule: '-p udp --dport 53 -j NOTRACK', translate: 'udp dport 53 counter notrack' },
  { table: 'filter', chain: 'FORWARD', rule: '-j LOG --log-prefix "dropped: "', translate: 'counter log prefix "dropped: "' },
  { table: 'filter', chain: 'INPUT', rule: '-m iprange --src-range 10.0.0.1-10.0.0.9 ! --dst-range 10.1.0.1-10.1.0.5', translate: 'ip saddr 10.0.0.1-10.0.0.9 ip daddr != 10.1.0.1-10.1.0.5 counter' },
  { table: 'filter', chain: 'INPUT', rule: '-p tcp -m multiport --dports 22,1000:2000', translate: 'ip protocol tcp tcp dport { 22, 1000-2000 } counter' },
  { table: 'filter', chain: 'INPUT', rule: '-p tcp -m multiport ! --sports 22,1000:2000', translate: 'ip protocol tcp tcp sport != { 22, 1000-2000 } counter' },
  { table: 'filter', chain: 'INPUT', rule: '-p tcp -m multiport --ports 22,80', translate: 'ip protocol tcp tcp sport . tcp dport { 0-65535 . 22, 22 . 0-65535, 0-65535 . 80, 80 . 0-65535 } counter' },
  { table: 'filter', chain: 'INPUT', rule: '-p tcp -m multiport --dports 22', translate: 'ip protocol tcp tcp dport 22 counter' },
  { table: 'filter', chain: 'INPUT', rule: '-p icmp -m icmp --icmp-type 8', translate: 'icmp type echo-request counter' },
  { table: 'filter', chain: 'INPUT', rule: '-p icmp -m icmp ! --icmp-type 3', translate: 'icmp type != destination-unreachable counter' },
  { table: 'filter', chain: 'INPUT', rule: '-p icmp -m icmp --icmp-type any', translate: 'ip protocol icmp counter' },
  { table: 'filter', chain: 'INPUT', rule: '-p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN', translate: 'tcp flags syn / fin,syn,rst,ack counter' },
  { table: 'filter', chain: 'INPUT', rule: '-p tcp -m tcp ! --tcp-flags FIN,SYN,RST,ACK SYN', translate: 'tcp flags != syn / fin,syn,rst,ack counter' },
  { table: 'filter', chain: 'INPUT', rule: '-p tcp -m tcp --tcp-flags ALL NONE', translate: 'tcp flags 0x0 / fin,syn,rst,psh,ack,urg counter' },
  { table: 'filter', chain: 'INPUT', rule: '-p tcp -m tcp ! --sport 1:1023 ! --dport 80', translate: 'tcp sport != 1-1023 tcp dport != 80 counter' },
  { table: 'filter', chain: 'INPUT', rule: '-p udp -m udp ! --sport 53 ! --dport 1024:65535', translate: 'udp sport != 53 udp dport != 1024-65535 counter' },
  { table: 'filter', chain: 'INPUT', rule: '-m connmark --mark 0x2/0xff', translate: 'ct mark and 0xff == 0x2 counter' },
  { table: 'filter', chain: 'INPUT', rule: '-m connmark ! --mark 0x2', translate: 'ct mark != 0x2 counter' },
  { table: 'filter', chain: 'INPUT', rule: '-m mark ! --mark 0x1/0x1', translate: 'mark and 0x1 != 0x1 counter' },
  { table: 'filter', chain: 'INPUT', rule: '-m mark --mark 0x0/0x0', translate: 'mark and 0x0 == 0x0 counter' },
  { table: 'filter', chain: 'INPUT', rule: '-m conntrack --ctstatus ASSURED,SEEN_REPLY --ctdir REPLY', translate: 'ct direction reply ct status seen-reply,assured counter' },
  { table: 'filter', chain: 'INPUT', rule: '-m conntrack --ctstate NEW --ctstatus ASSURED --ctdir ORIGINAL', translate: 'ct direction original ct state new ct status assured counter' },
  { table: 'filter', chain: 'INPUT', rule: '-m conntrack --ctstate ESTABLISHED,NEW,RELATED,INVALID,UNTRACKED', translate: 'ct state invalid,new,related,established,untracked counter' },
  { table: 'filter', chain: 'INPUT', rule: '-m conntrack ! --ctstatus EXPECTED', translate: 'ct status ! expected counter' },
  { table: 'filter', chain: 'INPUT', rule: '-m conntrack --ctstate SNAT', translate: 'ct status snat counter' },
  { table: 'filter', chain: 'INPUT', rule: '-m state --state NEW,ESTABLISHED', translate: 'ct state new,established counter' },
  { table: 'filter', chain: 'INPUT', rule: '-m state ! --state NEW', translate: 'ct state ! new counter' },
  { table: 'filter', chain: 'INPUT', rule: '-j REJECT --reject-with icmp-host-prohibited', translate: 'counter reject with icmp type host-prohibited' },
  { table: 'filter', chain: 'INPUT', rule: '-j REJECT --reject-with icmp-port-unreachable', translate: 'counter reject' },
  { table: 'filter', chain: 'INPUT', rule: '-j REJECT --reject-with icmp-proto-unreachable', translate: 'counter reject with icmp type prot-unreachable' },
  { table: 'mangle', chain: 'PREROUTING', rule: '-j MARK --set-xmark 0x6/0xff', translate: 'counter meta mark set mark and 0xffffff00 xor 0x6' },
  { table: 'mangle', chain: 'PREROUTING', rule: '-j MARK --and-mark 0xf0', translate: 'counter meta mark set mark and 0xf0' },
  { table: 'mangle', chain: 'PREROUTING', rule: '-j MARK --or-mark 0x1', translate: 'counter meta mark set mark or 0x1' },
  { table: 'mangle', chain: 'PREROUTING', rule: '-j MARK --xor-mark 0x1', translate: 'counter meta mark set mark xor 0x1' },
  { table: 'mangle', chain: 'PREROUTING', rule: '-j MARK --set-xmark 0x0/0x0', translate: 'counter meta mark set mark and 0xffffffff' },
  { table: 'mangle', chain: 'PREROUTING', rule: '-j MARK --set-xmark 0x3/0x1', translate: 'counter meta mark set mark and 0xfffffffe xor 0x3' },
  { table: 'mangle', chain: 'PREROUTING', rule: '-j CONNMARK --set-xmark 0x6/0xffffffff', translate: 'counter ct mark set 0x6' },
  { table: 'mangle', chain: 'PREROUTING', rule: '-j CONNMARK --set-xmark 0x3/0x3', translate: 'counter ct mark set ct mark or 0x3' },
  { table: 'mangle', chain: 'PREROUTING', rule: '-j CONNMARK --save-mark', translate: 'counter ct mark set mark' },
  { table: 'mangle', chain: 'PREROUTING', rule: '-j CONNMARK --restore-mark --mask 0xff', translate: 'counter meta mark set ct mark and 0xff',
    natlab: { text: null, why: 'mark = (mark & ~0xff) ^ (ctmark & 0xff): the translation loses the upper bits of mark' } },
  { table: 'mangle', chain: 'PREROUTING', rule: '-j CONNMARK --set-xmark 0x6/0xff', translate: 'counter ct mark set ct mark xor 0x6 and 0xffffff00',
    natlab: { text: 'counter ct mark set ct mark and 0xffffff00 xor 0x6', why: 'iptables-translate masks after the xor, clearing the bits it set' } },
  { table: 'mangle', chain: 'PREROUTING', rule: '-j CONNMARK --save-mark --mask 0xff', translate: 'counter ct mark set mark and 0xff',
    natlab: { text: null, why: 'ctmark = (ctmark & ~0xff) ^ (mark & 0xff): the translation loses the upper bits of ctmark' } },
  { table: 'mangle', chain: 'PREROUTING', rule: '-j CONNMARK --save-mark --nfmask 0xff --ctmask 0xf', translate: 'nft # -t mangle -A PREROUTING -j CONNMARK --save-mark --nfmask 0xff --ctmask 0xf',
    natlab: { text: null, why: 'no translation' } },
  { table: 'filter', chain: 'INPUT', rule: '-p udp -m udp ! --dport 53', translate: 'udp dport 53 counter',
    natlab: { text: 'udp dport != 53 counter', why: 'iptables-translate drops the ! of a lone udp --dport' } },
  { table: 'filter', chain: 'INPUT', rule: '-p tcp -m tcp --sport 0:65535', translate: 'counter',
    natlab: { text: 'ip protocol tcp counter', why: 'iptables-translate drops -p tcp when the tcp match prints nothing' } },
  { table: 'filter', chain: 'INPUT', rule: '-m conntrack --ctstate DNAT,SNAT,UNTRACKED,INVALID', translate: 'ct status snat counter',
    natlab: { text: null, why: 'states and SNAT/DNAT are one OR: no single nft match' } },
  { table: 'filter', chain: 'INPUT', rule: '-m conntrack --ctstate SNAT,DNAT', translate: 'ct status snat counter',
    natlab: { text: 'ct status snat,dnat counter', why: 'iptables-translate keeps only the first' } },
  { table: 'filter', chain: 'INPUT', rule: '-m conntrack ! --ctstate DNAT', translate: 'ct status dnat counter',
    natlab: { text: null, why: 'inverted, and it also matches packets without conntrack' } },
  { table: 'filter', chain: 'INPUT', rule: '-m conntrack ! --ctstate NEW --ctdir ORIGINAL', translate: 'ct direction original ct state ! new counter',
    natlab: { text: null, why: 'an INVALID/UNTRACKED packet passes the state and then skips --ctdir in xt_conntrack' } },
  { table: 'filter', chain: 'INPUT', rule: '-m conntrack --ctstatus NONE', translate: 'ct status counter',
    natlab: { text: null, why: 'iptables-translate prints a syntax error' } },
  { table: 'filter', chain: 'INPUT', rule: '-p icmp -m icmp ! --icmp-type any', translate: 'ip protocol icmp counter',
    natlab: { text: null, why: 'matches no packet' } },
  { table: 'filter', chain: 'INPUT', rule: '-p icmp -m icmp --icmp-type 3/1', translate: 'nft # -A INPUT -p icmp -m icmp --icmp-type 3/1',
    natlab: { text: 'icmp type destination-unreachable icmp code host-unreachable counter', why: 'no translation; nft has icmp code' } },
  { table: 'filter', chain: 'INPUT', rule: '-p icmp -m icmp --icmp-type 200', translate: 'nft # -A INPUT -p icmp -m icmp --icmp-type 200',
    natlab: { text: 'icmp type 200 counter', why: 'no translation; nft takes the number' } },
  { table: 'filter', chain: 'INPUT', rule: '-p icmp -m icmp --icmp-type 15', translate: 'nft # -A INPUT -p icmp -m icmp --icmp-type 15',
    natlab: { text: 'icmp type info-request counter', why: 'no translation; nft has the name' } },
  { table: 'nat', chain: 'PREROUTING', rule: '-i eth0 -d 192.168.150.0/24 -j NETMAP --to 192.168.149.0/24', translate: 'nft # -t nat -A PREROUTING -i eth0 -d 192.168.150.0/24 -j NETMAP --to 192.168.149.0/24',
    natlab: { text: 'iifname "eth0" ip daddr 192.168.150.0/24 counter dnat to ip daddr & 0.0.0.255 | 192.168.149.0', why: 'no translation; xt_NETMAP computes exactly this address' } },
  { table: 'nat', chain: 'POSTROUTING', rule: '-s 10.0.0.0/16 -j NETMAP --to 10.9.0.0/16', translate: 'nft # -t nat -A POSTROUTING -s 10.0.0.0/16 -j NETMAP --to 10.9.0.0/16',
    natlab: { text: 'ip saddr 10.0.0.0/16 counter snat to ip saddr & 0.0.255.255 | 10.9.0.0', why: 'no translation' } },
  { table: 'nat', chain: 'PREROUTING', rule: '-p tcp -j DNAT --to-destination 10.0.0.1-10.0.0.5:80-90', translate: 'ip protocol tcp counter dnat to 10.0.0.1-10.0.0.5:80-90' },
  { table: 'nat', chain: 'PREROUTING', rule: '-p tcp -j DNAT --to-destination 10.0.0.1 --persistent --random', translate: 'ip protocol tcp counter dnat to 10.0.0.1 random,persistent' },
  { table: 'nat', chain: 'PREROUTING', rule: '-p tcp -j DNAT --to-destination :80', translate: 'ip protocol tcp counter dnat to :80' },
  { table: 'nat', chain: 'PREROUTING', rule: '-p tcp -j DNAT --to-destination 10.0.0.1-10.0.0.5:80-90/100', translate: 'nft # -t nat -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1-10.0.0.5:80-90/100',
    natlab: { text: null, why: 'no translation' } },
  { table: 'nat', chain: 'POSTROUTING', rule: '-p tcp -j SNAT --to-source 10.0.0.1:1000-2000 --random-fully', translate: 'ip protocol tcp counter snat to 10.0.0.1:1000-2000 fully-random' },
  { table: 'nat', chain: 'POSTROUTING', rule: '-p tcp -j MASQUERADE --to-ports 1000-2000 --random', translate: 'ip protocol tcp counter masquerade to :1000-2000 random' },
  { table: 'nat', chain: 'POSTROUTING', rule: '-j MASQUERADE --random-fully', translate: 'counter masquerade fully-random' },
  { table: 'nat', chain: 'PREROUTING', rule: '-p tcp -j REDIRECT --to-ports 8080-8090 --random', translate: 'ip protocol tcp counter redirect to :8080-8090 random' },
  { table: 'nat', chain: 'PREROUTING', rule: '-p tcp -j REDIRECT', translate: 'ip protocol tcp counter redirect' },
  { table: 'filter', chain: 'INPUT', rule: '-j LOG --log-prefix "x y" --log-level 6 --log-tcp-sequence --log-tcp-options --log-ip-options --log-uid --log-macdecode', translate: 'counter log prefix "x y" level info flags all' },
  { table: 'filter', chain: 'INPUT', rule: '-j LOG --log-ip-options --log-uid', translate: 'counter log flags ip options flags skuid' },
  { table: 'filter', chain: 'INPUT', rule: '-j LOG --log-tcp-sequence --log-tcp-options', translate: 'counter log flags tcp sequence,options' },
  { table: 'filter', chain: 'INPUT', rule: '-j LOG --log-macdecode --log-level 7', translate: 'counter log level debug flags ether' },
  { table: 'filter', chain: 'INPUT', rule: '-j LOG --log-level 4', translate: 'counter log' },
  { table: 'mangle', chain: 'PREROUTING', rule: '-j TRACE', translate: 'counter nftrace set 1',
    natlab: { text: 'counter meta nftrace set 1', why: 'the spelling nft lists' } },
  { table: 'filter', chain: 'INPUT', rule: '-f -j DROP', translate: 'ip frag-off & 0x1fff != 0 counter drop' },
  { table: 'filter', chain: 'INPUT', rule: '! -f -j DROP', translate: 'ip frag-off & 0x1fff 0 counter drop' },
  { table: 'filter', chain: 'INPUT', rule: '-i eth+ -j DROP', translate: 'iifname "eth*" counter drop' },
  { table: 'filter', chain: 'INPUT', rule: '-p 47 -j DROP', translate: 'ip protocol gre counter drop' },
  { table: 'filter', chain: 'INPUT', rule: '! -p tcp -j DROP', translate: 'ip protocol != tcp counter drop' },
  { table: 'filter', chain: 'INPUT', rule: '-j RETURN', translate: 'counter return' },
  { table: 'filter', chain: 'INPUT', rule: '-g FOO', translate: 'counter goto FOO' },
  { table: 'filter', chain: 'INPUT', rule: '-s 10.0.0.1/32 -d 0.0.0.0/0 -j ACCEPT', translate: 'ip saddr 10.0.0.1 counter accept' },
  { table: 'filter', chain: 'INPUT', rule: '-p tcp -m tcp --dport 80 --syn', translate: 'tcp dport 80 tcp flags syn / fin,syn,rst,ack counter' },
  { table: 'filter', chain: 'INPUT', rule: '-p tcp -m comment --comment x -m tcp --dport 22 -j ACCEPT', translate: 'tcp dport 22 counter accept comment "x"' },
  { table: 'filter', chain: 'INPUT', rule: '-j LOG --log-prefix \'a"b\\c\'', translate: 'counter log prefix "a"b\\c"',
    natlab: { text: 'counter log prefix "a\'b\\c"', why: 'an nft string cannot hold "' } },
];

const HOOK: Record<string, Hook> = {
  PREROUTING: 'prerouting',
  INPUT: 'input',
  FORWARD: 'forward',
  OUTPUT: 'output',
  POSTROUTING: 'postrouting',
};

function translate(c: Case) {
  const r = parseRule(c.rule, { table: c.table, chain: c.chain, userChains: new Set(['FOO']) });
  if (!r.ok) throw new Error(`${c.rule}: ${r.error.message}`);
  return nftRule(r.value, { hooks: new Set([HOOK[c.chain]!]), chainProblem: nftChainNameProblem });
}

describe('iptables rules in nft syntax, against iptables-translate 1.8.9', () => {
  it.each(CASES.map((c) => [`-t ${c.table} -A ${c.chain} ${c.rule}`, c] as const))('%s', (_, c) => {
    const r = translate(c);
    const want = c.natlab ? c.natlab.text : c.translate;
    if (want === null) expect(r.ok).toBe(false);
    else expect(r.ok && r.value.text).toBe(want);
  });
});

describe('what nft cannot hold', () => {
  const rule = (text: string, chain = 'INPUT') => {
    const r = parseRule(text, { table: 'nat', chain, userChains: new Set(['log', 'USER']) });
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  const ctx = (hooks: Hook[]) => ({ hooks: new Set(hooks), chainProblem: nftChainNameProblem });

  it('chain names that are nft keywords or no nft identifier', () => {
    expect(nftChainNameProblem('LOG-DROP')).toBeNull();
    expect(nftChainNameProblem('f2b-sshd')).toBeNull();
    expect(nftChainNameProblem('log')).toMatch(/keyword/);
    expect(nftChainNameProblem('1abc')).toMatch(/not an nft identifier/);
    expect(nftChainNameProblem('a:b')).toMatch(/not an nft identifier/);
    const r = nftRule(rule('-j log', 'PREROUTING'), ctx(['prerouting']));
    expect(r).toEqual({ ok: false, error: 'chain name "log" is an nft keyword' });
  });

  it('NETMAP in a user chain takes the direction of the hooks that reach it', () => {
    const r = rule('-j NETMAP --to 10.1.0.0/16', 'USER');
    expect(nftRule(r, ctx(['prerouting', 'output']))).toMatchObject({
      ok: true,
      value: { text: 'counter dnat to ip daddr & 0.0.255.255 | 10.1.0.0' },
    });
    expect(nftRule(r, ctx(['postrouting']))).toMatchObject({
      ok: true,
      value: { text: 'counter snat to ip saddr & 0.0.255.255 | 10.1.0.0' },
    });
    expect(nftRule(r, ctx(['prerouting', 'postrouting'])).ok).toBe(false);
    expect(nftRule(r, ctx([])).ok).toBe(false);
    expect(nftRule(rule('-j NETMAP --to 10.1.2.3/32', 'PREROUTING'), ctx(['prerouting']))).toMatchObject({
      value: { text: 'counter dnat to 10.1.2.3' },
    });
    expect(nftRule(rule('-j NETMAP --to 0.0.0.0/0', 'PREROUTING'), ctx(['prerouting']))).toMatchObject({
      value: { text: 'counter dnat to ip daddr' },
    });
  });

  it('comments: " replaced, at most 128 bytes; several joined', () => {
    const r = nftRule(
      rule(`-m comment --comment 'a"b' -m comment --comment ${'é'.repeat(70)}`),
      ctx(['input']),
    );
    if (!r.ok) throw new Error(r.error);
    expect(r.value.text).toBe(`counter comment "a'b; ${'é'.repeat(61)}"`);
    expect(r.value.notes.length).toBe(2);
  });

  it('interface names: a literal * is escaped, " refused', () => {
    expect(nftRule(rule('-i "a*b"'), ctx(['input']))).toMatchObject({
      value: { text: 'iifname "a\\*b" counter' },
    });
    expect(nftRule(rule(`-i 'a"b'`), ctx(['input'])).ok).toBe(false);
  });
});
