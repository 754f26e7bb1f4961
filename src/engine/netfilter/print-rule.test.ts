import { describe, expect, it } from 'vitest';
import { cidr, ipv4 } from '../addr/ipv4.ts';
import type { Rule } from '../model/netfilter.ts';
import { formatRule, saveString } from './print-rule.ts';

const rule = (r: Partial<Rule>): Rule => ({ matches: [], target: { kind: 'none' }, ...r });

describe('saveString (xtables_save_string)', () => {
  it.each([
    ['abc_DEF-09', ' abc_DEF-09'],
    ['', ' ""'],
    ['a b', ' "a b"'],
    ['a.b', ' "a.b"'],
    ['say "hi"', ' "say \\"hi\\""'],
    ["it's", ` "it\\'s"`],
    ['back\\slash', ' "back\\\\slash"'],
    ['naïve', ' "naïve"'],
  ])('%j → %j', (value, out) => {
    expect(saveString(value)).toBe(out);
  });
});

describe('formatRule', () => {
  it('prints the ip header in iptables order: -s -d -i -o -p -f', () => {
    const r = rule({
      fragment: { invert: true },
      proto: { proto: 132, invert: true },
      oif: { name: 'eth', wildcard: true, invert: false },
      iif: { name: 'lo', wildcard: false, invert: true },
      dst: { ...cidr('10.0.0.0/8'), invert: false },
      src: { ...cidr('0.0.0.0/32'), invert: true },
      target: { kind: 'ACCEPT' },
    });
    expect(formatRule(r)).toBe('! -s 0.0.0.0/32 -d 10.0.0.0/8 ! -i lo -o eth+ ! -p sctp ! -f -j ACCEPT');
  });

  it('prints protocol numbers without a name as numbers', () => {
    expect(formatRule(rule({ proto: { proto: 253, invert: false } }))).toBe('-p 253');
    expect(formatRule(rule({ proto: { proto: 58, invert: false } }))).toBe('-p ipv6-icmp');
  });

  it('prints marks in lower-case hex, with the mask only when it is not 0xffffffff', () => {
    const m = (value: number, mask: number) =>
      rule({ matches: [{ module: 'mark', value, mask, invert: false }] });
    expect(formatRule(m(0xfeedcafe, 0xffffffff))).toBe('-m mark --mark 0xfeedcafe');
    expect(formatRule(m(6, 0))).toBe('-m mark --mark 0x6/0x0');
    expect(formatRule(rule({ target: { kind: 'MARK', value: 0, mask: 0xffffff00 } }))).toBe(
      '-j MARK --set-xmark 0x0/0xffffff00',
    );
  });

  it('prints tcp flags in FIN,SYN,RST,PSH,ACK,URG order and NONE', () => {
    const r = rule({
      proto: { proto: 6, invert: false },
      matches: [
        {
          module: 'tcp',
          flags: { mask: 0x3f, comp: 0, invert: true },
          dport: { min: 22, max: 22, invert: false },
        },
      ],
    });
    expect(formatRule(r)).toBe('-p tcp -m tcp --dport 22 ! --tcp-flags FIN,SYN,RST,PSH,ACK,URG NONE');
  });

  it('prints NAT ranges like sprint_range()', () => {
    const dnat = rule({
      target: {
        kind: 'DNAT',
        range: {
          minAddr: ipv4('10.0.0.1'),
          maxAddr: ipv4('10.0.0.1'),
          minPort: 80,
          maxPort: 90,
          basePort: 8000,
          random: true,
          randomFully: false,
          persistent: true,
        },
      },
    });
    expect(formatRule(dnat)).toBe('-j DNAT --to-destination 10.0.0.1:80-90/8000 --random --persistent');
    expect(formatRule(rule({ target: { kind: 'MASQUERADE', random: false, randomFully: true } }))).toBe(
      '-j MASQUERADE --random-fully',
    );
    expect(
      formatRule(rule({ target: { kind: 'REDIRECT', minPort: 8080, maxPort: 8080, random: false } })),
    ).toBe('-j REDIRECT --to-ports 8080');
  });

  it('prints LOG options in LOG_save() order and leaves out the default level 4', () => {
    const r = rule({
      target: { kind: 'LOG', level: 4, logUid: true, prefix: 'IN: ', tcpSequence: true, macDecode: true },
    });
    expect(formatRule(r)).toBe('-j LOG --log-prefix "IN: " --log-tcp-sequence --log-uid --log-macdecode');
  });

  it('prints both CT spellings', () => {
    expect(formatRule(rule({ target: { kind: 'NOTRACK', spelling: 'CT' } }))).toBe('-j CT --notrack');
    expect(formatRule(rule({ target: { kind: 'NOTRACK', spelling: 'NOTRACK' } }))).toBe('-j NOTRACK');
  });

  it('prints conntrack options in conntrack_dump() order, NONE for no status', () => {
    const r = rule({
      matches: [
        {
          module: 'conntrack',
          ctdir: 'REPLY',
          ctstatus: { statuses: [], invert: true },
          ctstate: { states: ['INVALID', 'DNAT'], invert: false },
        },
      ],
    });
    expect(formatRule(r)).toBe('-m conntrack --ctstate INVALID,DNAT ! --ctstatus NONE --ctdir REPLY');
  });
});
