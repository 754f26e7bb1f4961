/** Saving a capture from the browser: the `.pcap` bytes as a file. */
import { downloadBlob } from '../components/download.ts';

/** IANA's media type for libpcap files. */
export const PCAP_MIME = 'application/vnd.tcpdump.pcap';

export function downloadPcap(name: string, bytes: Uint8Array, near?: Element | null): void {
  downloadBlob(name, new Blob([bytes as Uint8Array<ArrayBuffer>], { type: PCAP_MIME }), near);
}
