/** Semantics doc §6 (rp_filter in the worked example), replaying e02. */
import { describe, expect, it } from 'vitest';
import { dev, kernelLab } from '../testing/kernel-lab.ts';
import { run } from '../testing/probe.ts';

describe('rp_filter on the appliance (e02): effective value = max(all, iface)', () => {
  it.each([
    [0, 0, 'answered'],
    [1, 1, 'reply-dropped'],
    [2, 2, 'answered'],
    [0, 1, 'reply-dropped'],
    [1, 0, 'reply-dropped'],
  ] as const)('all=%i eth*=%i → %s', (all, iface, outcome) => {
    const net = kernelLab((d) => {
      const s = dev(d, 'vlab').sysctls;
      s['net.ipv4.conf.all.rp_filter'] = all;
      s['net.ipv4.conf.eth0.rp_filter'] = iface;
      s['net.ipv4.conf.eth1.rp_filter'] = iface;
    });
    const t = run(net, 'vbs', '192.168.150.36');
    expect(t.request.receiver).toBe('copy');
    expect(t.outcome).toBe(outcome);
    if (outcome === 'reply-dropped')
      expect(t.reply!.drop).toMatchObject({ device: 'vlab', reason: 'rp_filter' });
  });
  it('strict + src_valid_mark=1 + CONNMARK save/restore still fails — already for the request', () => {
    // The semantics doc blames the reply; the kernel (re-checked: copy's tcpdump stays empty,
    // TcpExtIPReversePathFilter 1) agrees with the engine: with src_valid_mark the reverse lookup of the
    // request's source uses mark 6, goes to table 2 and leaves via eth1 ≠ eth0. See kernel-scenarios.test.ts.
    const net = kernelLab((d) => {
      const v = dev(d, 'vlab');
      Object.assign(v.sysctls, {
        'net.ipv4.conf.all.rp_filter': 1,
        'net.ipv4.conf.eth0.rp_filter': 1,
        'net.ipv4.conf.eth1.rp_filter': 1,
        'net.ipv4.conf.all.src_valid_mark': 1,
      });
      v.iptables.mangle!.PREROUTING = [
        '-i eth1 -j CONNMARK --restore-mark',
        ...(v.iptables.mangle!.PREROUTING as string[]),
        '-j CONNMARK --save-mark',
      ];
    });
    const t = run(net, 'vbs', '192.168.150.36');
    expect(t.request.drop).toMatchObject({ device: 'vlab', reason: 'rp_filter' });
    expect(t.outcome).toBe('request-dropped');
  });
  it("strict mode also silences the appliance for the isolated hosts' ARP for their gateway (e10 B)", () => {
    const net = kernelLab((d) => {
      dev(d, 'vlab').sysctls['net.ipv4.conf.all.rp_filter'] = 1;
    });
    const t = run(net, 'copy', '192.168.149.2');
    expect(t.request.drop).toMatchObject({ device: 'copy', reason: 'neighbour_unreachable' });
    const loose = kernelLab();
    expect(run(loose, 'copy', '192.168.149.2').request.receiver).toBe('vlab');
  });
});
