/** Captures of a traced exchange: capture points, frames with real bytes, `.pcap` files, tcpdump lines. */
export { capturePointKey, capturePoints, defaultCapturePoint } from './points.ts';
export type { CapturePoint, CapturePointInfo } from './points.ts';
export { captureFrames, wireEvents } from './frames.ts';
export type { CapturedFrame, WireEvent } from './frames.ts';
export { readPcap, writePcap, LINKTYPE_ETHERNET } from './pcap.ts';
export type { PcapRecord } from './pcap.ts';
export { tcpdumpLines, tcpdumpTime } from './tcpdump.ts';
export type { TcpdumpOptions } from './tcpdump.ts';
export { captureFileName } from './file-name.ts';
