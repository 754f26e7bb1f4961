import { describe, expect, it } from 'vitest';
import { exampleLab, seedPing, traced } from './capture.test-support.ts';
import { capturePointKey, capturePoints, defaultCapturePoint } from './points.ts';

describe('capture points of a trace', () => {
  it('the seed exchange: interfaces in the order the frames reach them, then the segments', () => {
    const { net, result } = seedPing();
    expect(capturePoints(result, net).map((p) => [p.key, p.label, p.frames, p.rewritten])).toEqual([
      ['iface:vbs:eth0', 'vbs eth0 (VM Network)', 2, false],
      ['iface:vlab:eth0', 'vlab eth0 (VM Network)', 2, true],
      ['iface:vlab:eth1', 'vlab eth1 (vLab VM Network)', 2, true],
      ['iface:sf0006-copy:eth0', 'sf0006-copy eth0 (vLab VM Network)', 2, false],
      ['segment:prod', 'VM Network (whole segment)', 2, true],
      ['segment:iso', 'vLab VM Network (whole segment)', 2, true],
    ]);
  });

  it('defaults to the interface the first rewritten frame left from: the appliance isolated side', () => {
    const { net, result } = seedPing();
    expect(defaultCapturePoint(result, net)).toEqual({ kind: 'iface', device: 'vlab', iface: 'eth1' });
  });

  it('without NAT it defaults to the sender interface', () => {
    const net = exampleLab('asymmetric-firewall');
    const result = traced(net, 'user1', '172.16.10.50', { proto: 'udp', dport: 5555 });
    expect(defaultCapturePoint(result, net)).toEqual({ kind: 'iface', device: 'user1', iface: 'eth0' });
    // dropped in fw-dc1's FORWARD: its eth0 received the frame, nothing left through eth1
    const keys = capturePoints(result, net).map((p) => p.key);
    expect(keys).toContain('iface:fw-dc1:eth0');
    expect(keys).not.toContain('iface:fw-dc1:eth1');
  });

  it('a packet to one of our own addresses is seen on lo, which is no segment', () => {
    const net = exampleLab('surebackup-basic');
    const points = capturePoints(traced(net, 'vlab', '192.168.149.50'), net);
    expect(points.map((p) => [p.label, p.frames])).toEqual([['vlab lo (loopback)', 2]]);
  });

  it('nothing on a wire: no capture point', () => {
    const net = exampleLab('surebackup-basic');
    const result = traced(net, 'gateway', '203.0.113.9');
    expect(result.request.hops.flatMap((h) => h.steps).some((s) => s.kind === 'transmit')).toBe(false);
    expect(capturePoints(result, net)).toEqual([]);
    expect(defaultCapturePoint(result, net)).toBeNull();
  });

  it('keys are stable and distinct for interfaces and segments', () => {
    expect(capturePointKey({ kind: 'iface', device: 'vlab', iface: 'eth1' })).toBe('iface:vlab:eth1');
    expect(capturePointKey({ kind: 'segment', segment: 'iso' })).toBe('segment:iso');
  });
});
