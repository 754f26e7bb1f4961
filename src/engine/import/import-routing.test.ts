/** Addresses, routes and policy rules, applied in order as the kernel applies them. */
import { describe, expect, it } from 'vitest';
import { importScript } from './import-script.ts';
import { L, ok, a, fails } from './import.test-support.ts';

describe('addresses and routes', () => {
  it('deleting the kernel route of an address is noprefixroute; replacing it, too, plus the route', () => {
    const d = a(
      'ip -n t-a route del 10.0.0.0/24 dev v0',
      'ip -n t-a addr add 10.1.0.1/24 brd + dev v0',
      'ip -n t-a route replace 10.1.0.0/24 dev v0 metric 0 src 10.1.0.1',
    );
    expect(d.interfaces[0]!.addresses).toEqual([
      { address: '10.0.0.1/24', noprefixroute: true },
      { address: '10.1.0.1/24', noprefixroute: true, broadcast: '10.1.0.255' },
    ]);
    expect(d.routes).toEqual([{ to: '10.1.0.0/24', dev: 'v0', src: '10.1.0.1' }]);
  });

  it('route types, tables, metrics, scope, onlink; abbreviations; del removes the lowest metric first', () => {
    const d = a(
      'ip -n t-a r add 10.5.0.0/16 via 10.0.0.2 metric 10',
      'ip -n t-a ro add 10.5.0.0/16 via 10.0.0.2 metric 5 table 7',
      'ip -n t-a route add to blackhole 10.6.0.0/16',
      'ip -n t-a route add unreachable 10.66.0.0/16 table main',
      'ip -n t-a route add 10.5.0.0/16 via 10.0.0.2 metric 20',
      'ip -n t-a route append 10.5.0.0/16 via 10.0.0.2 metric 30',
      'ip -n t-a route del 10.5.0.0/16',
      'ip -n t-a route add default via 10.99.0.1 dev v0 onlink',
      'ip -n t-a route add local 10.200.0.1 dev lo',
      'ip -n t-a route add throw 10.3.0.0/16 table 7 proto static',
      'ip -n t-a route add 10.4.0.0/24 dev v0 scope global prio 3',
    );
    expect(d.routes).toEqual([
      { to: '10.5.0.0/16', via: '10.0.0.2', metric: 5, table: 7 },
      { to: '10.6.0.0/16', type: 'blackhole' },
      { to: '10.66.0.0/16', type: 'unreachable' },
      { to: '10.5.0.0/16', via: '10.0.0.2', metric: 20 },
      { to: '10.5.0.0/16', via: '10.0.0.2', metric: 30 },
      { to: 'default', via: '10.99.0.1', dev: 'v0', onlink: true },
      { to: '10.200.0.1/32', type: 'local', dev: 'lo', table: 'local' },
      { to: '10.3.0.0/16', type: 'throw', table: 7 },
      { to: '10.4.0.0/24', dev: 'v0', metric: 3, scope: 'global' },
    ]);
  });

  it('refuses what the kernel refuses at that point of the script', () => {
    expect(fails('ip -n t-a route add 10.0.0.0/24 dev v0')).toEqual([
      '1: this command fails on Linux: RTNETLINK answers: File exists',
    ]);
    expect(fails('ip -n t-a route del 10.9.0.0/24')).toEqual([
      '1: this command fails on Linux: RTNETLINK answers: No such process',
    ]);
    expect(fails('ip -n t-a link add d0 type dummy', 'ip -n t-a route add 10.8.0.0/24 dev d0')[0]).toMatch(
      /Device for nexthop is not up/,
    );
    expect(fails('ip -n t-a route add 10.8.0.0/24 via 10.0.0.2 src 10.0.0.7')[0]).toMatch(/Invalid prefsrc/);
    expect(fails('ip -n t-a route add 10.8.0.0/24 dev v0 onlink')[0]).toMatch(
      /Invalid flags for nexthop - PERVASIVE and ONLINK can not be set/,
    );
    expect(fails('ip -n t-a route add 10.8.0.1/24 via 10.0.0.2')[0]).toMatch(
      /Invalid prefix for given prefix length/,
    );
    expect(fails('ip -n t-a addr add 10.0.0.1/24 dev v0')[0]).toMatch(/File exists/);
    expect(fails('ip -n t-a route add blackhole 10.8.0.0/24 dev v0')[0]).toMatch(/can not be specified/);
  });

  it('a local route put in table main keeps its table (without one it would go to table local)', () => {
    expect(a('ip -n t-a route add local 10.201.0.1 dev lo table main').routes).toEqual([
      { to: '10.201.0.1/32', type: 'local', dev: 'lo', table: 'main' },
    ]);
  });

  it('a gateway is checked against the routes of that moment, as fib_check_nh does', () => {
    // nothing reaches 10.9.9.9 yet: refused, even though a later address would reach it
    expect(
      fails('', 'ip -n t-a route add 10.8.0.0/24 via 10.9.9.9', 'ip -n t-a addr add 10.9.9.1/24 dev v0'),
    ).toEqual(['2: this command fails on Linux: Error: Nexthop has invalid gateway.']);
    // one of our own addresses, or reachable only through another table: accepted
    expect(
      a(
        'ip -n t-a route add 10.7.0.0/16 via 10.0.0.1',
        'ip -n t-a route add 10.66.0.0/24 dev v0 table 9',
        'ip -n t-a rule add to 10.66.0.0/24 lookup 9 pref 9',
        'ip -n t-a route add 10.8.0.0/24 via 10.66.0.5',
      ).routes,
    ).toEqual([
      { to: '10.7.0.0/16', via: '10.0.0.1' },
      { to: '10.66.0.0/24', dev: 'v0', table: 9 },
      { to: '10.8.0.0/24', via: '10.66.0.5' },
    ]);
  });

  it('what the compiler finds wrong is reported on the line that made it', () => {
    // Linux keeps the route (its gateway was reachable when it was added); a document adds rules first
    expect(
      fails(
        '',
        'ip -n t-a route add 10.8.0.0/24 via 10.0.0.2',
        'ip -n t-a rule add to 10.0.0.2 blackhole pref 5',
      ),
    ).toEqual([
      expect.stringMatching(
        /^2: ip route add 10\.8\.0\.0\/24 via 10\.0\.0\.2: natlab cannot hold this route/,
      ),
    ]);
  });

  it('a failure after "|| true", or quiet without set -e, changes nothing: a warning', () => {
    const r = ok('ip -n t-a route del 10.9.0.0/24 || true', 'ip -n t-a route del 10.9.0.0/24 2>/dev/null');
    expect(r.warnings.map((w) => [w.line - L, w.message])).toEqual([
      [1, expect.stringMatching(/No such process.*changes nothing/)],
      [2, expect.stringMatching(/No such process/)],
    ]);
    expect(fails('set -e', 'ip -n t-a route del 10.9.0.0/24 2>/dev/null')[0]).toMatch(
      /^2: .*No such process/,
    );
  });

  it('IPv6 is left out with a warning', () => {
    const r = ok(
      'ip -n t-a addr add 2001:db8::1/64 dev v0 nodad',
      'ip -6 -n t-a route add default via 2001:db8::2',
    );
    expect(r.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/IPv6 is not modelled/),
      expect.stringMatching(/IPv6 is not modelled/),
    ]);
  });
});

