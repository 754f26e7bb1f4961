/** Sysctls and iptables, as the kernel holds them after the script's commands. */
import { describe, expect, it } from 'vitest';
import { ok, a, fails } from './import.test-support.ts';

describe('sysctls', () => {
  it('as the kernel holds them: ip_forward, defaults copied to later interfaces, slash and /proc forms', () => {
    const { doc } = ok(
      'ip netns exec t-a sysctl -w net.ipv4.ip_forward=1',
      'ip netns exec t-a sysctl -qw net.ipv4.conf.default.rp_filter=2 net.ipv4.conf.v0.rp_filter=0',
      'ip -n t-a link add d0 type dummy',
      'ip netns exec t-a sysctl net/ipv4/conf/d0/proxy_arp=1',
      "ip netns exec t-a sh -c 'echo 1 > /proc/sys/net/ipv4/icmp_echo_ignore_all'",
      'ip netns exec t-a sysctl -q -w net.ipv6.conf.all.disable_ipv6=1',
    );
    expect(doc.devices[0]!.kind).toBe('router');
    expect(doc.devices[0]!.sysctls).toEqual({
      'net.ipv4.ip_forward': 1,
      'net.ipv4.conf.default.rp_filter': 2,
      // lo is up and v0 has an address: to the kernel, both have set every knob already
      'net.ipv4.conf.lo.rp_filter': 0,
      'net.ipv4.conf.v0.rp_filter': 0,
      'net.ipv4.conf.d0.proxy_arp': 1,
      'net.ipv4.icmp_echo_ignore_all': 1,
    });
  });

  it('refuses unmodelled knobs, and interfaces that do not exist yet', () => {
    expect(fails('ip netns exec t-a sysctl -w net.core.somaxconn=1')[0]).toMatch(
      /unknown or unmodelled sysctl/,
    );
    expect(fails('ip netns exec t-a sysctl -w net.ipv4.conf.eth7.rp_filter=1')[0]).toMatch(
      /no interface "eth7" in t-a at this point/,
    );
    expect(fails('ip netns exec t-a sysctl -w net.ipv4.conf.all.rp_filter=7')[0]).toMatch(
      /out of range 0\.\.2/,
    );
  });
});

describe('iptables', () => {
  it('-A -I -D -R -F -N -X -P -E on ordered chains', () => {
    const d = a(
      'ip netns exec t-a iptables -A FORWARD -p icmp -j DROP',
      'ip netns exec t-a iptables -A FORWARD -p udp -j DROP',
      'ip netns exec t-a iptables -I FORWARD -p tcp -j ACCEPT',
      'ip netns exec t-a iptables -I FORWARD 3 -s 10.0.0.0/8 -j ACCEPT',
      'ip netns exec t-a iptables -D FORWARD -p udp -j DROP',
      'ip netns exec t-a iptables -R FORWARD 1 -p tcp --dport 22 -j ACCEPT',
      'ip netns exec t-a iptables -D FORWARD 2',
      'ip netns exec t-a iptables -N LOGGING',
      'ip netns exec t-a iptables -A LOGGING -j LOG',
      'ip netns exec t-a iptables -E LOGGING LOG-IT',
      'ip netns exec t-a iptables -A INPUT -j LOG-IT',
      'ip netns exec t-a iptables -P INPUT DROP',
      'ip netns exec t-a iptables -N GONE',
      'ip netns exec t-a iptables -X GONE',
      'ip netns exec t-a iptables -t nat -A POSTROUTING -o v0 -j MASQUERADE',
      'ip netns exec t-a iptables -t nat -F',
      'ip netns exec t-a iptables -t raw -F',
    );
    expect(d.iptables).toEqual({
      filter: {
        INPUT: { policy: 'DROP', rules: ['-j LOG-IT'] },
        FORWARD: ['-p tcp -m tcp --dport 22 -j ACCEPT', '-s 10.0.0.0/8 -j ACCEPT'],
        'LOG-IT': ['-j LOG'],
      },
      nat: {},
    });
  });

  it("refuses what iptables refuses, with iptables' words", () => {
    expect(fails('ip netns exec t-a iptables -D INPUT 1')[0]).toMatch(/Index of deletion too big/);
    expect(fails('ip netns exec t-a iptables -I INPUT 2 -j ACCEPT')[0]).toMatch(/Index of insertion too big/);
    expect(fails('ip netns exec t-a iptables -A INPUT -j NOWHERE')[0]).toMatch(/NOWHERE/);
    expect(fails('ip netns exec t-a iptables -t nat -P PREROUTING DROP')[0]).toMatch(
      /not intended for filtering/,
    );
    expect(
      fails(
        'ip netns exec t-a iptables -N C',
        'ip netns exec t-a iptables -A INPUT -j C',
        'ip netns exec t-a iptables -X C',
      )[0],
    ).toMatch(/^3: .*Device or resource busy/);
    expect(fails('ip netns exec t-a iptables -A INPUT --bogus -j ACCEPT')[0]).toMatch(/bogus/);
  });

  it('iptables-restore with a here-document replaces the tables it names', () => {
    const d = a(
      'ip netns exec t-a iptables -t nat -A POSTROUTING -j MASQUERADE',
      'ip netns exec t-a iptables -A INPUT -j DROP',
      "ip netns exec t-a iptables-restore <<'EOF'",
      '*nat',
      ':PREROUTING ACCEPT [0:0]',
      '-A PREROUTING -d 10.9.0.0/16 -j NETMAP --to 10.0.0.0/16',
      'COMMIT',
      'EOF',
    );
    expect(d.iptables).toEqual({
      nat: { PREROUTING: ['-d 10.9.0.0/16 -j NETMAP --to 10.0.0.0/16'] },
      filter: { INPUT: ['-j DROP'] },
    });
  });

  it('a problem in the here-document is reported on its own line', () => {
    expect(
      fails(
        "ip netns exec t-a iptables-restore <<'EOF'",
        '*nat',
        '-A POSTROUTING -j MASQUERAD',
        'COMMIT',
        'EOF',
      ),
    ).toEqual([expect.stringMatching(/^3: .*MASQUERAD/)]);
  });
});

