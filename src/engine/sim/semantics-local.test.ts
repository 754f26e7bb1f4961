/** Semantics doc §9 and §1.3 (locally generated traffic on the appliance), replaying e07. */
import { describe, expect, it } from 'vitest';
import { formatIpv4 } from '../addr/ipv4.ts';
import { dev, kernelLab, type LabDoc } from '../testing/kernel-lab.ts';
import { hopAt, run, seenText, stepsOf } from '../testing/probe.ts';

const markOutput = (d: LabDoc, dst: string) => {
  const v = dev(d, 'vlab');
  v.iptables.mangle!.OUTPUT = [`-d ${dst} -j MARK --set-mark 2`];
};

describe('locally generated traffic on the appliance (e07)', () => {
  it('1. ping 192.168.149.36: main → eth0, src .50 → prod', () => {
    const t = run(kernelLab(), 'vlab', '192.168.149.36');
    expect([t.request.receiver, seenText(t.request)]).toEqual(['prod', '192.168.149.50 > 192.168.149.36']);
  });
  it('2. ping -m 2: rule fwmark 0x2/0x2 → table 2 → eth1, src .2 → copy', () => {
    const t = run(kernelLab(), 'vlab', '192.168.149.36', { mark: 2 });
    expect([t.request.receiver, seenText(t.request)]).toEqual(['copy', '192.168.149.2 > 192.168.149.36']);
    expect(t.outcome).toBe('answered');
  });
  it('3. mangle OUTPUT sets mark 2: re-route to eth1, source kept from the first lookup, MASQUERADE → .2', () => {
    const t = run(
      kernelLab((d) => markOutput(d, '192.168.149.36')),
      'vlab',
      '192.168.149.36',
    );
    expect([t.request.receiver, seenText(t.request)]).toEqual(['copy', '192.168.149.2 > 192.168.149.36']);
    const hop = hopAt(t.request, 'vlab')!;
    const chains = stepsOf(hop, 'chain').map((c) => `${c.table} ${c.chain} oif ${c.oif}`);
    expect(chains).toEqual(['mangle OUTPUT oif eth0', 'nat POSTROUTING oif eth1']);
    const routes = stepsOf(hop, 'route').map((r) => `${r.purpose} ${r.route?.dev} ${r.route?.table}`);
    expect(routes).toEqual(['connect eth0 254', 'output eth0 254', 'reroute eth1 2']);
    // conntrack: src=.50 dst=.36 … src=.36 dst=.2
    expect(stepsOf(hop, 'conntrack')[0]!.orig).toBe(
      'src=192.168.149.50 dst=192.168.149.36 type=8 code=0 id=4242',
    );
    expect(t.outcome).toBe('answered');
  });
  it('3b. same without MASQUERADE: leaves eth1 with src .50; the copy still answers (vlab answers its ARP for .50)', () => {
    const t = run(
      kernelLab((d) => {
        markOutput(d, '192.168.149.36');
        dev(d, 'vlab').iptables.nat!.POSTROUTING = [];
      }),
      'vlab',
      '192.168.149.36',
    );
    expect(seenText(t.request)).toBe('192.168.149.50 > 192.168.149.36');
    expect(t.outcome).toBe('answered');
  });
  it('4. only nat OUTPUT NETMAP: no route before the hooks → connect: Network is unreachable', () => {
    const t = run(
      kernelLab(
        (d) =>
          (dev(d, 'vlab').iptables.nat!.OUTPUT = ['-d 192.168.150.0/24 -j NETMAP --to 192.168.149.0/24']),
      ),
      'vlab',
      '192.168.150.36',
    );
    expect(t.request.drop).toEqual({
      device: 'vlab',
      reason: 'no_route',
      detail: 'connect: Network is unreachable',
    });
    expect(stepsOf(t.request.hops[0], 'chain')).toEqual([]);
  });
  const nat4 = (mark: boolean) =>
    kernelLab((d) => {
      const v = dev(d, 'vlab');
      v.iptables.nat!.OUTPUT = ['-d 192.168.150.0/24 -j NETMAP --to 192.168.149.0/24'];
      v.routes.push({ to: '192.168.150.0/24', dev: 'eth1' });
      if (mark) markOutput(d, '192.168.150.0/24');
    });
  it('4b. + route 150/24 dev eth1 + mangle OUTPUT mark 2: NETMAP, re-route with the mark → copy; reply reverse-mapped', () => {
    const t = run(nat4(true), 'vlab', '192.168.150.36');
    expect([t.request.receiver, seenText(t.request)]).toEqual(['copy', '192.168.149.2 > 192.168.149.36']);
    expect(stepsOf(hopAt(t.request, 'vlab'), 'conntrack')[0]!.orig).toBe(
      'src=192.168.149.2 dst=192.168.150.36 type=8 code=0 id=4242',
    );
    expect(t.outcome).toBe('answered');
    expect(formatIpv4(t.reply!.seen!.src)).toBe('192.168.149.36'); // on the wire (tcpdump)
    expect(formatIpv4(t.reply!.socket!.src)).toBe('192.168.150.36'); // what ping prints
  });
  it('4c. same without the mark: after NETMAP the re-route uses main → prod (src stays .2)', () => {
    const t = run(nat4(false), 'vlab', '192.168.150.36');
    expect([t.request.receiver, seenText(t.request)]).toEqual(['prod', '192.168.149.2 > 192.168.149.36']);
    // prod's reply reaches vlab because vlab answers ARP for .2 on eth0 too
    expect(t.outcome).toBe('answered');
  });
  it('5. filter OUTPUT REJECT of its own echo: the error comes from the address the route back picks (tests/kernel-regressions finding 4)', () => {
    const t = run(
      kernelLab((d) => {
        dev(d, 'vlab').iptables.filter = {
          OUTPUT: ['-d 192.168.149.36 -j REJECT --reject-with icmp-net-prohibited'],
        };
      }),
      'vlab',
      '192.168.149.36',
    );
    // __icmp_send: the offending packet's route is not RTCF_LOCAL, so the source is left to the
    // error's own lookup — to 192.168.149.50, a local route, source .50 (kernel: "3/9 from" r1's own)
    expect(t.outcome).toBe('error');
    expect(formatIpv4(t.reply!.socket!.src)).toBe('192.168.149.50');
    expect([t.reply!.socket!.icmpType, t.reply!.socket!.icmpCode]).toEqual([3, 9]);
  });
});
