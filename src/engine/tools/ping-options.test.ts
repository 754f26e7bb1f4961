/** ping's command line as iputils 20221126 reads it (errors: ping-command.test.ts and the kernel test). */
import { describe, expect, it } from 'vitest';
import { formatIpv4 } from '../addr/ipv4.ts';
import { isPingOptions, parsePingArgs, type PingOptions } from './ping-options.ts';

function parsed(line: string): PingOptions {
  const o = parsePingArgs(line.split(' ').filter(Boolean));
  if (!isPingOptions(o)) throw new Error(o.stderr);
  return o;
}

describe('parsePingArgs', () => {
  it('defaults: one packet, 10 s linger, no source, no device', () => {
    const o = parsed('10.0.0.1');
    expect(o).toMatchObject({ count: 1, linger: 10, quiet: false, target: '10.0.0.1', warnings: '' });
    expect(o.source ?? o.device ?? o.mark ?? o.ttl ?? o.ident).toBeUndefined();
  });

  it('options after the destination, grouped flags, attached values, strtol forms', () => {
    expect(parsed('10.0.0.1 -qnc3 -t 010 -m 6 -e 77 -W 1.5')).toMatchObject({
      count: 3,
      quiet: true,
      ttl: 10,
      mark: 6,
      ident: 77,
      linger: 1.5,
    });
    expect(parsed('-c +2 10.0.0.1').count).toBe(2);
  });

  it('-I: a strict dotted quad is the source, anything else a device; the last of each wins', () => {
    expect(formatIpv4(parsed('-I 10.0.0.9 10.0.0.1').source!)).toBe('10.0.0.9');
    expect(parsed('-I 1.2.3 10.0.0.1').device).toBe('1.2.3');
    expect(parsed('-I 010.0.0.9 10.0.0.1').device).toBe('010.0.0.9');
    const both = parsed('-I eth0 -I 10.0.0.9 -I eth1 10.0.0.1');
    expect([both.device, formatIpv4(both.source!)]).toEqual(['eth1', '10.0.0.9']);
  });

  it('the destination as inet_aton reads it, kept as typed for the header', () => {
    const o = parsed('-- 0x0a000001');
    expect([o.target, formatIpv4(o.dst)]).toEqual(['0x0a000001', '10.0.0.1']);
  });

  it.each([
    ['-c 1x 10.0.0.1', "ping: invalid argument: '1x'\n", 1],
    ['-e -1 10.0.0.1', "ping: invalid argument: '-1': out of range: 0 <= value <= 65535\n", 1],
    ['-m 0x10 10.0.0.1', "ping: invalid argument: '0x10'\n", 1],
    ['-W 99999999 10.0.0.1', 'ping: bad linger time: 99999999\n', 2],
  ])('%s', (line, stderr, code) => {
    expect(parsePingArgs(line.split(' '))).toEqual({ stdout: '', stderr, code });
  });
});
