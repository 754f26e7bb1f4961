/**
 * The classic libpcap file format (pcap-savefile(5)): a 24-byte global header, then per packet a
 * 16-byte record header and the bytes. Little-endian (magic 0xa1b2c3d4 written as d4 c3 b2 a1),
 * microsecond timestamps, LINKTYPE_ETHERNET. Wireshark, tcpdump and every libpcap reader open it.
 */

export const PCAP_MAGIC_USEC = 0xa1b2c3d4;
export const LINKTYPE_ETHERNET = 1;
/** tcpdump's default snapshot length. */
export const PCAP_SNAPLEN = 262144;

export interface PcapRecord {
  /** Microseconds since the Unix epoch. */
  readonly time: number;
  readonly bytes: Uint8Array;
}

/** A complete `.pcap` file holding the records in order. */
export function writePcap(records: readonly PcapRecord[]): Uint8Array {
  const size = 24 + records.reduce((n, r) => n + 16 + Math.min(r.bytes.length, PCAP_SNAPLEN), 0);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  v.setUint32(0, PCAP_MAGIC_USEC, true);
  v.setUint16(4, 2, true); // version 2.4
  v.setUint16(6, 4, true);
  v.setInt32(8, 0, true); // thiszone: timestamps are UTC
  v.setUint32(12, 0, true); // sigfigs
  v.setUint32(16, PCAP_SNAPLEN, true);
  v.setUint32(20, LINKTYPE_ETHERNET, true);
  let o = 24;
  for (const r of records) {
    const caplen = Math.min(r.bytes.length, PCAP_SNAPLEN);
    v.setUint32(o, Math.floor(r.time / 1e6), true);
    v.setUint32(o + 4, r.time % 1e6, true);
    v.setUint32(o + 8, caplen, true);
    v.setUint32(o + 12, r.bytes.length, true);
    out.set(r.bytes.subarray(0, caplen), o + 16);
    o += 16 + caplen;
  }
  return out;
}

/** Reads back a file {@link writePcap} wrote (little-endian, microseconds); null if it is not one. */
export function readPcap(file: Uint8Array): { linktype: number; records: PcapRecord[] } | null {
  if (file.length < 24) return null;
  const v = new DataView(file.buffer, file.byteOffset, file.byteLength);
  if (v.getUint32(0, true) !== PCAP_MAGIC_USEC) return null;
  const records: PcapRecord[] = [];
  let o = 24;
  while (o + 16 <= file.length) {
    const caplen = v.getUint32(o + 8, true);
    if (o + 16 + caplen > file.length) return null;
    const time = v.getUint32(o, true) * 1e6 + v.getUint32(o + 4, true);
    records.push({ time, bytes: file.slice(o + 16, o + 16 + caplen) });
    o += 16 + caplen;
  }
  return o === file.length ? { linktype: v.getUint32(20, true), records } : null;
}
