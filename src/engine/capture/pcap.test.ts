import { describe, expect, it } from 'vitest';
import { LINKTYPE_ETHERNET, PCAP_SNAPLEN, readPcap, writePcap } from './pcap.ts';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');

describe('classic pcap writer', () => {
  it('writes the little-endian global header: magic, version 2.4, UTC, snaplen, LINKTYPE_ETHERNET', () => {
    const f = writePcap([]);
    expect(hex(f)).toBe('d4 c3 b2 a1 02 00 04 00 00 00 00 00 00 00 00 00 00 00 04 00 01 00 00 00');
    expect(PCAP_SNAPLEN).toBe(0x40000);
    expect(LINKTYPE_ETHERNET).toBe(1);
  });

  it('splits the time into seconds and microseconds and records caplen = len', () => {
    const f = writePcap([{ time: 1_735_689_600_000_123, bytes: new Uint8Array([0xaa, 0xbb, 0xcc]) }]);
    expect(hex(f.subarray(24))).toBe('80 85 74 67 7b 00 00 00 03 00 00 00 03 00 00 00 aa bb cc');
  });

  it('reads back what it wrote, in order', () => {
    const records = [
      { time: 1_000_000_000_000_001, bytes: new Uint8Array([1, 2, 3, 4]) },
      { time: 1_000_000_000_999_999, bytes: new Uint8Array(60).fill(7) },
    ];
    const back = readPcap(writePcap(records));
    expect(back?.linktype).toBe(1);
    expect(back?.records).toEqual(records);
  });

  it('refuses a truncated file or another format', () => {
    const f = writePcap([{ time: 0, bytes: new Uint8Array(10) }]);
    expect(readPcap(f.subarray(0, f.length - 1))).toBeNull();
    expect(readPcap(new Uint8Array(24))).toBeNull();
  });
});
