import { describe, expect, it } from 'vitest';
import type { TableName } from '../model/netfilter.ts';
import { parseRule, parseRuleArgs } from './parse-rule.ts';
import { formatRule } from './print-rule.ts';

const at = (table: TableName, chain: string) => ({ table, chain });
const FWD = at('filter', 'FORWARD');

const printed = (text: string, ctx = FWD) => {
  const r = parseRule(text, ctx);
  return r.ok ? formatRule(r.value) : `ERROR ${r.error.message}`;
};

describe('parseRule: accepted rules print like iptables -S', () => {
  it.each([
    ['', ''],
    ['-s 10.1.2.3 -j ACCEPT', '-s 10.1.2.3/32 -j ACCEPT'],
    ['! -d 192.168.1.77/24', '! -d 192.168.1.0/24'],
    ['-s 1.2.3.4/255.255.0.0', '-s 1.2.0.0/16'],
    ['-s 10.1', '-s 10.1.0.0/32'],
    ['-s 010.0.0.1', '-s 8.0.0.1/32'],
    ['-s 0.0.0.0/0 -i +', ''],
    ['-o eth1 -i eth0', '-i eth0 -o eth1'],
    ['! -i veth+', '! -i veth+'],
    ['-p TCP --dport ssh', '-p tcp -m tcp --dport 22'],
    ['-p 47', '-p gre'],
    ['-p all', ''],
    ['-p tcp --syn', '-p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN'],
    ['-p tcp --sport 1024: --dport :1023', '-p tcp -m tcp --sport 1024:65535 --dport 0:1023'],
    ['-p tcp ! --sport :1023', '-p tcp -m tcp --sport 1024:65535'],
    [
      '-p tcp --dport 80 -m comment --comment x --sport 22',
      '-p tcp -m tcp --sport 22 --dport 80 -m comment --comment x',
    ],
    ['-m comment --comment x -p tcp --dport 80', '-p tcp -m comment --comment x -m tcp --dport 80'],
    ['-p tcp -m tcp --dport 80 -m tcp --sport 90', '-p tcp -m tcp --sport 90 --dport 80'],
    ['-p udp --dport 65537', '-p udp -m udp --dport 1'],
    ['-p icmp --icmp-type echo-req', '-p icmp -m icmp --icmp-type 8'],
    ['-p icmp --icmp-type host-unreachable', '-p icmp -m icmp --icmp-type 3/1'],
    ['-p icmp --icmp-type 255', '-p icmp -m icmp --icmp-type any'],
    ['-p udp -m multiport --ports domain,1024:65535', '-p udp -m multiport --ports 53,1024:65535'],
    ['-m iprange ! --dst-range 10.0.0.9-10.0.0.1', '-m iprange ! --dst-range 10.0.0.9-10.0.0.1'],
    ['-m mark --mark 6/0xffffffff', '-m mark --mark 0x6'],
    ['-m conntrack --ctstate est,rel,new', '-m conntrack --ctstate NEW,RELATED,ESTABLISHED'],
    ['-m conntrack --ctstatus NONE --ctdir reply', '-m conntrack --ctstatus NONE --ctdir REPLY'],
    ['-m state ! --state N', '-m state ! --state NEW'],
    ["-m comment --comment 'web out'", '-m comment --comment "web out"'],
    ['-j REJECT', '-j REJECT --reject-with icmp-port-unreachable'],
    ['-j REJECT --reject-with admin-prohib', '-j REJECT --reject-with icmp-admin-prohibited'],
    ['-p tcp -j REJECT --reject-with tcp-rst', '-p tcp -j REJECT --reject-with tcp-reset'],
    ['-j LOG --log-level warning --log-prefix "IN: "', '-j LOG --log-prefix "IN: "'],
    ['-j LOG --log-uid --log-level info', '-j LOG --log-level 6 --log-uid'],
    [
      '-j LOG --log-prefix 123456789012345678901234567890',
      '-j LOG --log-prefix 12345678901234567890123456789',
    ],
    ['-g MYCHAIN', '-g MYCHAIN'],
    ['--jump MYCHAIN', '-j MYCHAIN'],
    ['-j TRACE', '-j TRACE'],
  ])('%j → %j', (text, expected) => {
    expect(printed(text)).toBe(expected);
  });
});

