import { describe, expect, it } from 'vitest';
import { formatIpv4 } from '../addr/ipv4.ts';
import { TCP_ACK, TCP_RST, TCP_SYN } from '../model/packet.ts';
import { kernelLab, dev } from '../testing/kernel-lab.ts';
import { exampleLab, seedPing, traced } from './capture.test-support.ts';
import { onesSum, pseudoHeaderSum } from './checksum.ts';
import { ETH_HEADER, ICMP_QUOTE_MAX, ipPacket } from './encode.ts';
import { captureFrames, type CapturedFrame } from './frames.ts';
import type { CapturePoint } from './points.ts';
import { CAPTURE_EPOCH_SEC, CLIENT_ISN, REPLY_IP_ID, REQUEST_IP_ID } from './wire.ts';

const iface = (device: string, name: string): CapturePoint => ({ kind: 'iface', device, iface: name });
const view = (f: CapturedFrame) => new DataView(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength);
const ip = (f: CapturedFrame) => f.bytes.subarray(ETH_HEADER);
const l4 = (f: CapturedFrame) => ip(f).subarray(20);

/** Every checksum of the frame verifies: IP header, ICMP message or TCP/UDP with the pseudo-header. */
function checksumsOk(f: CapturedFrame): boolean {
  const p = ip(f);
  const v = new DataView(p.buffer, p.byteOffset, p.byteLength);
  const proto = p[9]!;
  const pseudo = proto === 1 ? 0 : pseudoHeaderSum(v.getUint32(12), v.getUint32(16), proto, p.length - 20);
  return onesSum(p, 0, 20) === 0xffff && onesSum(p, 20, p.length, pseudo) === 0xffff;
}

describe('frames on the wire', () => {
  it('the seed ping: Ethernet II to the next hop, IPv4 84 bytes with DF, ping 56 bytes, checksums right', () => {
    const { net, result } = seedPing();
    const [req, rep] = captureFrames(result, net, iface('vlab', 'eth1'));
    const v = view(req!);
    expect(v.getUint16(12)).toBe(0x0800);
    expect(req!.bytes.length).toBe(14 + 84);
    expect(v.getUint16(14 + 6)).toBe(0x4000); // DF, offset 0
    expect(v.getUint16(14 + 4)).toBe(REQUEST_IP_ID);
    expect(formatIpv4(v.getUint32(14 + 12))).toBe('192.168.149.2'); // MASQUERADE applied
    const icmp = l4(req!);
    expect([icmp[0], new DataView(icmp.buffer, icmp.byteOffset).getUint16(4)]).toEqual([8, 4242]);
    // iputils: a struct timeval of the send time, then byte i = i
    expect(new DataView(icmp.buffer, icmp.byteOffset + 8).getUint32(0, true)).toBe(CAPTURE_EPOCH_SEC);
    expect(Array.from(icmp.subarray(8 + 16))).toEqual(Array.from({ length: 40 }, (_, i) => i + 16));
    // the kernel's echo reply: no DF, its own id, the request's data echoed back
    expect(view(rep!).getUint16(14 + 6)).toBe(0);
    expect(view(rep!).getUint16(14 + 4)).toBe(REPLY_IP_ID);
    expect(Array.from(l4(rep!).subarray(8))).toEqual(Array.from(icmp.subarray(8)));
    expect([req, rep].every((f) => checksumsOk(f!))).toBe(true);
  });

  it('TCP: the SYN carries Linux options; the reset answers seq + 1 with id 0 and DF', () => {
    const net = exampleLab('surebackup-basic');
    const [syn, rst] = captureFrames(
      traced(net, 'vbs', '192.168.150.36', { proto: 'tcp', dport: 80 }),
      net,
      iface('vbs', 'eth0'),
    );
    expect(l4(syn!)[12]! >> 4).toBe(10); // 20 bytes of options
    expect(l4(syn!)[13]).toBe(TCP_SYN);
    const r = new DataView(l4(rst!).buffer, l4(rst!).byteOffset);
    expect(l4(rst!)[13]).toBe(TCP_RST | TCP_ACK);
    expect([r.getUint32(4), r.getUint32(8), r.getUint16(14)]).toEqual([0, CLIENT_ISN + 1, 0]);
    expect([view(rst!).getUint16(14 + 4), view(rst!).getUint16(14 + 6)]).toEqual([0, 0x4000]);
    expect([syn, rst].every((f) => checksumsOk(f!))).toBe(true);
  });

  it('an ICMP error quotes the whole offending datagram as the erring device had it (up to 576 bytes)', () => {
    const net = exampleLab('surebackup-basic');
    const result = traced(net, 'vbs', '192.168.150.36', { proto: 'udp', dport: 5555 });
    const [udp, err] = captureFrames(result, net, iface('sf0006-copy', 'eth0'));
    const e = l4(err!);
    expect([e[0], e[1]]).toEqual([3, 3]);
    expect(ip(err!)[1]).toBe(0xc0); // tos: internetwork control
    expect(view(err!).getUint16(14 + 6)).toBe(0); // the kernel's ICMP socket: no DF
    // the copy quotes the datagram it received: what vlab sent on eth1, byte for byte
    expect(Array.from(e.subarray(8))).toEqual(Array.from(ip(udp!)));
    expect(checksumsOk(udp!) && checksumsOk(err!)).toBe(true);
    expect(ICMP_QUOTE_MAX).toBe(548);
  });

  it('a related ICMP error translated by conntrack carries the translated quote, checksums redone', () => {
    const net = kernelLab(
      (d) =>
        (dev(d, 'vlab').iptables.filter = {
          FORWARD: ['-p icmp -j REJECT --reject-with icmp-admin-prohibited'],
        }),
    );
    const result = traced(net, 'vbs', '192.168.150.36');
    const [req, err] = captureFrames(result, net, iface('vbs', 'eth0'));
    const quoted = l4(err!).subarray(8);
    const q = new DataView(quoted.buffer, quoted.byteOffset);
    expect(formatIpv4(q.getUint32(16))).toBe('192.168.150.36'); // de-NETMAPed back
    expect(Array.from(quoted.subarray(20))).toEqual(Array.from(l4(req!)));
    expect(onesSum(quoted, 0, 20)).toBe(0xffff);
    expect(checksumsOk(err!)).toBe(true);
  });

  it('encodes any header without throwing and keeps the protocol field', () => {
    const bytes = ipPacket(
      {
        src: 1 as never,
        dst: 2 as never,
        proto: 47,
        sport: 0,
        dport: 0,
        icmpType: 0,
        icmpCode: 0,
        tcpFlags: 0,
        ttl: 9,
        tos: 0,
      },
      'request',
      0,
    );
    expect([bytes.length, bytes[9], bytes[8]]).toEqual([20, 47, 9]);
  });
});
