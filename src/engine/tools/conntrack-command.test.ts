/**
 * `conntrack -L/-F/-C` on the console's state. The listing format and the error messages are compared
 * with conntrack-tools 1.4.7 in src/kernel/console.test.ts; these pin the logic without a kernel.
 */
import { describe, expect, it } from 'vitest';
import { ConsoleSession, exampleLab } from './console.test-support.ts';

const NET = exampleLab('surebackup-static-mapping');
const TRY = "Try `conntrack -h' or 'conntrack --help' for more information.\n";
const V = 'conntrack v1.4.7 (conntrack-tools)';

describe('conntrack', () => {
  const pinged = () => {
    const s = new ConsoleSession(NET);
    s.run('ws01', 'ping -c 1 -e 77 192.168.149.136');
    s.run('vbs', 'ping -c 1 -e 78 192.168.150.36');
    return s;
  };

  it('-L lists the device’s entries and says how many on stderr', () => {
    const r = pinged().run('vlab', 'conntrack -L');
    expect(r.stdout.split('\n')).toEqual([
      'icmp     1 30 src=192.168.149.64 dst=192.168.149.136 type=8 code=0 id=77 src=192.168.149.36 dst=192.168.149.2 type=0 code=0 id=77 mark=0 use=1',
      'icmp     1 30 src=192.168.149.22 dst=192.168.150.36 type=8 code=0 id=78 src=192.168.149.36 dst=192.168.149.2 type=0 code=0 id=78 mark=0 use=1',
      '',
    ]);
    expect(r.stderr).toBe(`${V}: 2 flow entries have been shown.\n`);
    expect(r.code).toBe(0);
  });

  it.each([
    ['-s 192.168.149.64', [77]],
    ['--orig-src 192.168.149.0/24', [77, 78]],
    ['-d 192.168.150.0/24', [78]],
    ['-r 192.168.149.36', [77, 78]],
    ['-q 192.168.149.22', []],
    ['-p icmp', [77, 78]],
    ['--proto tcp', []],
    ['-p 1', [77, 78]],
    ['-m 0', [77, 78]],
    ['-m 1/0x1', []],
    ['-f ipv6', []],
    ['-Lp tcp', [77, 78]],
  ])('-L %s', (filter, ids) => {
    const r = pinged().run('vlab', `conntrack ${filter.startsWith('-Lp') ? filter : `-L ${filter}`}`);
    expect([...r.stdout.matchAll(/type=8 code=0 id=(\d+)/g)].map((m) => Number(m[1]))).toEqual(ids);
  });

  it('-C counts, -F empties the device’s table and only that one', () => {
    const s = pinged();
    expect(s.run('vlab', 'conntrack -C').stdout).toBe('2\n');
    expect(s.run('vlab', 'conntrack -F')).toEqual({
      stdout: '',
      stderr: `${V}: connection tracking table has been emptied.\n`,
      code: 0,
    });
    expect(s.run('vlab', 'conntrack -L').stdout).toBe('');
    expect(s.run('vlab', 'conntrack --count').stdout).toBe('0\n');
  });

  it('without a console state there is nothing to list', () => {
    expect(new ConsoleSession(NET).run('vlab', 'conntrack -L').stderr).toBe(
      `${V}: 0 flow entries have been shown.\n`,
    );
  });

  it.each([
    ['-L -p foo', "`foo' unsupported protocol"],
    ['-L -p', "option `-p' requires an argument"],
    ['-L -X', "unknown option `-X'"],
    ['-L --bogus', "unknown option `--bogus'"],
    ['-L --s 1.2.3.4', "unknown option `--s'"],
    ['-F -p tcp', "Illegal option `--protonum' with this command"],
    ['-C -s 1.2.3.4 -m 1', "Illegal option `--src' with this command"],
    ['-L -F', 'Invalid commands combination'],
    ['-L extra', "unknown type `extra'"],
    ['-L -s 300.1.1.1', "Invalid IP address `300.1.1.1'"],
    ['-L -s 1.2.3.4/33', 'Invalid netmask'],
  ])('conntrack %s: %s', (args, msg) => {
    expect(new ConsoleSession(NET).run('vlab', `conntrack ${args}`)).toEqual({
      stdout: '',
      stderr: `${V}: ${msg}\n${TRY}`,
      code: 2,
    });
  });

  it('no command or -h: the usage on stdout; -V the version; expectations: none', () => {
    const s = new ConsoleSession(NET);
    expect(s.run('vlab', 'conntrack').stdout).toMatch(
      /^Command line interface for the connection tracking system\. Version 1\.4\.7\n/,
    );
    expect(s.run('vlab', 'conntrack -h').stdout).toBe(s.run('vlab', 'conntrack').stdout);
    expect(s.run('vlab', 'conntrack -V').stdout).toBe(`${V}\n`);
    expect(s.run('vlab', 'conntrack -L expect').stderr).toBe(`${V}: 0 expectations have been shown.\n`);
  });

  it.each(['-E', '-D', '-L -o extended', '-L -s ::1', '-L -p tcp --dport 80'])(
    'conntrack %s: natlab says it does not simulate it',
    (args) => {
      const r = new ConsoleSession(NET).run('vlab', `conntrack ${args}`);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^natlab: "conntrack .*" is not supported \(/);
    },
  );
});
