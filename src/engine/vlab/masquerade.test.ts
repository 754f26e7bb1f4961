/**
 * The masquerade network proposal: same size as the isolated network, overlapping nothing the lab
 * uses, deterministic, in private space — by example and as properties over random labs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  broadcastOf,
  canonical,
  cidr,
  formatCidr,
  inPrefix,
  prefixesOverlap,
  type Cidr,
  type Ipv4,
} from '../addr/ipv4.ts';
import { PRIVATE_RANGES, proposeMasquerade, usedPrefixes } from './masquerade.ts';
import { publicLab } from './vlab.test-support.ts';

const propose = (iso: string, used: string[] = []) => {
  const p = proposeMasquerade(cidr(iso), used.map(cidr));
  return p && formatCidr(p);
};

describe('proposeMasquerade', () => {
  it.each<[string, string[], string | undefined]>([
    // seed 000: "192.168.149.x … 192.168.150.x"
    ['192.168.149.0/24', [], '192.168.150.0/24'],
    ['10.10.20.0/24', [], '10.10.21.0/24'],
    ['192.168.148.0/22', [], '192.168.152.0/22'],
    ['172.16.5.32/27', [], '172.16.5.64/27'],
    // used space is skipped, whatever its size
    ['192.168.149.0/24', ['192.168.150.0/23'], '192.168.152.0/24'],
    ['192.168.149.0/24', ['192.168.150.7', '192.168.151.0/24'], '192.168.152.0/24'],
    ['192.168.149.0/24', ['192.168.0.0/17', '192.168.150.0/24'], '192.168.151.0/24'],
    // the end of the private range wraps around to its start
    ['192.168.255.0/24', [], '192.168.0.0/24'],
    ['172.31.255.0/24', [], '172.16.0.0/24'],
    // the whole range used: the next private range
    ['192.168.1.0/24', ['192.168.0.0/16'], '10.0.0.0/24'],
    // public production networks get a private masquerade network
    ['203.0.113.0/24', [], '10.0.0.0/24'],
    ['203.0.113.0/24', ['10.0.0.0/8'], '172.16.0.0/24'],
    // nothing of that size is free
    ['10.0.0.0/8', [], undefined],
    ['10.0.0.0/7', [], undefined],
  ])('%s, used %j → %s', (iso, used, want) => {
    expect(propose(iso, used)).toBe(want);
  });

  it('usedPrefixes: addresses, routes (not default), production parameters and every design address', () => {
    const used = usedPrefixes(publicLab('surebackup-multi-network')).map(formatCidr);
    expect(used).toEqual(
      expect.arrayContaining([
        '192.168.149.0/24', // subnet of prod and of the drawn addresses
        '10.10.20.0/24',
        '192.168.149.20/32', // DNS
        '192.168.150.0/24', // a stated masquerade network
        '192.168.149.110/32', // an access IP
      ]),
    );
    expect(used).not.toContain('0.0.0.0/0');
  });
});

/** A random prefix: any length 8..30, anywhere (the production network may be public). */
const prefixArb = fc
  .tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 8, max: 30 }))
  .map(([a, len]) => canonical({ addr: (a >>> 0) as Ipv4, len }));
/** Random used space near the private ranges, where proposals land. */
const usedArb = fc.array(
  fc
    .tuple(
      fc.constantFrom(...PRIVATE_RANGES),
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.integer({ min: 8, max: 32 }),
    )
    .map(([range, off, len]) => {
      const size = 2 ** (32 - range.len);
      return canonical({ addr: ((range.addr + (off % size)) >>> 0) as Ipv4, len: Math.max(len, range.len) });
    }),
  { maxLength: 40 },
);

describe('proposeMasquerade (properties)', () => {
  it('same size, a network, private, overlapping neither the isolated network nor anything used', () => {
    fc.assert(
      fc.property(prefixArb, usedArb, (iso, used) => {
        const p = proposeMasquerade(iso, used);
        if (!p) return;
        expect(p.len).toBe(iso.len);
        expect(canonical(p)).toEqual(p);
        expect(PRIVATE_RANGES.some((r) => r.len <= p.len && inPrefix(p.addr, r))).toBe(true);
        expect(prefixesOverlap(p, iso)).toBe(false);
        for (const u of used) expect(prefixesOverlap(p, u), formatCidr(u)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('deterministic: the same lab gets the same proposal, whatever order it lists things in', () => {
    fc.assert(
      fc.property(prefixArb, usedArb, fc.integer(), (iso, used, seed) => {
        const shuffled = [...used].sort((a, b) => ((a.addr ^ seed) >>> 0) - ((b.addr ^ seed) >>> 0));
        expect(proposeMasquerade(iso, shuffled)).toEqual(proposeMasquerade(iso, used));
      }),
      { numRuns: 500 },
    );
  });

  it('gives up only when no block of that size is free in any private range (checked by brute force)', () => {
    // /20 … /24 in 192.168/16 with much of it used: small enough to enumerate every block
    const small = fc
      .tuple(fc.integer({ min: 20, max: 24 }), fc.integer({ min: 0, max: 255 }))
      .map(([len, k]) => canonical({ addr: ((0xc0a80000 + k * 256) >>> 0) as Ipv4, len }));
    const lots = fc.array(
      fc
        .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 17, max: 24 }))
        .map(([k, len]) => canonical({ addr: ((0xc0a80000 + k * 256) >>> 0) as Ipv4, len })),
      { maxLength: 60 },
    );
    fc.assert(
      fc.property(small, lots, (iso, used) => {
        const all = [...used, cidr('10.0.0.0/8'), cidr('172.16.0.0/12')];
        const p = proposeMasquerade(iso, all);
        const free: Cidr[] = [];
        for (let a = 0xc0a80000; a <= broadcastOf(cidr('192.168.0.0/16')); a += 2 ** (32 - iso.len)) {
          const c = { addr: (a >>> 0) as Ipv4, len: iso.len };
          if (!prefixesOverlap(c, iso) && !all.some((u) => prefixesOverlap(c, u))) free.push(c);
        }
        expect(p === undefined).toBe(free.length === 0);
        // and it is the first free block after the isolated network, wrapping around
        if (p) {
          const after = free.find((c) => c.addr > iso.addr) ?? free[0];
          expect(p).toEqual(after);
        }
      }),
      { numRuns: 500 },
    );
  });
});
