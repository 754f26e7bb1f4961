import { describe, expect, it } from 'vitest';
import { kernelLab, dev } from '../testing/kernel-lab.ts';
import { exampleLab, seedPing, traced } from './capture.test-support.ts';
import { captureFrames } from './frames.ts';
import type { CapturePoint } from './points.ts';
import { tcpdumpLines, tcpdumpTime } from './tcpdump.ts';

const iface = (device: string, name: string): CapturePoint => ({ kind: 'iface', device, iface: name });

describe('tcpdump lines of a capture (golden; src/kernel/capture-tcpdump.test.ts runs the real tcpdump)', () => {
  it('vlab eth1: the masqueraded request and the copy reply, as `tcpdump -n`', () => {
    const { net, result } = seedPing();
    expect(tcpdumpLines(captureFrames(result, net, iface('vlab', 'eth1')))).toEqual([
      '00:00:00.000100 IP 192.168.149.2 > 192.168.149.36: ICMP echo request, id 4242, seq 1, length 64',
      '00:00:00.000200 IP 192.168.149.36 > 192.168.149.2: ICMP echo reply, id 4242, seq 1, length 64',
    ]);
  });

  it('vlab eth0 with -e: MAC addresses, ethertype and frame length first', () => {
    const { net, result } = seedPing();
    expect(tcpdumpLines(captureFrames(result, net, iface('vlab', 'eth0')), { ether: true })).toEqual([
      '00:00:00.000000 02:00:00:00:01:16 > 02:00:00:05:00:02, ethertype IPv4 (0x0800), length 98: 192.168.149.22 > 192.168.150.36: ICMP echo request, id 4242, seq 1, length 64',
      '00:00:00.000300 02:00:00:05:00:02 > 02:00:00:00:01:16, ethertype IPv4 (0x0800), length 98: 192.168.150.36 > 192.168.149.22: ICMP echo reply, id 4242, seq 1, length 64',
    ]);
  });

  it('TCP: a SYN with options, the reset of a closed port', () => {
    const net = exampleLab('surebackup-basic');
    const result = traced(net, 'vbs', '192.168.150.36', { proto: 'tcp', dport: 80 });
    expect(tcpdumpLines(captureFrames(result, net, iface('sf0006-copy', 'eth0')))).toEqual([
      '00:00:00.000100 IP 192.168.149.2.40000 > 192.168.149.36.80: Flags [S], seq 1000000000, win 64240, options [mss 1460,sackOK,TS val 100000 ecr 0,nop,wscale 7], length 0',
      '00:00:00.000200 IP 192.168.149.36.80 > 192.168.149.2.40000: Flags [R.], seq 0, ack 1000000001, win 0, length 0',
    ]);
  });

  it('ICMP errors: time exceeded, port unreachable, net unreachable, admin prohibited', () => {
    const seed = exampleLab('surebackup-basic');
    const ttl = traced(seed, 'vbs', '192.168.150.36', { ttl: 1 });
    expect(tcpdumpLines(captureFrames(ttl, seed, iface('vbs', 'eth0')))[1]).toBe(
      '00:00:00.000100 IP 192.168.150.36 > 192.168.149.22: ICMP time exceeded in-transit, length 92',
    );
    const udp = traced(seed, 'vbs', '192.168.150.36', { proto: 'udp', dport: 5555 });
    expect(tcpdumpLines(captureFrames(udp, seed, iface('vlab', 'eth1')))).toEqual([
      '00:00:00.000100 IP 192.168.149.2.40000 > 192.168.149.36.5555: UDP, length 12',
      '00:00:00.000200 IP 192.168.149.36 > 192.168.149.2: ICMP 192.168.149.36 udp port 5555 unreachable, length 48',
    ]);
    const fw = exampleLab('asymmetric-firewall');
    const net = traced(fw, 'user1', '203.0.113.9');
    expect(tcpdumpLines(captureFrames(net, fw, iface('user1', 'eth0')))[1]).toBe(
      '00:00:00.000100 IP 10.1.0.1 > 10.1.0.10: ICMP net 203.0.113.9 unreachable, length 92',
    );
    const rejecting = kernelLab(
      (d) =>
        (dev(d, 'vlab').iptables.filter = {
          FORWARD: ['-p icmp -j REJECT --reject-with icmp-admin-prohibited'],
        }),
    );
    const rej = traced(rejecting, 'vbs', '192.168.150.36');
    expect(tcpdumpLines(captureFrames(rej, rejecting, iface('vbs', 'eth0')))[1]).toMatch(
      /IP 192\.168\.150\.36 > 192\.168\.149\.22: ICMP host 192\.168\.150\.36 unreachable - admin prohibited filter, length 92$/,
    );
  });

  it('times are UTC wall-clock of the synthetic epoch', () => {
    expect(tcpdumpTime(1_735_689_600_000_000)).toBe('00:00:00.000000');
    expect(tcpdumpTime(1_735_740_245_123_456)).toBe('14:04:05.123456');
  });
});
