import { describe, expect, it } from 'vitest';
import { captureFileName } from './file-name.ts';

describe('capture file names', () => {
  it('lab, device and interface, with only safe characters', () => {
    expect(
      captureFileName('Seed lab: SureBackup (basic)', { kind: 'iface', device: 'vlab', iface: 'eth1' }),
    ).toBe('Seed-lab-SureBackup-basic-vlab-eth1.pcap');
    expect(
      captureFileName('surebackup-basic', { kind: 'iface', device: 'sf0006-copy', iface: 'eth0.222' }),
    ).toBe('surebackup-basic-sf0006-copy-eth0.222.pcap');
  });

  it('a segment capture names the segment; no path separators or leading dots survive', () => {
    expect(captureFileName('../../etc/passwd', { kind: 'segment', segment: 'iso/../x' })).toBe(
      'etc-passwd-iso-..-x.pcap',
    );
    expect(captureFileName('', { kind: 'segment', segment: '' })).toBe('capture.pcap');
    expect(captureFileName('Réseau été', { kind: 'segment', segment: 'prod' })).toBe('Reseau-ete-prod.pcap');
  });
});
