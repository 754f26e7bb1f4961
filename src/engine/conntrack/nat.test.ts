import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatIpv4, ipv4, type Ipv4 } from '../addr/ipv4.ts';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP } from '../model/packet.ts';
import { beAsLe, jhash2, reciprocalScale } from './jhash.ts';
import { hookManip, natPacket, nullRange, setupInfo, type MutHeader, type NatRange2 } from './nat.ts';
import { netmapAddress } from './netmap.ts';
import { CtTable, type CtRef } from './table.ts';
import { invert, tupleOf, type Tuple } from './tuple.ts';

const range = (min: string, max = min, extra: Partial<NatRange2> = {}): NatRange2 => ({
  ...nullRange(ipv4(min)),
  maxAddr: ipv4(max),
  ...extra,
});

describe('jhash2 (include/linux/jhash.h)', () => {
  it('starts from JHASH_INITVAL (an empty key hashes to 0xdeadbeef)', () => {
    expect(jhash2([], 0)).toBe(0xdeadbeef);
    expect(jhash2([], 1)).toBe(0xdeadbef0);
  });
  it('reciprocal_scale maps into the range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 1, max: 1000 }),
        (j, n) => reciprocalScale(j, n) < n,
      ),
    );
  });
});

describe('DNAT to an address range picks what the kernel picked (semantics §2.5, e10 A)', () => {
  // -j DNAT --to-destination 192.168.149.36-192.168.149.39, three rounds on the kernel:
  // .22 → 192.168.150.36 always got .36, .36 → 192.168.150.36 always .36, .22 → 192.168.150.77 always .39
  const cases: [string, string, string][] = [
    ['192.168.149.22', '192.168.150.36', '192.168.149.36'],
    ['192.168.149.36', '192.168.150.36', '192.168.149.36'],
    ['192.168.149.22', '192.168.150.77', '192.168.149.39'],
  ];
  it.each(cases)('%s → %s maps to %s', (src, dst, want) => {
    const t = new CtTable();
    const ct = t.create({ proto: IPPROTO_ICMP, src: ipv4(src), sport: 7, dst: ipv4(dst), dport: 8 << 8 });
    setupInfo(t, ct, range('192.168.149.36', '192.168.149.39'), 'DST');
    expect(formatIpv4(ct.reply.src)).toBe(want);
  });
  it('is a pure function of the addresses (not of the id)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 65535 }), (id) => {
        const t = new CtTable();
        const ct = t.create({
          proto: IPPROTO_ICMP,
          src: ipv4('192.168.149.22'),
          sport: id,
          dst: ipv4('192.168.150.77'),
          dport: 8 << 8,
        });
        setupInfo(t, ct, range('192.168.149.36', '192.168.149.39'), 'DST');
        return formatIpv4(ct.reply.src) === '192.168.149.39';
      }),
    );
  });
  it('byte order: the hash reads the network-order address as a little-endian word', () => {
    expect(beAsLe(ipv4('192.168.149.22'))).toBe(0x1695a8c0);
  });
});

describe('NETMAP keeps the host bits of the --to prefix (semantics §2.3)', () => {
  it.each([
    ['192.168.150.36', '192.168.149.0/24', '192.168.149.36'],
    ['192.168.150.36', '192.168.160.0/20', '192.168.166.36'],
    ['192.168.150.36', '192.168.149.32/28', '192.168.149.36'],
    ['192.168.150.50', '192.168.149.32/28', '192.168.149.34'],
  ])('%s --to %s → %s (e06 B/C)', (a, to, want) => {
    const [net, len] = to.split('/');
    expect(formatIpv4(netmapAddress(ipv4(a), { addr: ipv4(net!), len: Number(len) }))).toBe(want);
  });
  it('is a bijection between two prefixes of equal length, and inverting it returns the address', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 32 }),
        (a, b, len) => {
          const m = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
          const p = { addr: ((a & m) >>> 0) as Ipv4, len };
          const q = { addr: ((b & m) >>> 0) as Ipv4, len };
          const x = ((p.addr | (b & ~m)) >>> 0) as Ipv4; // any address inside p
          const y = netmapAddress(x, q);
          return (y & m) >>> 0 === q.addr && (y & ~m) >>> 0 === (x & ~m) >>> 0 && netmapAddress(y, p) === x;
        },
      ),
    );
  });
});

