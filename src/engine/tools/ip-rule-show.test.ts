import { describe, expect, it } from 'vitest';
import { cidr } from '../addr/ipv4.ts';
import { formatRuleShow } from './ip-rule-show.ts';
import { DEFAULT_RULES, device, rule } from './testing.ts';

const [local, main, dflt] = DEFAULT_RULES as [never, never, never];

describe('ip rule show', () => {
  it('prints the default RPDB', () => {
    const d = device();
    expect(formatRuleShow(d)).toBe(
      '0:\tfrom all lookup local\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n',
    );
    expect(formatRuleShow(d, true)).toBe(
      '[{"priority":0,"src":"all","table":"local"},{"priority":32766,"src":"all","table":"main"},{"priority":32767,"src":"all","table":"default"}]\n',
    );
  });

  it('a rule naming an interface the device lacks is [detached] (recorded on 6.18, iproute2 6.1)', () => {
    const d = device({
      rules: [
        local,
        rule(32763, { iif: 'lo', table: 7 }),
        rule(32764, { oif: 'nosuch2', table: 6 }),
        rule(32765, { iif: 'nosuch', table: 5 }),
        main,
        dflt,
      ],
    });
    expect(formatRuleShow(d)).toBe(
      '0:\tfrom all lookup local\n32763:\tfrom all iif lo lookup 7\n32764:\tfrom all oif nosuch2 [detached] lookup 6\n32765:\tfrom all iif nosuch [detached] lookup 5\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n',
    );
    expect(formatRuleShow(d, true)).toBe(
      '[{"priority":0,"src":"all","table":"local"},{"priority":32763,"src":"all","iif":"lo","table":"7"},{"priority":32764,"src":"all","oif":"nosuch2","oif_detached":null,"table":"6"},{"priority":32765,"src":"all","iif":"nosuch","iif_detached":null,"table":"5"},{"priority":32766,"src":"all","table":"main"},{"priority":32767,"src":"all","table":"default"}]\n',
    );
  });

  it('prints fwmark as the kernel reports it (e04.log)', () => {
    const d = device({
      rules: [
        local,
        rule(1000, { fwmark: { value: 0x6, mask: 0xffffffff }, table: 2 }),
        rule(1001, { fwmark: { value: 0, mask: 0 }, table: 3 }),
        rule(1002, { fwmark: { value: 0, mask: 0xffffffff }, table: 3 }),
        rule(1003, { fwmark: { value: 0x5, mask: 0 }, table: 7 }),
        rule(32765, { fwmark: { value: 2, mask: 2 }, table: 2 }),
        main,
        dflt,
      ],
    });
    expect(formatRuleShow(d).split('\n').slice(1, 6)).toEqual([
      '1000:\tfrom all fwmark 0x6 lookup 2',
      '1001:\tfrom all lookup 3',
      '1002:\tfrom all fwmark 0 lookup 3',
      '1003:\tfrom all fwmark 0x5/0 lookup 7',
      '32765:\tfrom all fwmark 0x2/0x2 lookup 2',
    ]);
    expect(formatRuleShow(d, true)).toContain(
      '{"priority":1002,"src":"all","fwmark":"0","table":"3"},{"priority":1003,"src":"all","fwmark":"0x5","fwmask":"0","table":"7"},{"priority":32765,"src":"all","fwmark":"0x2","fwmask":"0x2","table":"2"}',
    );
  });

  it('prints every selector and action in print_rule() order', () => {
    const d = device({
      ifaces: [{ name: 'eth0' }, { name: 'eth1' }],
      rules: [
        local,
        rule(99, { iif: 'eth1', table: 11 }),
        rule(100, { from: '192.168.149.99/32', table: 99 }),
        rule(200, { ipproto: 6, dport: { min: 80, max: 80 }, table: 3 }),
        rule(201, { ipproto: 17, sport: { min: 1000, max: 2000 }, table: 4 }),
        rule(202, { ipproto: 253, table: 5 }),
        rule(207, { not: true, from: '10.2.0.0/16', iif: 'eth0', action: 'prohibit' }),
        rule(208, { to: '10.0.0.0/8', action: 'blackhole' }),
        rule(211, { action: 'goto', goto: 300 }),
        rule(212, { action: 'goto', goto: 400 }),
        rule(213, { table: 254, suppressPrefixlength: 0 }),
        rule(214, { from: '1.2.3.4/32', to: '5.6.7.8/32', table: 255 }),
        rule(215, { action: 'nop' }),
        rule(216, { tos: 0x10, table: 253 }),
        rule(218, { iif: 'lo', oif: 'eth1', table: 9 }),
        rule(219, { not: true, fwmark: { value: 1, mask: 0xffffffff }, action: 'goto', goto: 32766 }),
        rule(220, { from: '0.0.0.0/0', table: 8 }),
        rule(221, { from: '10.0.0.1/8', table: 8 }),
        rule(300, { table: 300 }),
        rule(32763, { not: true, to: '192.168.150.0/24', table: 150 }),
        main,
      ],
    });
    expect(formatRuleShow(d)).toBe(
      [
        '0:\tfrom all lookup local',
        '99:\tfrom all iif eth1 lookup 11',
        '100:\tfrom 192.168.149.99 lookup 99',
        '200:\tfrom all ipproto tcp dport 80 lookup 3',
        '201:\tfrom all ipproto udp sport 1000-2000 lookup 4',
        '202:\tfrom all ipproto ipproto-253 lookup 5',
        '207:\tnot from 10.2.0.0/16 iif eth0 prohibit',
        '208:\tfrom all to 10.0.0.0/8 blackhole',
        '211:\tfrom all goto 300',
        '212:\tfrom all goto 400 [unresolved]',
        '213:\tfrom all lookup main suppress_prefixlength 0',
        '214:\tfrom 1.2.3.4 to 5.6.7.8 lookup local',
        '215:\tfrom all nop',
        '216:\tfrom all tos 0x10 lookup default',
        '218:\tfrom all iif lo oif eth1 lookup 9',
        '219:\tnot from all fwmark 0x1 goto 32766',
        '220:\tfrom all lookup 8',
        '221:\tfrom 10.0.0.1/8 lookup 8',
        '300:\tfrom all lookup 300',
        '32763:\tnot from all to 192.168.150.0/24 lookup 150',
        '32766:\tfrom all lookup main',
        '',
      ].join('\n'),
    );
    const json = formatRuleShow(d, true);
    for (const piece of [
      '{"priority":201,"src":"all","ipproto":"udp","sport_start":1000,"sport_end":2000,"table":"4"}',
      '{"priority":207,"not":null,"src":"10.2.0.0","srclen":16,"iif":"eth0","action":"prohibit"}',
      '{"priority":208,"src":"all","dst":"10.0.0.0","dstlen":8,"action":"blackhole"}',
      '{"priority":212,"src":"all","goto":400,"unresolved":null}',
      '{"priority":213,"src":"all","table":"main","suppress_prefixlen":0}',
      '{"priority":215,"src":"all","nop":null}',
      '{"priority":216,"src":"all","tos":"0x10","table":"default"}',
    ])
      expect(json).toContain(piece);
  });

  it('keeps host bits of a rule prefix as written', () => {
    const d = device({ rules: [rule(5, { from: '10.0.0.1/8', table: 8 })] });
    expect(d.rules[0]!.from).toEqual(cidr('10.0.0.1/8'));
    expect(formatRuleShow(d)).toBe('5:\tfrom 10.0.0.1/8 lookup 8\n');
  });
});
