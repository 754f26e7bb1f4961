import { describe, expect, it } from 'vitest';
import { MAX_LINE, parseConsoleLine } from './console-line.ts';

describe('parseConsoleLine', () => {
  it.each([
    [
      'ip route get 192.168.149.36 from 192.168.149.22 iif eth0 mark 0x6',
      ['ip', 'route', 'get', '192.168.149.36', 'from', '192.168.149.22', 'iif', 'eth0', 'mark', '0x6'],
    ],
    ['  ping   -c 2  10.0.0.1  ', ['ping', '-c', '2', '10.0.0.1']],
    [`iptables -S "my chain" 'a b' c\\ d`, ['iptables', '-S', 'my chain', 'a b', 'c d']],
    ['conntrack -L # all of it', ['conntrack', '-L']],
    ['', []],
  ])('%s', (line, argv) => expect(parseConsoleLine(line)).toEqual({ ok: true, argv }));

  it.each([
    ['ping 10.0.0.1 | head', '"|" starts a pipe'],
    ['ip rule; ip route', '";" starts a list'],
    ['ip route && echo ok', '"&&" starts a list'],
    ['ping 10.0.0.1 &', '"&" starts a background job'],
    ['ip route > /tmp/x', '">" starts a redirection'],
    ['ping $(cat x)', 'command substitution'],
    ['ping $HOST', 'variables are not supported'],
    ['ping `x`', 'command substitution'],
  ])('%s is refused', (line, error) => {
    const r = parseConsoleLine(line);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(error);
  });

  it('an unterminated quote and an overlong line are refused', () => {
    expect(parseConsoleLine(`ping "10.0.0.1`).ok).toBe(false);
    expect(parseConsoleLine('x'.repeat(MAX_LINE + 1))).toEqual({
      ok: false,
      error: `the line is longer than ${MAX_LINE} characters`,
    });
  });
});
