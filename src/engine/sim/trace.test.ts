/** trace(): probes, sockets, filter verdicts, REJECT, and the summary, on the kernel-lab topology. */
import { describe, expect, it } from 'vitest';
import { formatIpv4, ipv4 } from '../addr/ipv4.ts';
import { TCP_ACK, TCP_RST, TCP_SYN } from '../model/packet.ts';
import { dev, kernelLab } from '../testing/kernel-lab.ts';
import { asymmetricLab } from '../testing/labs.ts';
import { hopAt, run, stepsOf } from '../testing/probe.ts';
import { traceJson } from './json.ts';
import { DROP_REASONS } from './steps.ts';
import { trace } from './trace.ts';

describe('probe validation', () => {
  const net = kernelLab();
  it.each([
    [{ from: 'nobody', to: ipv4('1.2.3.4') }, 'no device "nobody"'],
    [{ from: 'vbs', to: ipv4('1.2.3.4'), proto: 'tcp' as const }, 'needs a destination port'],
    [{ from: 'vbs', to: ipv4('1.2.3.4'), src: ipv4('10.0.0.1') }, 'Cannot assign requested address'],
    [{ from: 'vbs', to: ipv4('1.2.3.4'), ttl: 0 }, '--ttl 0 is out of range'],
    [
      { from: 'vbs', to: ipv4('1.2.3.4'), dport: 70000, proto: 'udp' as const },
      '--dport 70000 is out of range',
    ],
  ])('%j', (probe, msg) => {
    const r = trace(net, probe);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(msg);
  });
});

describe('sockets answer like the kernel', () => {
  const net = kernelLab((d) => (dev(d, 'copy').listen = ['tcp/443', 'udp/53']));
  it('TCP SYN to a listener: SYN-ACK back, de-NATed', () => {
    const t = run(net, 'vbs', '192.168.150.36', { proto: 'tcp', dport: 443 });
    expect(t.outcome).toBe('answered');
    expect(t.reply!.what).toBe('tcp syn-ack');
    expect(t.reply!.packet.tcpFlags).toBe(TCP_SYN | TCP_ACK);
    expect([formatIpv4(t.reply!.seen!.src), t.reply!.seen!.sport, t.reply!.seen!.dport]).toEqual([
      '192.168.150.36',
      443,
      40000,
    ]);
  });
  it('TCP SYN to a closed port: RST,ACK back', () => {
    const t = run(net, 'vbs', '192.168.150.36', { proto: 'tcp', dport: 22 });
    expect(t.reply!.what).toBe('tcp rst');
    expect(t.reply!.packet.tcpFlags).toBe(TCP_RST | TCP_ACK);
    expect(t.outcome).toBe('answered');
  });
  it('UDP to a listener is echoed; to a closed port: ICMP port unreachable, translated back', () => {
    expect(run(net, 'vbs', '192.168.150.36', { proto: 'udp', dport: 53 }).outcome).toBe('answered');
    const t = run(net, 'vbs', '192.168.150.36', { proto: 'udp', dport: 5353 });
    expect(t.outcome).toBe('error');
    expect(t.reply!.what).toBe('icmp Destination Port Unreachable');
    expect(formatIpv4(t.reply!.seen!.src)).toBe('192.168.150.36');
    // the quoted header is the client's original packet
    const q = t.reply!.hops.at(-1)!.steps.find((s) => s.kind === 'receive');
    expect(q && q.kind === 'receive' && formatIpv4(q.packet.inner!.dst)).toBe('192.168.150.36');
  });
  it('icmp_echo_ignore_all: delivered, never answered', () => {
    const t = run(
      kernelLab((d) => (dev(d, 'copy').sysctls['net.ipv4.icmp_echo_ignore_all'] = 1)),
      'vbs',
      '192.168.150.36',
    );
    expect(t.outcome).toBe('no-reply');
    expect(stepsOf(t.request.hops.at(-1), 'drop')[0]!.reason).toBe('echo_ignored');
  });
});

