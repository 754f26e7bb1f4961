/** The console's dispatcher: the tools by name (or path), `help`, and what it refuses. */
import { describe, expect, it } from 'vitest';
import { ConsoleSession, exampleLab } from './console.test-support.ts';

const s = new ConsoleSession(exampleLab('surebackup-static-mapping'));

describe('execCommand', () => {
  it('help lists every command and says what natlab leaves out of ping', () => {
    const r = s.run('vlab', 'help');
    expect(r.code).toBe(0);
    for (const c of [
      'ip [-j [-p]] route get',
      'iptables [-t TABLE] -S',
      'ping [-c N]',
      'conntrack -L',
      'conntrack -F',
    ])
      expect(r.stdout).toContain(c);
    expect(r.stdout).toContain('without " time=... ms"');
  });

  it('tools answer by path too; anything else is refused with the list', () => {
    expect(s.run('vlab', '/usr/sbin/conntrack -C')).toEqual({ stdout: '0\n', stderr: '', code: 0 });
    const r = s.run('vlab', 'traceroute -n 10.0.0.1');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^natlab: "traceroute -n 10\.0\.0\.1" is not supported\.\nnatlab's console supports:\n/,
    );
    expect(r.stderr).toContain('  ping [-c N]');
    expect(s.run('vlab', 'help me').code).toBe(2);
  });

  it('an unknown device names the lab’s devices', () => {
    expect(s.run('nope', 'ip rule')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('(devices: gateway, vbs'),
    });
  });
});
