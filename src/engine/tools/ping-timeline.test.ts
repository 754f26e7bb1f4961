/** When ping's answers arrive: the cases recorded on the kernel (src/kernel/console.test.ts and by hand). */
import { describe, expect, it } from 'vitest';
import type { Ipv4 } from '../addr/ipv4.ts';
import { pingTimeline, type PingAnswer } from './ping-timeline.ts';

const FROM = 0x0a000001 as Ipv4;
const late = (seq: number): PingAnswer => ({
  seq,
  kind: 'error',
  from: FROM,
  text: 'Destination Host Unreachable',
  late: true,
  eperm: false,
});
const reply = (seq: number): PingAnswer => ({ seq, kind: 'reply', from: FROM, ttl: 64 });
const seqs = (n: number, f: (s: number) => PingAnswer) => Array.from({ length: n }, (_, i) => f(i + 1));

describe('pingTimeline', () => {
  it('immediate replies: all shown in order, pipe 1', () => {
    const t = pingTimeline(seqs(3, reply), 3, 10);
    expect(t.shown.map((a) => a.seq)).toEqual([1, 2, 3]);
    expect(t).toMatchObject({ received: 3, errors: 0, pipe: 1 });
  });

  it('ping -c 3 to a dead neighbour: three errors at 3 s, pipe 3', () => {
    expect(pingTimeline(seqs(3, late), 3, 10)).toMatchObject({ errors: 3, pipe: 3 });
  });

  it('ping -c 5: the packet sent at 3 s joins the first batch (pipe 4), the fifth starts another', () => {
    const t = pingTimeline(seqs(5, late), 5, 10);
    expect(t).toMatchObject({ errors: 5, pipe: 4 });
    expect(t.shown.map((a) => a.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('-W: ping -c 2 -W 2 still gets them at 3 s, ping -c 1 -W 2 has stopped waiting', () => {
    expect(pingTimeline(seqs(2, late), 2, 2)).toMatchObject({ errors: 2, pipe: 2 });
    expect(pingTimeline(seqs(1, late), 1, 2)).toMatchObject({ errors: 0, pipe: 0, shown: [] });
  });

  it('after an answer ping waits only 1 s more: a late error for the last packet is lost', () => {
    const t = pingTimeline([reply(1), late(2)], 2, 10);
    expect(t).toMatchObject({ received: 1, errors: 0 });
  });

  it('an answer at the second a batch fails is printed first', () => {
    const t = pingTimeline([late(1), reply(4)], 4, 10);
    expect(t.shown.map((a) => a.seq)).toEqual([4, 1]);
    expect(t.pipe).toBe(4);
  });

  it('a silent sendmsg failure and a lost packet show nothing', () => {
    expect(pingTimeline([{ seq: 1, kind: 'eperm' }, null], 2, 1)).toMatchObject({
      shown: [],
      received: 0,
      errors: 0,
      pipe: 0,
    });
  });
});