describe('MARK and CONNMARK normalise to value/mask (netfilter-semantics.md §3)', () => {
  const MANGLE = at('mangle', 'PREROUTING');
  it.each([
    ['--set-mark 0x6', '0x6/0xffffffff'],
    ['--set-mark 0x6/0xf', '0x6/0xf'],
    ['--set-mark 0xff/0xf', '0xff/0xff'],
    ['--set-xmark 0x6/0xffffffff', '0x6/0xffffffff'],
    ['--set-xmark 0x6/0xf0', '0x6/0xf0'],
    ['--set-xmark 0x6/0x0', '0x6/0x0'],
    ['--set-xmark 0xff/0xf', '0xff/0xf'],
    ['--and-mark 0xff', '0x0/0xffffff00'],
    ['--or-mark 0x6', '0x6/0x6'],
    ['--xor-mark 0xff', '0xff/0x0'],
    ['--set-xmark 6', '0x6/0xffffffff'],
  ])('MARK %s → --set-xmark %s', (opt, xmark) => {
    expect(printed(`-j MARK ${opt}`, MANGLE)).toBe(`-j MARK --set-xmark ${xmark}`);
    expect(printed(`-j CONNMARK ${opt}`, MANGLE)).toBe(`-j CONNMARK --set-xmark ${xmark}`);
  });

  it('stores the kernel form in the model', () => {
    const r = parseRule('-j MARK --set-mark 0xff/0xf', MANGLE);
    expect(r.ok && r.value.target).toEqual({ kind: 'MARK', value: 0xff, mask: 0xff });
  });

  it.each([
    [
      '--save-mark',
      '--save-mark --nfmask 0xffffffff --ctmask 0xffffffff',
      { mode: 'save', nfmask: 0xffffffff, ctmask: 0xffffffff },
    ],
    [
      '--restore-mark --mask 0xff',
      '--restore-mark --nfmask 0xff --ctmask 0xff',
      { mode: 'restore', nfmask: 0xff, ctmask: 0xff },
    ],
    [
      '--save-mark --nfmask 0xf',
      '--save-mark --nfmask 0xf --ctmask 0xffffffff',
      { mode: 'save', nfmask: 0xf, ctmask: 0xffffffff },
    ],
    ['--set-mark 6 --mask 0xff', '--set-xmark 0x6/0xff', { mode: 'set', value: 6, mask: 0xff }],
    ['--mask 0xff --set-mark 6', '--set-xmark 0x6/0xffffffff', { mode: 'set', value: 6, mask: 0xffffffff }],
  ])('CONNMARK %s (libxt_CONNMARK defaults)', (opt, out, model) => {
    const r = parseRule(`-j CONNMARK ${opt}`, MANGLE);
    expect(r.ok && formatRule(r.value)).toBe(`-j CONNMARK ${out}`);
    expect(r.ok && r.value.target).toEqual({ kind: 'CONNMARK', ...model });
  });
});

describe('NAT targets', () => {
  const PRE = at('nat', 'PREROUTING');
  const POST = at('nat', 'POSTROUTING');
  it('NETMAP drops host bits: 192.168.149.77/24 → 192.168.149.0/24', () => {
    const r = parseRule('-i eth0 -d 192.168.150.0/24 -j NETMAP --to 192.168.149.77/24', PRE);
    expect(r.ok && formatRule(r.value)).toBe('-d 192.168.150.0/24 -i eth0 -j NETMAP --to 192.168.149.0/24');
    expect(r.ok && r.value.target).toEqual({ kind: 'NETMAP', to: { addr: 0xc0a89500, len: 24 } });
  });
  it.each([
    [
      '-p tcp -j DNAT --to-destination 10.0.0.1-10.0.0.3:8080-8090/80',
      PRE,
      '-p tcp -j DNAT --to-destination 10.0.0.1-10.0.0.3:8080-8090/80',
    ],
    [
      '-j DNAT --to 1.1.1.1 --random --persistent',
      PRE,
      '-j DNAT --to-destination 1.1.1.1 --random --persistent',
    ],
    [
      '-p udp -j SNAT --to-source :1024-2048 --random-fully',
      POST,
      '-p udp -j SNAT --to-source :1024-2048 --random-fully',
    ],
    [
      '-p tcp -j MASQUERADE --to-ports 1024-2048 --random',
      POST,
      '-p tcp -j MASQUERADE --to-ports 1024-2048 --random',
    ],
    ['-p tcp -j REDIRECT --to-ports 8080-8080', PRE, '-p tcp -j REDIRECT --to-ports 8080'],
  ])('%s', (text, ctx, out) => {
    expect(printed(text, ctx)).toBe(out);
  });
  it('keeps the port range in the model', () => {
    const r = parseRule('-p tcp -j DNAT --to-destination 10.0.0.1:8080', PRE);
    expect(r.ok && r.value.target).toEqual({
      kind: 'DNAT',
      range: {
        minAddr: 0x0a000001,
        maxAddr: 0x0a000001,
        minPort: 8080,
        maxPort: 8080,
        random: false,
        randomFully: false,
        persistent: false,
      },
    });
  });
});

