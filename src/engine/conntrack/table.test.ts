import { describe, expect, it } from 'vitest';
import { ipv4, type Ipv4 } from '../addr/ipv4.ts';
import {
  IPPROTO_ICMP,
  IPPROTO_TCP,
  IPPROTO_UDP,
  TCP_ACK,
  TCP_RST,
  TCP_SYN,
  type Header,
} from '../model/packet.ts';
import { canStart, CtTable, resolveConntrack } from './table.ts';
import { formatTuple, invert, tupleHash, tupleOf, type Tuple } from './tuple.ts';

const h = (p: Partial<Header>): Header => ({
  src: ipv4('10.0.0.1'),
  dst: ipv4('10.0.0.2'),
  proto: IPPROTO_ICMP,
  sport: 7,
  dport: 0,
  icmpType: 8,
  icmpCode: 0,
  tcpFlags: 0,
  ttl: 64,
  tos: 0,
  ...p,
});

describe('tuples', () => {
  it('an echo request inverts to an echo reply with the same id; a reply type has no new connection', () => {
    const t = tupleOf(h({}));
    expect(formatTuple(t)).toBe('src=10.0.0.1 dst=10.0.0.2 type=8 code=0 id=7');
    expect(formatTuple(invert(t)!)).toBe('src=10.0.0.2 dst=10.0.0.1 type=0 code=0 id=7');
    expect(invert(tupleOf(h({ icmpType: 3 })))).toBe(null);
  });
  it('TCP/UDP swap addresses and ports', () => {
    expect(formatTuple(invert(tupleOf(h({ proto: IPPROTO_UDP, sport: 40000, dport: 53 })))!)).toBe(
      'src=10.0.0.2 dst=10.0.0.1 sport=53 dport=40000',
    );
  });
});

describe('what may start a connection (icmp_new, tcp_new with tcp_loose)', () => {
  it.each([
    [h({}), true],
    [h({ icmpType: 0 }), false],
    [h({ icmpType: 3 }), false],
    [h({ proto: IPPROTO_TCP, tcpFlags: TCP_SYN }), true],
    [h({ proto: IPPROTO_TCP, tcpFlags: TCP_ACK }), true],
    [h({ proto: IPPROTO_TCP, tcpFlags: TCP_SYN | TCP_ACK }), false],
    [h({ proto: IPPROTO_TCP, tcpFlags: TCP_RST }), false],
    [h({ proto: IPPROTO_UDP }), true],
  ])('%#', (hdr, want) => expect(canStart(hdr)).toBe(want));
});

describe('the table', () => {
  it('first packet NEW (unconfirmed), again NEW until a reply, reply ESTABLISHED', () => {
    const t = new CtTable();
    const req = resolveConntrack(t, h({}))!;
    expect([req.info, req.dir, req.ct.status.confirmed]).toEqual(['NEW', 'ORIGINAL', false]);
    expect(t.find(tupleOf(h({})))).toBeUndefined(); // lookups see confirmed entries only
    expect(t.confirm(req.ct)).toBe(true);
    expect(resolveConntrack(t, h({}))).toMatchObject({ info: 'NEW', dir: 'ORIGINAL' });
    const rep = resolveConntrack(t, h({ src: ipv4('10.0.0.2'), dst: ipv4('10.0.0.1'), icmpType: 0 }))!;
    expect([rep.info, rep.dir, rep.ct]).toEqual(['ESTABLISHED', 'REPLY', req.ct]);
  });
  it('a reply without a connection is INVALID', () => {
    expect(resolveConntrack(new CtTable(), h({ icmpType: 0 }))).toBe(null);
  });
  it('confirm refuses a tuple that is already taken', () => {
    const t = new CtTable();
    expect(t.confirm(t.create(tupleOf(h({}))))).toBe(true);
    expect(t.confirm(t.create(tupleOf(h({}))))).toBe(false);
  });
  it('a connection to itself (both tuples equal) is found in the REPLY direction', () => {
    const t = new CtTable();
    const udp = h({
      proto: IPPROTO_UDP,
      src: ipv4('10.0.0.1'),
      dst: ipv4('10.0.0.1'),
      sport: 5000,
      dport: 5000,
    });
    const ref = resolveConntrack(t, udp)!;
    expect(t.confirm(ref.ct)).toBe(true);
    expect(t.find(tupleOf(udp))).toMatchObject({ ct: ref.ct, dir: 'REPLY' });
  });
  it('tuples whose hashes collide are told apart', () => {
    // search UDP tuples for two with the same 30-bit hash (a birthday search: ~2^15 tuples)
    const seen = new Map<number, Tuple>();
    let pair: [Tuple, Tuple] | null = null;
    for (let i = 0; pair === null && i < 1 << 20; i++) {
      const u = tupleOf(h({ proto: IPPROTO_UDP, src: (0x0a000000 + i) as Ipv4, sport: 1000, dport: 53 }));
      const other = seen.get(tupleHash(u));
      if (other) pair = [other, u];
      else seen.set(tupleHash(u), u);
    }
    expect(pair).not.toBe(null);
    const [a, b] = pair!;
    expect(tupleHash(a)).toBe(tupleHash(b));
    const t = new CtTable();
    const ca = t.create(a);
    expect(t.confirm(ca)).toBe(true);
    expect(t.find(b)).toBeUndefined();
    expect(t.taken(b, ca)).toBe(false);
    const cb = t.create(b);
    expect(t.confirm(cb)).toBe(true);
    expect(t.find(a)?.ct).toBe(ca);
    expect(t.find(b)?.ct).toBe(cb);
    expect(t.find(invert(b)!)).toMatchObject({ ct: cb, dir: 'REPLY' });
    expect(t.confirm(t.create(b))).toBe(false);
  });
});
