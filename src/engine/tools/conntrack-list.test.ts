/** One `conntrack -L` line per entry state, and flushing (the kernel comparison: src/kernel/console.test.ts). */
import { describe, expect, it } from 'vitest';
import { ipv4 } from '../addr/ipv4.ts';
import { CtTable } from '../conntrack/table.ts';
import type { Tuple } from '../conntrack/tuple.ts';
import { flushTable, formatCtEntry } from './conntrack-list.ts';

function entry(t: CtTable, orig: Tuple, replied: boolean) {
  const e = t.create(orig);
  e.status.seenReply = replied;
  t.confirm(e);
  return e;
}
const tuple = (proto: number, src: string, sport: number, dst: string, dport: number): Tuple => ({
  proto,
  src: ipv4(src),
  sport,
  dst: ipv4(dst),
  dport,
});

describe('formatCtEntry', () => {
  const t = new CtTable();
  it('icmp: the echo tuple both ways, UNREPLIED until the reply passed', () => {
    const e = entry(t, tuple(1, '10.0.0.1', 4242, '10.0.0.2', 8 << 8), false);
    expect(formatCtEntry(e)).toBe(
      'icmp     1 30 src=10.0.0.1 dst=10.0.0.2 type=8 code=0 id=4242 [UNREPLIED] src=10.0.0.2 dst=10.0.0.1 type=0 code=0 id=4242 mark=0 use=1',
    );
    e.status.seenReply = true;
    e.mark = 6;
    expect(formatCtEntry(e)).toBe(
      'icmp     1 30 src=10.0.0.1 dst=10.0.0.2 type=8 code=0 id=4242 src=10.0.0.2 dst=10.0.0.1 type=0 code=0 id=4242 mark=6 use=1',
    );
  });

  it('tcp: SYN_SENT (120 s) before the answer, SYN_RECV (60 s) after', () => {
    const e = entry(t, tuple(6, '10.0.0.1', 40000, '10.0.0.2', 443), false);
    expect(formatCtEntry(e)).toBe(
      'tcp      6 120 SYN_SENT src=10.0.0.1 dst=10.0.0.2 sport=40000 dport=443 [UNREPLIED] src=10.0.0.2 dst=10.0.0.1 sport=443 dport=40000 mark=0 use=1',
    );
    e.status.seenReply = true;
    expect(formatCtEntry(e)).toMatch(
      /^tcp {6}6 60 SYN_RECV src=10\.0\.0\.1 .* sport=443 dport=40000 mark=0 use=1$/,
    );
  });

  it('udp 30 s, never ASSURED; another protocol: its name or unknown, 600 s, addresses only', () => {
    const u = entry(t, tuple(17, '10.0.0.1', 40000, '10.0.0.2', 53), true);
    expect(formatCtEntry(u)).toBe(
      'udp      17 30 src=10.0.0.1 dst=10.0.0.2 sport=40000 dport=53 src=10.0.0.2 dst=10.0.0.1 sport=53 dport=40000 mark=0 use=1',
    );
    expect(formatCtEntry(entry(t, tuple(47, '10.0.0.1', 0, '10.0.0.3', 0), false))).toBe(
      'gre      47 600 src=10.0.0.1 dst=10.0.0.3 [UNREPLIED] src=10.0.0.3 dst=10.0.0.1 mark=0 use=1',
    );
    expect(formatCtEntry(entry(t, tuple(99, '10.0.0.1', 0, '10.0.0.4', 0), false))).toMatch(
      /^unknown {2}99 600 /,
    );
  });

  it('flushTable empties the table: nothing listed, nothing found', () => {
    const e = entry(t, tuple(1, '10.0.0.9', 1, '10.0.0.2', 8 << 8), false);
    flushTable(t);
    expect(t.entries).toEqual([]);
    expect(t.find(e.orig)).toBeUndefined();
  });
});
