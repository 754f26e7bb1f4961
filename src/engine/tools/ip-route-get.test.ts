import { describe, expect, it } from 'vitest';
import { ipv4 } from '../addr/ipv4.ts';
import { formatRouteGet, type RouteGetPrintable, type RouteGetRequest } from './ip-route-get.ts';
import { DEFAULT_RULES, device, rule } from './testing.ts';

const plain = device({ ifaces: [{ name: 'eth0' }, { name: 'eth1' }] });
const custom = device({
  ifaces: [{ name: 'eth0' }, { name: 'eth1' }],
  rules: [...DEFAULT_RULES, rule(32765, { fwmark: { value: 2, mask: 2 }, table: 2 })],
});

function get(
  req: Partial<Omit<RouteGetRequest, 'dst' | 'from'>> & { dst: string; from?: string },
  res: RouteGetPrintable,
  json = false,
  d = custom,
) {
  const { dst, from, ...rest } = req;
  return formatRouteGet(
    d,
    { dst: ipv4(dst), ...(from !== undefined ? { from: ipv4(from) } : {}), ...rest },
    res,
    { json },
  );
}

describe('ip route get', () => {
  it('output lookups print src, mark and uid 0 (e04.log, e05.log)', () => {
    expect(
      get(
        { dst: '192.168.149.36' },
        { kind: 'ok', type: 'unicast', dev: 'eth0', src: ipv4('192.168.149.50') },
      ).stdout,
    ).toBe('192.168.149.36 dev eth0 src 192.168.149.50 uid 0 \n    cache \n');
    const marked: RouteGetPrintable = {
      kind: 'ok',
      type: 'unicast',
      dev: 'eth1',
      table: 2,
      src: ipv4('192.168.149.2'),
    };
    expect(get({ dst: '192.168.149.36', mark: 2 }, marked).stdout).toBe(
      '192.168.149.36 dev eth1 table 2 src 192.168.149.2 mark 2 uid 0 \n    cache \n',
    );
    expect(get({ dst: '192.168.149.36', mark: 0xff }, marked).stdout).toContain(' mark 0xff uid 0 ');
    expect(get({ dst: '192.168.149.36', mark: 15 }, marked).stdout).toContain(' mark 15 uid 0 ');
    expect(get({ dst: '192.168.149.36', mark: 16 }, marked, true).stdout).toBe(
      '[{"dst":"192.168.149.36","dev":"eth1","table":"2","prefsrc":"192.168.149.2","flags":[],"mark":16,"uid":0,"cache":[]}]\n',
    );
  });

  it('leaves src out when it is the `from` asked for', () => {
    const res: RouteGetPrintable = {
      kind: 'ok',
      type: 'unicast',
      dev: 'eth0',
      gateway: ipv4('192.168.149.2'),
      src: ipv4('192.168.149.2'),
    };
    expect(get({ dst: '8.8.8.8', from: '192.168.149.2' }, res).stdout).toBe(
      '8.8.8.8 from 192.168.149.2 via 192.168.149.2 dev eth0 uid 0 \n    cache \n',
    );
  });

  it('input lookups print from, iif and the redirect flag, without src or uid', () => {
    expect(
      get(
        { dst: '192.168.149.36', from: '192.168.149.22', iif: 'eth0', mark: 6 },
        { kind: 'ok', type: 'unicast', dev: 'eth1', table: 2 },
      ).stdout,
    ).toBe('192.168.149.36 from 192.168.149.22 dev eth1 table 2 mark 6 \n    cache iif eth0 \n');
    const fwd: RouteGetPrintable = {
      kind: 'ok',
      type: 'unicast',
      dev: 'eth0',
      gateway: ipv4('192.168.149.3'),
      redirect: true,
    };
    expect(get({ dst: '10.70.1.1', from: '192.168.149.22', iif: 'eth0' }, fwd).stdout).toBe(
      '10.70.1.1 from 192.168.149.22 via 192.168.149.3 dev eth0 \n    cache <redirect> iif eth0 \n',
    );
    expect(get({ dst: '10.70.1.1', from: '192.168.149.22', iif: 'eth0' }, fwd, true).stdout).toBe(
      '[{"dst":"10.70.1.1","from":"192.168.149.22","gateway":"192.168.149.3","dev":"eth0","flags":[],"cache":["redirect"],"iif":"eth0"}]\n',
    );
  });

  it('local and broadcast destinations', () => {
    const local: RouteGetPrintable = {
      kind: 'ok',
      type: 'local',
      dev: 'lo',
      table: 255,
      src: ipv4('192.168.149.50'),
    };
    expect(get({ dst: '192.168.149.50' }, local).stdout).toBe(
      'local 192.168.149.50 dev lo table local src 192.168.149.50 uid 0 \n    cache <local> \n',
    );
    expect(get({ dst: '192.168.149.50' }, local, true).stdout).toBe(
      '[{"type":"local","dst":"192.168.149.50","dev":"lo","table":"local","prefsrc":"192.168.149.50","flags":[],"uid":0,"cache":["local"]}]\n',
    );
    expect(get({ dst: '192.168.149.50', from: '192.168.149.22', iif: 'eth0' }, local).stdout).toBe(
      'local 192.168.149.50 from 192.168.149.22 dev lo table local \n    cache <local> iif eth0 \n',
    );
    const brd: RouteGetPrintable = {
      kind: 'ok',
      type: 'broadcast',
      dev: 'eth0',
      table: 255,
      src: ipv4('192.168.149.50'),
    };
    expect(get({ dst: '192.168.149.255' }, brd).stdout).toBe(
      'broadcast 192.168.149.255 dev eth0 table local src 192.168.149.50 uid 0 \n    cache <local,brd> \n',
    );
    const limited: RouteGetPrintable = {
      kind: 'ok',
      type: 'broadcast',
      dev: 'eth0',
      src: ipv4('192.168.149.50'),
    };
    expect(get({ dst: '255.255.255.255' }, limited).stdout).toBe(
      'broadcast 255.255.255.255 dev eth0 src 192.168.149.50 uid 0 \n    cache <local,brd> \n',
    );
  });

  it('prints local routes as main while local is merged into main (no custom rules)', () => {
    const local: RouteGetPrintable = {
      kind: 'ok',
      type: 'local',
      dev: 'lo',
      table: 255,
      src: ipv4('10.0.0.1'),
    };
    expect(get({ dst: '10.0.0.2' }, local, false, plain).stdout).toBe(
      'local 10.0.0.2 dev lo src 10.0.0.1 uid 0 \n    cache <local> \n',
    );
  });

  it('multicast', () => {
    const mc: RouteGetPrintable = { kind: 'ok', type: 'multicast', dev: 'eth0', src: ipv4('192.168.149.50') };
    expect(get({ dst: '224.0.0.1' }, mc).stdout).toBe(
      'multicast 224.0.0.1 dev eth0 src 192.168.149.50 rt_offload_failed uid 0 \n    cache <local,mc> \n',
    );
    expect(get({ dst: '224.0.0.1' }, mc, true).stdout).toBe(
      '[{"type":"multicast","dst":"224.0.0.1","dev":"eth0","prefsrc":"192.168.149.50","flags":["rt_offload_failed"],"uid":0,"cache":["local","mc"]}]\n',
    );
  });

  it('errors: RTNETLINK answers and exit code 2, nothing on stdout', () => {
    for (const [errno, text] of [
      ['ENETUNREACH', 'Network is unreachable'],
      ['EHOSTUNREACH', 'No route to host'],
      ['EACCES', 'Permission denied'],
      ['EINVAL', 'Invalid argument'],
      ['EXDEV', 'Invalid cross-device link'],
    ] as const) {
      for (const json of [false, true])
        expect(get({ dst: '10.66.1.1' }, { kind: 'error', errno }, json)).toEqual({
          stdout: '',
          stderr: `RTNETLINK answers: ${text}\n`,
          code: 2,
        });
    }
  });
});