describe('policy rules', () => {
  it('every selector; the kernel’s preferences; identical rules refused', () => {
    const d = a(
      'ip -n t-a rule add fwmark 0x2/0x2 lookup 2',
      'ip -n t-a rule add from 10.0.0.0/24 to 10.9.0.0/16 iif v0 table 100',
      'ip -n t-a ru add not oif v0 ipproto tcp dport 80 sport 1000-2000 prohibit pref 50',
      'ip -n t-a rule add priority 60 goto 32765',
      'ip -n t-a rule add pref 70 nop',
      'ip -n t-a rule add lookup main suppress_prefixlength 0 pref 80',
      'ip -n t-a rule add fwmark 6 table 5 order 90',
    );
    expect(d.rules).toEqual([
      { pref: 50, not: true, oif: 'v0', ipproto: 'tcp', sport: '1000-2000', dport: '80', action: 'prohibit' },
      { pref: 60, action: 'goto', goto: 32765 },
      { pref: 70, action: 'nop' },
      { pref: 80, table: 'main', suppressPrefixlength: 0 },
      { pref: 90, fwmark: '0x6', table: 5 },
      { pref: 32764, from: '10.0.0.0/24', to: '10.9.0.0/16', iif: 'v0', table: 100 },
      { pref: 32765, fwmark: '0x2/0x2', table: 2 },
    ]);
    expect(
      fails('ip -n t-a rule add fwmark 1 lookup 3 pref 5', 'ip -n t-a rule add fwmark 1 lookup 3 pref 5')[0],
    ).toMatch(/^2: .*File exists/);
  });

  it('del removes the first rule with every attribute given; flush keeps the pref-0 rules', () => {
    expect(
      a(
        'ip -n t-a rule add fwmark 1 lookup 3',
        'ip -n t-a rule add fwmark 1 lookup 4',
        'ip -n t-a rule del fwmark 1',
      ).rules,
    ).toEqual([{ pref: 32765, fwmark: '0x1', table: 3 }]);
    const f = a(
      'ip -n t-a rule add pref 0 fwmark 1 lookup 5',
      'ip -n t-a rule add iif v0 lookup 6 pref 100',
      'ip -n t-a rule flush',
    );
    expect([f.rules, f.defaultRules]).toEqual([
      [{ pref: 0, fwmark: '0x1', table: 5 }],
      { main: false, default: false },
    ]);
    expect(a('ip -n t-a rule del pref 32766', 'ip -n t-a rule add lookup 9').rules).toEqual([
      { pref: 32766, table: 9 },
    ]);
    expect(fails('ip -n t-a rule del fwmark 7')[0]).toMatch(/No such file or directory/);
    // recorded on Linux 6.18: neither rule_find nor rule_exists looks at "not"
    expect(
      a('ip -n t-a rule add not fwmark 1 lookup 3', 'ip -n t-a rule del fwmark 1 lookup 3').rules,
    ).toBeUndefined();
    expect(
      fails(
        'ip -n t-a rule add fwmark 1 lookup 3 pref 10',
        'ip -n t-a rule add not fwmark 1 lookup 3 pref 10',
      )[0],
    ).toMatch(/^2: .*File exists/);
    expect(fails('ip -n t-a rule add tos 0x10 lookup 2')[0]).toMatch(/no tos selector/);
  });
});