describe('filter verdicts', () => {
  it('DROP in FORWARD: request dropped, nothing back', () => {
    const t = run(
      kernelLab((d) => (dev(d, 'vlab').iptables.filter = { FORWARD: ['-p icmp -j DROP'] })),
      'vbs',
      '192.168.150.36',
    );
    expect(t.request.drop).toMatchObject({
      device: 'vlab',
      reason: 'filter_drop',
      detail: '-t filter -A FORWARD -p icmp -j DROP',
    });
    expect(t.reply).toBe(null);
  });
  it('policy DROP with an ESTABLISHED,RELATED exception lets replies through', () => {
    const t = run(
      kernelLab(
        (d) =>
          (dev(d, 'vlab').iptables.filter = {
            FORWARD: {
              policy: 'DROP',
              rules: ['-m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT', '-i eth0 -o eth1 -j ACCEPT'],
            },
          }),
      ),
      'vbs',
      '192.168.150.36',
    );
    expect(t.outcome).toBe('answered');
    const rules = stepsOf(hopAt(t.reply, 'vlab'), 'rule');
    expect(rules.map((r) => `${r.index} ${r.verdict}`)).toEqual(['1 accept']);
  });
  it('REJECT with icmp-admin-prohibited: "Packet filtered" comes back from the destination it claims', () => {
    const t = run(
      kernelLab(
        (d) =>
          (dev(d, 'vlab').iptables.filter = {
            FORWARD: ['-p icmp -j REJECT --reject-with icmp-admin-prohibited'],
          }),
      ),
      'vbs',
      '192.168.150.36',
    );
    expect(t.request.drop?.reason).toBe('filter_reject');
    expect(t.outcome).toBe('error');
    expect(t.reply!.what).toBe('icmp Packet filtered');
  });
  it('REJECT --reject-with tcp-reset: the RST claims to come from the original destination', () => {
    const t = run(
      kernelLab(
        (d) =>
          (dev(d, 'vlab').iptables.filter = {
            FORWARD: ['-p tcp --dport 443 -j REJECT --reject-with tcp-reset'],
          }),
      ),
      'vbs',
      '192.168.150.36',
      { proto: 'tcp', dport: 443 },
    );
    expect(t.reply!.what).toBe('tcp rst (REJECT)');
    expect(t.reply!.delivered).toBe(true);
    expect([formatIpv4(t.reply!.seen!.src), t.reply!.seen!.sport]).toEqual(['192.168.150.36', 443]);
  });
  it('a jump to a user chain and RETURN', () => {
    const t = run(
      kernelLab(
        (d) =>
          (dev(d, 'vlab').iptables.filter = {
            FORWARD: ['-j lab_in'],
            lab_in: ['-s 192.168.149.99 -j DROP', '-j RETURN'],
          }),
      ),
      'vbs',
      '192.168.150.36',
    );
    expect(t.outcome).toBe('answered');
    const vlab = hopAt(t.request, 'vlab')!;
    expect(
      vlab.steps
        .filter((s) => s.kind === 'chain' || s.kind === 'rule' || s.kind === 'policy')
        .map((s) =>
          s.kind === 'rule'
            ? `${s.chain}#${s.index} ${s.verdict}`
            : s.kind === 'chain'
              ? `> ${s.table} ${s.chain}`
              : `policy ${s.verdict}`,
        ),
    ).toContain('lab_in#2 return');
  });
});

describe('the trace is plain, serialisable data', () => {
  it('JSON round-trips and every drop reason is documented', () => {
    const t = run(kernelLab(), 'vbs', '192.168.150.36');
    const j = JSON.parse(JSON.stringify(traceJson(t))) as { request: { hops: unknown[] } };
    expect(j.request.hops).toHaveLength(3);
    expect(new Set(DROP_REASONS).size).toBe(DROP_REASONS.length);
  });
  it('a trace does not change the network (same answer twice, fresh state)', () => {
    const net = kernelLab();
    expect(JSON.stringify(traceJson(run(net, 'vbs', '192.168.150.36')))).toBe(
      JSON.stringify(traceJson(run(net, 'vbs', '192.168.150.36'))),
    );
  });
});

describe('invalid_state', () => {
  it('asymmetric routing through a stateful firewall: the reply is INVALID there and dropped (seed 001)', () => {
    const net = asymmetricLab(['-m conntrack --ctstate INVALID -j DROP']);
    const t = run(net, 'ha', '10.0.2.10');
    expect(t.request.receiver).toBe('hb');
    expect(t.reply!.drop).toMatchObject({ device: 'r2', reason: 'invalid_state' });
    expect(stepsOf(hopAt(t.reply, 'r2'), 'conntrack')[0]!.state).toBe('INVALID');
  });
});