describe('iptables-restore --noflush', () => {
  it('applies on top of the tables; a user chain it declares is flushed first (recorded on Linux 6.18)', () => {
    const d = a(
      'ip netns exec t-a iptables -t nat -A POSTROUTING -j MASQUERADE',
      'ip netns exec t-a iptables -N FOO',
      'ip netns exec t-a iptables -A FOO -j ACCEPT',
      'ip netns exec t-a iptables -A INPUT -j FOO',
      'ip netns exec t-a iptables -A INPUT -s 10.7.0.0/16 -j DROP',
      "ip netns exec t-a iptables-restore -n <<'EOF'",
      '*filter',
      ':FOO - [0:0]',
      ':FORWARD DROP [0:0]',
      '-A FOO -s 1.2.3.4/32 -j DROP',
      '-D INPUT -s 10.7.0.0/16 -j DROP',
      '-I INPUT 1 -i lo -j ACCEPT',
      'COMMIT',
      'EOF',
    );
    expect(d.iptables).toEqual({
      nat: { POSTROUTING: ['-j MASQUERADE'] },
      filter: {
        INPUT: ['-i lo -j ACCEPT', '-j FOO'],
        FORWARD: { policy: 'DROP', rules: [] },
        FOO: ['-s 1.2.3.4/32 -j DROP'],
      },
    });
  });

  it('a problem is reported on its own line', () => {
    expect(
      fails(
        "ip netns exec t-a iptables-restore --noflush <<'EOF'",
        '*filter',
        '-A INPUT -j ACCEPT',
        '-D INPUT -s 10.9.9.9 -j DROP',
        'COMMIT',
        'EOF',
      ),
    ).toEqual([expect.stringMatching(/^4: .*Bad rule/)]);
    expect(
      fails(
        "ip netns exec t-a iptables-restore --noflush <<'EOF'",
        '*filter',
        '-A INPUT -j NOWHERE',
        'COMMIT',
        'EOF',
      ),
    ).toEqual([expect.stringMatching(/^3: .*Chain 'NOWHERE' does not exist/)]);
  });
});

describe('shells inside a namespace', () => {
  it('sh -c runs in the namespace; its own set -e and exit stay inside', () => {
    const r = ok(
      "ip netns exec t-a sh -c 'set -e; echo 1 > /proc/sys/net/ipv4/conf/v0/proxy_arp; exit 0'",
      'ip -n t-a neigh add proxy 10.0.0.50 dev lo',
      'ip -n t-a route del 10.9.0.0/24 2>/dev/null',
    );
    const d = r.doc.devices[0]!;
    expect(d.sysctls).toEqual({ 'net.ipv4.conf.v0.proxy_arp': 1 });
    expect(d.proxyNeighbours).toEqual([{ address: '10.0.0.50', dev: 'lo' }]);
    expect(d.interfaces.at(-1)).toEqual({ name: 'lo' });
    // the script goes on after the inner exit, and without set -e the quiet failure is a warning
    expect(r.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/No such process/)]);
  });
});