/** Random flows through a NAT box: every reply must de-NAT back to the original flow. */
describe('conntrack: replies de-NAT to the original flow (property)', () => {
  const proto = fc.constantFrom(IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP);
  const addr = fc.integer({ min: 0x0a000001, max: 0x0a0000fe }).map((n) => n as Ipv4);
  const port = fc.integer({ min: 1, max: 65535 });
  const flowArb = fc.record({ proto, src: addr, dst: addr, sport: port, dport: port });
  const natArb = fc.record({
    dnat: fc.option(fc.tuple(addr, fc.integer({ min: 0, max: 3 }))),
    snat: fc.option(fc.tuple(addr, fc.integer({ min: 0, max: 3 }))),
  });

  const header = (
    f: { proto: number; src: Ipv4; dst: Ipv4; sport: number; dport: number },
    reply = false,
  ): MutHeader => ({
    src: f.src,
    dst: f.dst,
    sport: f.sport,
    dport: f.proto === IPPROTO_ICMP ? 0 : f.dport,
    proto: f.proto,
    icmpType: f.proto === IPPROTO_ICMP ? (reply ? 0 : 8) : 0,
  });

  it('holds for any mix of flows, DNAT/SNAT ranges and clashes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ flow: flowArb, nat: natArb }), { minLength: 1, maxLength: 12 }),
        (flows) => {
          const table = new CtTable();
          const done: { orig: Tuple; ref: CtRef; wire: MutHeader }[] = [];
          for (const { flow, nat } of flows) {
            const h = header(flow);
            const t = tupleOf({ ...h, icmpCode: 0, tcpFlags: 0, ttl: 64, tos: 0 });
            if (table.find(t) || (invert(t) && table.find(invert(t)!))) continue; // not a new connection
            const ct = table.create(t);
            const ref: CtRef = { ct, dir: 'ORIGINAL', info: 'NEW' };
            // PREROUTING: DNAT or null binding; POSTROUTING: SNAT or null binding (clash → new port/id)
            setupInfo(
              table,
              ct,
              nat.dnat
                ? range(formatIpv4(nat.dnat[0]), formatIpv4((nat.dnat[0] + nat.dnat[1]) >>> 0))
                : nullRange(ct.reply.src),
              'DST',
            );
            natPacket(h, ref, 'prerouting');
            setupInfo(
              table,
              ct,
              nat.snat
                ? range(formatIpv4(nat.snat[0]), formatIpv4((nat.snat[0] + nat.snat[1]) >>> 0))
                : nullRange(ct.reply.dst),
              'SRC',
            );
            natPacket(h, ref, 'postrouting');
            if (!table.confirm(ct)) continue; // a DNAT clash the kernel cannot resolve either
            done.push({ orig: t, ref, wire: h });
          }
          for (const { orig, ref, wire } of done) {
            // the server answers the translated packet; the reply must find its entry and de-NAT to the client
            const reply: MutHeader = {
              src: wire.dst,
              dst: wire.src,
              sport: orig.proto === IPPROTO_ICMP ? wire.sport : wire.dport,
              dport: orig.proto === IPPROTO_ICMP ? 0 : wire.sport,
              proto: orig.proto,
              icmpType: orig.proto === IPPROTO_ICMP ? 0 : 0,
            };
            const rt = tupleOf({ ...reply, icmpCode: 0, tcpFlags: 0, ttl: 64, tos: 0 });
            const hit = table.find(rt);
            if (!hit || hit.ct !== ref.ct || hit.dir !== 'REPLY') return false;
            const rref: CtRef = { ct: hit.ct, dir: 'REPLY', info: 'ESTABLISHED' };
            natPacket(reply, rref, 'prerouting');
            natPacket(reply, rref, 'postrouting');
            if (reply.src !== orig.dst || reply.dst !== orig.src) return false;
            if (
              orig.proto === IPPROTO_ICMP
                ? reply.sport !== orig.sport
                : reply.sport !== orig.dport || reply.dport !== orig.sport
            )
              return false;
          }
          return true;
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('tuple clash (semantics §2.6, e06 G/H)', () => {
  it('two clients with the same ICMP id behind one MASQUERADE address: the second gets another id', () => {
    const table = new CtTable();
    const copy = ipv4('192.168.149.36');
    const masq = ipv4('192.168.149.2');
    const ids: number[] = [];
    for (const client of ['192.168.149.22', '192.168.149.36']) {
      const t: Tuple = { proto: IPPROTO_ICMP, src: ipv4(client), sport: 4242, dst: copy, dport: 8 << 8 };
      const ct = table.create(t);
      setupInfo(table, ct, range(formatIpv4(masq)), 'SRC');
      expect(table.confirm(ct)).toBe(true);
      ids.push(ct.reply.sport);
      expect(ct.reply.dst).toBe(masq);
    }
    expect(ids[0]).toBe(4242); // the first keeps its id
    expect(ids[1]).not.toBe(4242); // the second is moved (the kernel picks at random)
  });
  it('UDP source ports ≥ 1024 move within 1024–65535', () => {
    const table = new CtTable();
    const ports: number[] = [];
    for (const client of ['192.168.149.22', '192.168.149.36']) {
      const ct = table.create({
        proto: IPPROTO_UDP,
        src: ipv4(client),
        sport: 40000,
        dst: ipv4('192.168.149.36'),
        dport: 7777,
      });
      setupInfo(table, ct, range('192.168.149.2'), 'SRC');
      table.confirm(ct);
      ports.push(ct.reply.dport);
    }
    expect(ports[0]).toBe(40000);
    expect(ports[1]).toBeGreaterThanOrEqual(1024);
    expect(ports[1]).not.toBe(40000);
  });
  it('HOOK2MANIP', () => {
    expect(hookManip('prerouting')).toBe('DST');
    expect(hookManip('output')).toBe('DST');
    expect(hookManip('postrouting')).toBe('SRC');
    expect(hookManip('input')).toBe('SRC');
  });
});
