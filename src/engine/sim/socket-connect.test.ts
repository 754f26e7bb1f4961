/**
 * How the probe's socket picks its route (tests/kernel-regressions/README.md finding 3). Lab: a host
 * on two segments, default via x on s1, `ip rule from 10.0.0.1 lookup 10` with table 10 defaulting to
 * y on s2. Checked by hand on Linux 6.18 (tx counters of both veths, strace of iputils 20221126):
 * a TCP connect() or a connected UDP socket leaves by y (second lookup, from 10.0.0.1); ping and an
 * unconnected UDP sendto() leave by x
 * (its probe connect() only picks the source; the raw socket sends unbound); with `prohibit default
 * table 10` both connect() and ping fail with EACCES and nothing is sent.
 */
import { describe, expect, it } from 'vitest';
import type { RouteDoc } from '../lab/format.ts';
import { compileOrThrow, type DevDoc, type LabDoc } from '../testing/kernel-lab.ts';
import { run, stepsOf } from '../testing/probe.ts';

function lab(table10: RouteDoc): LabDoc {
  const peer = (id: string, seg: string, ip: string): DevDoc => ({
    id,
    kind: 'host',
    interfaces: [{ name: 'eth0', segment: seg, addresses: [ip] }],
    routes: [],
    rules: [],
    sysctls: {},
    iptables: {},
  });
  return {
    schemaVersion: 2,
    name: 'two-uplinks',
    segments: [
      { id: 's1', kind: 'production' },
      { id: 's2', kind: 'production' },
    ],
    devices: [
      {
        id: 'h',
        kind: 'host',
        interfaces: [
          { name: 'va', segment: 's1', addresses: ['10.0.0.1/24'] },
          { name: 'vc', segment: 's2', addresses: ['10.1.0.1/24'] },
        ],
        routes: [{ to: 'default', via: '10.0.0.2' }, table10],
        rules: [{ from: '10.0.0.1', table: 10 }],
        sysctls: {},
        iptables: {},
      },
      peer('x', 's1', '10.0.0.2/24'),
      peer('y', 's2', '10.1.0.2/24'),
    ],
  };
}

const viaY = compileOrThrow(lab({ to: 'default', via: '10.1.0.2', table: 10 }));
const prohibit = compileOrThrow(lab({ to: 'default', type: 'prohibit', table: 10 }));

const firstRouter = (t: ReturnType<typeof run>) => t.request.hops[1]?.device;
const routeSteps = (t: ReturnType<typeof run>) =>
  stepsOf(t.request.hops[0], 'route').map((r) => `${r.purpose} ${r.route?.dev ?? r.result}`);

describe('socket route lookups (ip_route_connect)', () => {
  it('TCP connect(): the SYN follows the second lookup, made with the chosen source', () => {
    const t = run(viaY, 'h', '10.9.0.9', { proto: 'tcp', dport: 80 });
    expect(firstRouter(t)).toBe('y');
    expect(routeSteps(t)).toEqual(['connect va', 'output vc']);
  });
  it('UDP sendto() on an unconnected socket: one lookup without a source', () => {
    const t = run(viaY, 'h', '10.9.0.9', { proto: 'udp', dport: 53 });
    expect(firstRouter(t)).toBe('x');
    expect(routeSteps(t)).toEqual(['output va']);
  });
  it('ping: the probe connect() is checked, the echo leaves by the first lookup', () => {
    const t = run(viaY, 'h', '10.9.0.9');
    expect(firstRouter(t)).toBe('x');
    expect(routeSteps(t)).toEqual(['connect vc', 'output va']);
  });
  it('a bound socket (ping -I) looks up once, with its address', () => {
    const t = run(viaY, 'h', '10.9.0.9', { src: '10.0.0.1' });
    expect(firstRouter(t)).toBe('y');
    expect(routeSteps(t)).toEqual(['output vc']);
  });
  it.each([
    // ping: the failing lookup is its probe socket's; TCP: the one the SYN would have taken
    ['icmp', undefined, 'connect EACCES'],
    ['tcp', 80, 'output EACCES'],
  ] as const)('%s: the second lookup hits prohibit → EACCES, nothing sent', (proto, dport, last) => {
    const t = run(prohibit, 'h', '10.9.0.9', { proto, ...(dport ? { dport } : {}) });
    expect(t.request.hops).toHaveLength(1);
    const drop = stepsOf(t.request.hops[0], 'drop')[0]!;
    expect(drop.detail).toBe('connect: Permission denied');
    expect(routeSteps(t).at(-1)).toBe(last);
  });
});
