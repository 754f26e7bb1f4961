/**
 * The console's ping on the static-mapping lab. The byte-for-byte comparison with iputils-ping runs in
 * src/kernel/console.test.ts; these pin the behaviour without a kernel.
 */
import { describe, expect, it } from 'vitest';
import { ipv4 } from '../addr/ipv4.ts';
import { routeGet } from '../routing/route-get.ts';
import { trace } from '../sim/trace.ts';
import { ConsoleSession, exampleLab } from './console.test-support.ts';
import { execCommand } from './exec.ts';
import { formatG } from './ping-command.ts';

const NET = exampleLab('surebackup-static-mapping');
const session = () => new ConsoleSession(NET);

describe('ping', () => {
  it('answers through the appliance as iputils prints it, without times', () => {
    expect(session().run('vbs', 'ping -c 2 192.168.150.36')).toEqual({
      stdout:
        'PING 192.168.150.36 (192.168.150.36) 56(84) bytes of data.\n' +
        '64 bytes from 192.168.150.36: icmp_seq=1 ttl=63\n' +
        '64 bytes from 192.168.150.36: icmp_seq=2 ttl=63\n' +
        '\n--- 192.168.150.36 ping statistics ---\n' +
        '2 packets transmitted, 2 received, 0% packet loss\n\n',
      stderr: '',
      code: 0,
    });
  });

  it('its packets stay in the session: the appliance tracks them, a later packet is ESTABLISHED', () => {
    const s = session();
    s.run('vbs', 'ping -c 2 -e 7 192.168.150.36');
    expect(s.run('vlab', 'conntrack -L').stdout).toBe(
      'icmp     1 30 src=192.168.149.22 dst=192.168.150.36 type=8 code=0 id=7 src=192.168.149.36 dst=192.168.149.2 type=0 code=0 id=7 mark=0 use=1\n',
    );
    const again = trace(NET, { from: 'vbs', to: ipv4('192.168.150.36'), sport: 7 }, { state: s.state });
    if (!again.ok) throw new Error(again.error);
    const atVlab = again.value.request.hops.find((h) => h.device === 'vlab')!;
    expect(atVlab.steps.find((st) => st.kind === 'conntrack')).toMatchObject({ state: 'ESTABLISHED' });
  });

  it('picks a new echo id per ping in a session (4242, 4243…), the same one without a session', () => {
    const s = session();
    s.run('vbs', 'ping -c 1 192.168.150.36');
    s.run('vbs', 'ping -c 1 192.168.150.36');
    expect(s.run('vlab', 'conntrack -L').stdout.match(/ id=\d+ /g)).toEqual([
      ' id=4242 ',
      ' id=4242 ',
      ' id=4243 ',
      ' id=4243 ',
    ]);
    const alone = execCommand(NET, 'vlab', ['conntrack', '-L'], { routeGet });
    expect(alone.stderr).toBe('conntrack v1.4.7 (conntrack-tools): 0 flow entries have been shown.\n');
  });

  it('an ICMP error is printed with its (de-NATed) source and counted as an error', () => {
    const r = session().run('vbs', 'ping -c 2 -t 1 192.168.150.36');
    expect(r.stdout).toContain('From 192.168.150.36 icmp_seq=2 Time to live exceeded\n');
    expect(r.stdout).toContain('2 packets transmitted, 0 received, +2 errors, 100% packet loss\n\n');
    expect(r.code).toBe(1);
  });

  it('ARP failures arrive 3 s late, together: pipe, and -W cutting them off', () => {
    const five = session().run('gateway', 'ping -c 5 192.168.149.99').stdout;
    expect(five.match(/Destination Host Unreachable/g)).toHaveLength(5);
    expect(five).toMatch(/\+5 errors, 100% packet loss\npipe 4\n$/);
    const cut = session().run('gateway', 'ping -c 1 -W 2 192.168.149.99').stdout;
    expect(cut).not.toContain('From ');
    expect(cut).toMatch(/1 packets transmitted, 0 received, 100% packet loss\n\n$/);
  });

  it('connect() failures end ping before it prints anything', () => {
    expect(session().run('gateway', 'ping -c 1 10.1.1.1')).toEqual({
      stdout: '',
      stderr: 'ping: connect: Network is unreachable\n',
      code: 2,
    });
    expect(session().run('vbs', 'ping 192.168.149.255').stderr).toBe(
      'ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules\n',
    );
  });

  it('-I: the header names the source (and device); a bound socket without route stays silent', () => {
    expect(session().run('vbs', 'ping -c 1 -I eth0 192.168.150.36').stdout).toMatch(
      /^PING 192\.168\.150\.36 \(192\.168\.150\.36\) from 192\.168\.149\.22 eth0: 56\(84\)/,
    );
    const bound = session().run('gateway', 'ping -c 2 -I 192.168.149.2 10.1.1.1');
    expect(bound.stdout).toBe(
      'PING 10.1.1.1 (10.1.1.1) from 192.168.149.2 : 56(84) bytes of data.\n' +
        '\n--- 10.1.1.1 ping statistics ---\n2 packets transmitted, 0 received, 100% packet loss\n\n',
    );
    expect(session().run('vbs', 'ping -I 10.0.0.9 192.168.150.36').stderr).toBe(
      'ping: bind: Cannot assign requested address\n',
    );
  });

  it('-I DEVICE only where the device changes nothing natlab can trace', () => {
    const r = session().run('vlab', 'ping -I eth1 10.1.1.1');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('natlab cannot bind a socket to eth1: the route to 10.1.1.1 leaves by eth0');
  });

  it('-q keeps the header and the statistics', () => {
    expect(session().run('vbs', 'ping -q -c 3 192.168.150.36').stdout).toBe(
      'PING 192.168.150.36 (192.168.150.36) 56(84) bytes of data.\n' +
        '\n--- 192.168.150.36 ping statistics ---\n3 packets transmitted, 3 received, 0% packet loss\n\n',
    );
  });

  it('ping 0 pings the loopback address and says so', () => {
    expect(session().run('vbs', 'ping -c 1 0').stdout).toMatch(
      /^PING 0 \(127\.0\.0\.1\) 56\(84\)[^]*from 127\.0\.0\.1: icmp_seq=1 ttl=64\n/,
    );
  });

  it.each([
    ['ping', 'ping: usage error: Destination address required\n', 1],
    [
      'ping -c 0 1.2.3.4',
      "ping: invalid argument: '0': out of range: 1 <= value <= 9223372036854775807\n",
      1,
    ],
    ['ping -t 256 1.2.3.4', "ping: invalid argument: '256': out of range: 0 <= value <= 255\n", 1],
    ['ping -W -1 1.2.3.4', 'ping: bad linger time: -1\n', 2],
    ['ping -c 1 -t 0 192.168.150.36', 'ping: cannot set unicast time-to-live: Invalid argument\n', 2],
    ['ping -c 1 -I eth9 1.2.3.4', 'ping: SO_BINDTODEVICE eth9: No such device\n', 2],
    ['ping vlab', 'ping: vlab: Temporary failure in name resolution\n', 2],
  ])('%s: the real error', (line, stderr, code) => {
    expect(session().run('vbs', line)).toEqual({ stdout: '', stderr, code });
  });

  it.each([
    ['ping -f 1.2.3.4', "natlab does not simulate ping's -f option"],
    ['ping -c 101 1.2.3.4', 'at most 100 packets'],
    ['ping -W 0 1.2.3.4', 'waits for ever'],
    ['ping 1.2.3.4 5.6.7.8', 'source routing'],
    ['ping 224.0.0.1', 'multicast'],
  ])('%s: natlab says what it does not simulate', (line, why) => {
    const r = session().run('vbs', line);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(why);
  });

  it('-X and a missing argument print the usage, -V the version', () => {
    const x = session().run('vbs', 'ping -X 1.2.3.4');
    expect(x.stderr).toMatch(/^ping: invalid option -- 'X'\n\nUsage\n {2}ping \[options\] <destination>\n/);
    expect(session().run('vbs', 'ping -c').stderr).toMatch(
      /^ping: option requires an argument -- 'c'\n\nUsage/,
    );
    expect(session().run('vbs', 'ping -V').stdout).toMatch(/^ping from iputils 20221126\n/);
  });

  it('-W with garbage warns and goes on; inet_aton forms are accepted', () => {
    const r = session().run('vbs', 'ping -c 1 -W 1x 0xc0a89616');
    expect(r.stderr).toBe(
      'ping: option argument contains garbage: x\nping: this will become fatal error in the future\n',
    );
    expect(r.stdout).toMatch(/^PING 0xc0a89616 \(192\.168\.150\.22\)/);
  });
});

describe('formatG (the packet loss, %g of a float)', () => {
  it.each([
    [0, '0'],
    [100, '100'],
    [50, '50'],
    [100 / 3, '33.3333'],
    [200 / 3, '66.6667'],
    [100 / 7, '14.2857'],
    [12.5, '12.5'],
  ])('%d → %s', (x, s) => expect(formatG(x)).toBe(s));
});
