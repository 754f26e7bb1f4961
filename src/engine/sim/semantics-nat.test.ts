/** Semantics doc §2 (conntrack and NAT) through whole traces, replaying e06. */
import { describe, expect, it } from 'vitest';
import { formatIpv4 } from '../addr/ipv4.ts';
import { dev, kernelLab, type LabDoc } from '../testing/kernel-lab.ts';
import { hopAt, run, seenText, stepsOf } from '../testing/probe.ts';
import { SimState } from './state.ts';

const netmap = (d: LabDoc, to: string) => {
  dev(d, 'vlab').iptables.nat!.PREROUTING = [`-i eth0 -d 192.168.150.0/24 -j NETMAP --to ${to}`];
};
const replyOf = (t: ReturnType<typeof run>) => stepsOf(hopAt(t.request, 'vlab'), 'conntrack')[0];

describe('NETMAP (e06 B–E)', () => {
  it('B. --to 192.168.160.0/20 maps 192.168.150.36 → 192.168.166.36', () => {
    const t = run(
      kernelLab((d) => {
        netmap(d, '192.168.160.0/20');
        dev(d, 'copy').interfaces[0]!.addresses!.push('192.168.166.36/32');
        dev(d, 'vlab').routes.push({ to: '192.168.160.0/20', dev: 'eth1', table: 2 });
      }),
      'vbs',
      '192.168.150.36',
    );
    expect(seenText(t.request)).toBe('192.168.149.2 > 192.168.166.36');
    expect(t.outcome).toBe('answered');
  });
  it('C. --to 192.168.149.32/28 keeps only the low 4 bits: .36 → .36, .50 → .34 (nobody there)', () => {
    const net = kernelLab((d) => netmap(d, '192.168.149.32/28'));
    expect(seenText(run(net, 'vbs', '192.168.150.36').request)).toBe('192.168.149.2 > 192.168.149.36');
    const t = run(net, 'vbs', '192.168.150.50');
    expect(stepsOf(hopAt(t.request, 'vlab'), 'nat').map((n) => formatIpv4(n.after.dst))[0]).toBe(
      '192.168.149.34',
    );
    expect(t.request.drop).toMatchObject({ device: 'vlab', reason: 'neighbour_unreachable' });
  });
  it('E. NETMAP in POSTROUTING maps the source: the copy sees 192.168.151.22', () => {
    const t = run(
      kernelLab(
        (d) =>
          (dev(d, 'vlab').iptables.nat!.POSTROUTING = [
            '-o eth1 -s 192.168.149.0/24 -j NETMAP --to 192.168.151.0/24',
          ]),
      ),
      'vbs',
      '192.168.150.36',
    );
    expect(seenText(t.request)).toBe('192.168.151.22 > 192.168.149.36');
    // the copy's reply to 151.22 goes to its default gateway .2 = vlab, and is de-NATed
    expect(t.outcome).toBe('answered');
  });
});

describe('MASQUERADE source choice (e06 F, semantics §2.4)', () => {
  const masqLab = (order: 'primary-first' | 'other-first', to: string) =>
    kernelLab((d) => {
      const v = dev(d, 'vlab');
      v.interfaces[1]!.addresses =
        order === 'primary-first'
          ? [
              { address: '192.168.149.2/24', noprefixroute: true },
              { address: '192.168.152.1/24', noprefixroute: true },
              { address: '192.168.149.3/24', noprefixroute: true },
            ]
          : [
              { address: '192.168.152.1/24', noprefixroute: true },
              { address: '192.168.149.2/24', noprefixroute: true },
            ];
      v.routes = [{ to: '192.168.149.0/24', dev: 'eth1', table: 2, src: '192.168.152.1' }];
      if (to !== '192.168.149.0/24') {
        netmap(d, to);
        v.routes.push({ to, dev: 'eth1', table: 2 });
        dev(d, 'copy').interfaces[0]!.addresses!.push('192.168.166.36/32');
      }
    });
  it('nexthop inside 192.168.149.0/24: the first primary in that subnet (.2), never the route src nor the secondary', () => {
    const t = run(masqLab('primary-first', '192.168.149.0/24'), 'vbs', '192.168.150.36');
    expect(seenText(t.request)).toBe('192.168.149.2 > 192.168.149.36');
  });
  it('nexthop in no subnet of eth1: the first primary address in the list', () => {
    expect(seenText(run(masqLab('primary-first', '192.168.166.0/24'), 'vbs', '192.168.150.36').request)).toBe(
      '192.168.149.2 > 192.168.166.36',
    );
    expect(seenText(run(masqLab('other-first', '192.168.166.0/24'), 'vbs', '192.168.150.36').request)).toBe(
      '192.168.152.1 > 192.168.166.36',
    );
  });
});

describe('NAT only on the first packet, null bindings, clashes (e01, e06 G)', () => {
  it('the second packet of a flow skips the nat chains but is translated the same way', () => {
    const net = kernelLab();
    const state = new SimState();
    const first = run(net, 'vbs', '192.168.150.36', {}, state);
    const second = run(net, 'vbs', '192.168.150.36', {}, state);
    expect(seenText(second.request)).toBe(seenText(first.request));
    const vlab = hopAt(second.request, 'vlab')!;
    expect(stepsOf(vlab, 'chain').map((c) => `${c.table} ${c.chain}`)).toEqual(['mangle PREROUTING']);
    expect(stepsOf(vlab, 'conntrack')[0]).toMatchObject({ state: 'ESTABLISHED', dir: 'ORIGINAL' });
    expect(stepsOf(vlab, 'nat').map((n) => n.cause)).toEqual(['conntrack', 'conntrack']);
  });
  it('two clients with the same ICMP id: the second flow gets another id, both are answered (e06 G)', () => {
    const net = kernelLab((d) =>
      dev(d, 'prod').routes.push({ to: '192.168.150.0/24', via: '192.168.149.50' }),
    );
    const state = new SimState();
    const a = run(net, 'vbs', '192.168.150.36', { sport: 4242 }, state);
    const b = run(net, 'prod', '192.168.150.36', { sport: 4242 }, state);
    expect(a.request.seen!.sport).toBe(4242);
    expect(b.request.seen!.sport).not.toBe(4242);
    expect(stepsOf(hopAt(b.request, 'vlab'), 'nat').find((n) => n.hook === 'postrouting')?.randomized).toBe(
      true,
    );
    expect([a.outcome, b.outcome]).toEqual(['answered', 'answered']);
    expect(b.reply!.seen!.sport).toBe(4242); // de-NATed back to the client's id
    expect(replyOf(b)?.orig).toBe('src=192.168.149.36 dst=192.168.150.36 type=8 code=0 id=4242');
  });
  it('UDP source port clash: the second flow is moved to another port ≥ 1024 (e06 H)', () => {
    const net = kernelLab((d) => {
      dev(d, 'prod').routes.push({ to: '192.168.150.0/24', via: '192.168.149.50' });
      dev(d, 'copy').listen = ['udp/7777'];
    });
    const state = new SimState();
    const a = run(net, 'vbs', '192.168.150.36', { proto: 'udp', sport: 40000, dport: 7777 }, state);
    const b = run(net, 'prod', '192.168.150.36', { proto: 'udp', sport: 40000, dport: 7777 }, state);
    expect(a.request.seen!.sport).toBe(40000);
    expect(b.request.seen!.sport).toBeGreaterThanOrEqual(1024);
    expect(b.request.seen!.sport).not.toBe(40000);
    expect([a.outcome, b.outcome]).toEqual(['answered', 'answered']);
  });
});