describe('parseRule: errors say what is wrong and where', () => {
  it.each([
    ['-s ! 1.2.3.4', 5, '1.2.3.4', "Bad argument `1.2.3.4'"],
    ['-p tcp --dport 99999', 15, '99999', "invalid port/service `99999' specified"],
    ['-p tcp --dport ! 80', 15, '!', "invalid port/service `!' specified"],
    ['--dport 80 -p tcp', 0, '--dport', 'unknown option "--dport"'],
    ['-m foo', 3, 'foo', "Couldn't load match `foo':No such file or directory"],
    ['-m mark', 3, 'mark', 'mark: option "--mark" must be specified'],
    ['-m mark --mark 1 --mark 2', 17, '--mark', 'mark: option "--mark" can only be used once.'],
    ['-j LOG ! --log-uid', 9, '--log-uid', 'LOG: option "--log-uid" cannot be inverted.'],
    [
      '-j MARK --set-mark 1 --or-mark 2',
      3,
      'MARK',
      'MARK: option "--set-mark" cannot be used together with "--or-mark".',
    ],
    ['-j ACCEPT -j DROP', 10, '-j', 'multiple -j flags not allowed'],
    ['-j ACCEPT !', 10, '!', 'nothing appropriate following !'],
    ['-s 1.2.3.4/33', 3, '1.2.3.4/33', "invalid mask `33' specified"],
    [
      '-i 1234567890123456',
      3,
      '1234567890123456',
      "interface name `1234567890123456' must be shorter than IFNAMSIZ (15)",
    ],
    ['-p tcp -m udp --dport 1', 10, 'udp', "UDP match requires '-p udp'"],
    [
      '-p udp -j REJECT --reject-with tcp-reset',
      10,
      'REJECT',
      'RULE_APPEND failed (Invalid argument): rule in chain FORWARD',
    ],
  ])('%j → column %d (%j): %s', (text, column, token, iptables) => {
    const r = parseRule(text, FWD);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.iptables).toBe(iptables);
    expect(r.error.column).toBe(column);
    expect(r.error.token).toBe(token);
    expect(r.error.message.startsWith(iptables)).toBe(true);
  });

  it.each([
    ['-j DROP', at('nat', 'PREROUTING'), 'not intended for filtering'],
    ['-j DNAT --to-destination 1.1.1.1', at('nat', 'POSTROUTING'), 'only valid in PREROUTING, OUTPUT'],
    ['-j NETMAP --to 1.2.3.0/24', at('filter', 'INPUT'), 'only valid in the nat table'],
    ['-j CT --notrack', at('mangle', 'PREROUTING'), 'only valid in the raw table'],
    ['-j REJECT', at('mangle', 'INPUT'), 'only valid in the filter table'],
    ['-o eth0', at('filter', 'INPUT'), "Can't use -o with INPUT"],
    ['-i eth0', at('nat', 'POSTROUTING'), "Can't use -i with POSTROUTING"],
    ['-j INPUT', at('filter', 'INPUT'), 'built-in chain'],
  ])('%j in %o', (text, ctx, what) => {
    const r = parseRule(text, ctx);
    expect(!r.ok && r.error.message).toContain(what);
  });

  it.each([
    ['-A INPUT -j ACCEPT', 0, 'Cannot use -A with -A'],
    ['-I INPUT 1 -j ACCEPT', 0, 'Cannot use -I with -A'],
    ['-t nat -j MASQUERADE', 0, 'the table comes from where the rule is written'],
    ['iptables -t nat -A POSTROUTING -j MASQUERADE', 0, 'paste only the rule'],
    ['sudo iptables -A INPUT -j DROP', 0, 'paste only the rule'],
  ])('explains a pasted command line: %j', (text, column, what) => {
    const r = parseRule(text, FWD);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.column).toBe(column);
      expect(r.error.message).toContain(what);
    }
  });

  it('says "unsupported" for what iptables accepts but natlab does not model', () => {
    for (const text of [
      '-s localhost',
      '-d 1.2.3.4,5.6.7.8',
      '-m limit --limit 1/s',
      '-j NFLOG',
      '-m conntrack --ctproto tcp',
    ]) {
      const r = parseRule(text, FWD);
      expect(!r.ok && r.error.unsupported).toBe(true);
    }
  });

  it('reports tokenizer errors with their column', () => {
    const r = parseRule("-m comment --comment 'oops", FWD);
    expect(r).toEqual({
      ok: false,
      error: { message: "unterminated single quote: the ' here is never closed", column: 21 },
    });
  });
});

describe('parseRuleArgs', () => {
  it('takes argv as iptables-restore splits it', () => {
    const r = parseRuleArgs(['-m', 'comment', '--comment', 'a b', '-j', 'ACCEPT'], FWD);
    expect(r.ok && formatRule(r.value)).toBe('-m comment --comment "a b" -j ACCEPT');
  });
  it('treats -j NAME as a jump when a user chain of that name was declared', () => {
    const plain = parseRuleArgs(['-j', 'LOG'], FWD);
    const chain = parseRuleArgs(['-j', 'LOG'], { ...FWD, userChains: new Set(['LOG']) });
    expect(plain.ok && plain.value.target).toEqual({ kind: 'LOG' });
    expect(chain.ok && chain.value.target).toEqual({ kind: 'jump', chain: 'LOG' });
  });
});