describe('the same prefix on two interfaces', () => {
  const script = (...lines: string[]) =>
    [
      'ip netns add o-a',
      'ip netns add o-b',
      'ip netns add o-c',
      'ip link add x1 netns o-a type veth peer name y netns o-b',
      'ip link add x2 netns o-a type veth peer name y netns o-c',
      ...lines,
    ].join('\n');

  it('in the order of the interfaces: the first interface’s route wins, as in a document', () => {
    const r = importScript(
      script(
        'ip -n o-a addr add 10.0.0.1/24 dev x1',
        'ip -n o-a addr add 10.0.0.2/24 dev x2',
        'ip -n o-a link set x1 up',
        'ip -n o-a link set x2 up',
      ),
    );
    expect(r.ok).toBe(true);
  });

  it('when the script makes the other route win (recorded on Linux 6.18), the import is refused', () => {
    // the kernel inserts a prefix route when the address exists and its link is up: here x2's first
    const byAddress = importScript(
      script(
        'ip -n o-a link set x1 up',
        'ip -n o-a link set x2 up',
        'ip -n o-a addr add 10.5.0.1/24 dev x2',
        'ip -n o-a addr add 10.5.0.5/24 dev x1',
      ),
    );
    const byUp = importScript(
      script(
        'ip -n o-a addr add 10.5.0.5/24 dev x1',
        'ip -n o-a addr add 10.5.0.1/24 dev x2',
        'ip -n o-a link set x2 up',
        'ip -n o-a link set x1 up',
      ),
    );
    for (const [r, line] of [
      [byAddress, 9],
      [byUp, 6],
    ] as const) {
      if (r.ok) throw new Error('imported');
      expect(r.issues.map((i) => `${i.line}: ${i.message}`)).toEqual([
        expect.stringMatching(
          new RegExp(
            `^${line}: on Linux the route to 10\\.5\\.0\\.0/24 \\(table main\\) through x2 .* comes first`,
          ),
        ),
      ]);
    }
  });
});
