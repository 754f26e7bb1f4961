/** What is refused, always with the line and the command, and what is skipped with a warning. */
import { describe, expect, it } from 'vitest';
import { importScript } from './import-script.ts';
import { BASE, L, ok, fails } from './import.test-support.ts';

describe('what is refused, and why', () => {
  it.each([
    ['ip addr add 10.9.0.1/24 dev lo', /would change the host/],
    ['ip route add 10.8.0.0/24 dev lo', /would change the host/],
    ['sysctl -w net.ipv4.ip_forward=1', /would change the host/],
    ['iptables -A INPUT -j DROP', /would change the host/],
    ['echo 1 > /proc/sys/net/ipv4/ip_forward', /host's namespace/],
    ['ip netns exec t-a echo 1 > /proc/sys/net/ipv4/ip_forward', /host's namespace/],
    ['ip -all netns delete', /every namespace of the host/],
    ['ping -c1 10.0.0.2', /not part of building a lab/],
    ['ip netns exec t-a tcpdump -i v0', /not part of building a lab/],
    ['frobnicate --now', /unknown command "frobnicate"/],
    ['ip -n t-a link add vx type vxlan id 5', /link type "vxlan" is not modelled/],
    ['ip -n t-a neigh add 10.0.0.2 lladdr 02:00:00:00:00:02 dev v0', /static neighbour/],
    ['ip -n t-a addr del 10.0.0.1/24 dev v0', /write only the addresses/],
    ['ip -n t-a route add 10.8.0.0/24 nexthop via 10.0.0.2', /not modelled/],
    ['export P=kt-', /variables are not supported/],
    ['source lib.sh', /sourcing another file/],
    ['ip netns exec t-a iptables-restore < rules.v4', /input redirection/],
    ['ip -n t-a addr add 10.3.0.1/24 dev v0 > /tmp/log', /redirection to the file/],
    ['nsx t-a ip a', /unknown command "nsx"/],
    ['ip netns add t-a', /File exists/],
    ['ip -n t-zz link set lo up', /Cannot open network namespace "t-zz"/],
    ['ip -n t-a link set v0 nomaster arp off', /arp off/],
  ])('%s', (line, re) => {
    const issues = fails(line);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]).toMatch(new RegExp(`^1: .*${re.source}`));
    const r = importScript([...BASE, line].join('\n'));
    expect(!r.ok && r.issues[0]!.command).toBe(line);
  });

  it('commands that only show or wait are skipped, one warning per kind', () => {
    const r = ok(
      'echo building',
      'ip -n t-a addr show',
      'sleep 1',
      'echo done',
      'ip netns exec t-a iptables -nvL',
    );
    expect(r.warnings.map((w) => [w.line - L, w.message])).toEqual([
      [1, 'skipped: echo only shows or waits, it builds nothing (lines 10, 13)'],
      [2, expect.stringMatching(/ip address list/)],
      [3, expect.stringMatching(/sleep/)],
      [5, expect.stringMatching(/iptables -L/)],
    ]);
  });

  it('a script that builds nothing, or has Windows line endings, is refused', () => {
    expect(importScript('set -e\n')).toMatchObject({
      ok: false,
      issues: [{ line: 1, message: expect.stringMatching(/creates no network namespace/) }],
    });
    expect(importScript('ip netns add a\r\nip netns add b\r\n')).toMatchObject({
      ok: false,
      issues: [{ line: 1, message: expect.stringMatching(/Windows line endings/) }],
    });
  });

  it('exit ends the script', () => {
    const r = ok('exit 0', 'ip netns add t-c');
    expect(r.doc.devices).toHaveLength(2);
    expect(r.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/never run/)]);
  });
});
