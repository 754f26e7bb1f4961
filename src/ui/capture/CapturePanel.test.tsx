import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseIpv4 } from '../../engine/addr/ipv4.ts';
import type { Network } from '../../engine/model/network.ts';
import { trace, type Probe } from '../../engine/sim/trace.ts';
import { loadLab } from '../../lab/load.ts';
import { CapturePanel } from './CapturePanel.tsx';

function lab(name: string): Network {
  const r = loadLab(
    readFileSync(path.resolve(import.meta.dirname, `../../../public/labs/${name}.lab.json`), 'utf8'),
  );
  if (!r.ok) throw new Error(`${name} does not load`);
  return r.network;
}

function traced(net: Network, from: string, to: string, more: Omit<Probe, 'from' | 'to'> = {}) {
  const addr = parseIpv4(to);
  const r = addr.ok ? trace(net, { from, to: addr.value, ...more }) : addr;
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** Records the downloads (file name, MIME type, bytes) instead of starting them. */
function captureDownloads() {
  const blobs = new Map<string, Blob>();
  const files: { name: string; type: string; bytes: Promise<ArrayBuffer> }[] = [];
  vi.stubGlobal('URL', {
    ...URL,
    createObjectURL: (b: Blob) => (blobs.set(`blob:${blobs.size}`, b), `blob:${blobs.size - 1}`),
    revokeObjectURL: () => {},
  });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    const b = blobs.get(this.getAttribute('href') ?? '');
    if (b) files.push({ name: this.download, type: b.type, bytes: b.arrayBuffer() });
  });
  return files;
}

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const lines = () => screen.getAllByTestId('capture-line');
const text = (el: HTMLElement) => within(el).getByRole('code').textContent;

describe('CapturePanel', () => {
  it('explains itself before the first trace', () => {
    render(<CapturePanel result={null} network={undefined} labName="seed" />);
    expect(screen.getByTestId('capture-panel').textContent).toMatch(
      /Trace a packet first.*\.pcap file for Wireshark/,
    );
    expect(screen.queryByTestId('capture-download')).toBeNull();
  });

  it('opens on the interface where the packet was rewritten: vlab eth1, request and reply apart', () => {
    const net = lab('surebackup-basic');
    render(
      <CapturePanel result={traced(net, 'vbs', '192.168.150.36')} network={net} labName="surebackup-basic" />,
    );
    const picker = screen.getByLabelText<HTMLSelectElement>('Capture on');
    expect(picker.selectedOptions[0]?.textContent).toBe('vlab eth1 (vLab VM Network)');
    expect(screen.getByTestId('capture-command').textContent).toBe('vlab# tcpdump -n -i eth1');
    expect(lines().map((l) => [l.dataset['leg'], l.className, text(l)])).toEqual([
      [
        'request',
        'capture__line capture__line--request',
        '00:00:00.000100 IP 192.168.149.2 > 192.168.149.36: ICMP echo request, id 4242, seq 1, length 64',
      ],
      [
        'reply',
        'capture__line capture__line--reply',
        '00:00:00.000200 IP 192.168.149.36 > 192.168.149.2: ICMP echo reply, id 4242, seq 1, length 64',
      ],
    ]);
    expect(lines().map((l) => l.querySelector('.capture__tag')?.textContent)).toEqual([
      'request →',
      'reply ←',
    ]);
  });

  it('switches to another interface, a segment, and adds MAC addresses with -e', () => {
    const net = lab('surebackup-basic');
    render(
      <CapturePanel result={traced(net, 'vbs', '192.168.150.36')} network={net} labName="surebackup-basic" />,
    );
    const picker = screen.getByLabelText('Capture on');
    fireEvent.change(picker, { target: { value: 'iface:vlab:eth0' } });
    expect(lines().map(text)).toEqual([
      '00:00:00.000000 IP 192.168.149.22 > 192.168.150.36: ICMP echo request, id 4242, seq 1, length 64',
      '00:00:00.000300 IP 192.168.150.36 > 192.168.149.22: ICMP echo reply, id 4242, seq 1, length 64',
    ]);
    fireEvent.click(screen.getByLabelText('MAC addresses (-e)'));
    expect(text(lines()[0]!)).toMatch(
      /^00:00:00\.000000 02:00:00:00:01:16 > 02:00:00:05:00:02, ethertype IPv4 \(0x0800\), length 98: 192\.168\.149\.22 > /,
    );
    fireEvent.change(picker, { target: { value: 'segment:iso' } });
    expect(screen.getByTestId('capture-command').textContent).toBe(
      '$ tcpdump -n -e -r surebackup-basic-iso.pcap',
    );
    expect(lines()).toHaveLength(2);
    const groups = Array.from(picker.querySelectorAll('optgroup'), (g) => [g.label, g.children.length]);
    expect(groups).toEqual([
      ['Interfaces', 4],
      ['Segments', 2],
    ]);
  });

  it('downloads the capture as a pcap named after lab, device and interface', async () => {
    const files = captureDownloads();
    const net = lab('surebackup-basic');
    render(
      <CapturePanel
        result={traced(net, 'vbs', '192.168.150.36')}
        network={net}
        labName="Seed lab: SureBackup"
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Download .pcap' }));
    expect(files.map((f) => [f.name, f.type])).toEqual([
      ['Seed-lab-SureBackup-vlab-eth1.pcap', 'application/vnd.tcpdump.pcap'],
    ]);
    const bytes = new Uint8Array(await files[0]!.bytes);
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0xd4, 0xc3, 0xb2, 0xa1]);
    expect(bytes.length).toBe(24 + 2 * (16 + 98));
  });

  it('a new trace that does not touch the chosen interface falls back to its own default', () => {
    const net = lab('surebackup-basic');
    const view = render(
      <CapturePanel result={traced(net, 'vbs', '192.168.150.36')} network={net} labName="l" />,
    );
    fireEvent.change(screen.getByLabelText('Capture on'), { target: { value: 'iface:sf0006-copy:eth0' } });
    view.rerender(
      <CapturePanel result={traced(net, 'vbs', '192.168.150.36', { ttl: 1 })} network={net} labName="l" />,
    );
    expect(screen.getByLabelText<HTMLSelectElement>('Capture on').value).toBe('iface:vlab:eth0');
    expect(text(lines()[1]!)).toMatch(/ICMP time exceeded in-transit, length 92$/);
  });

  it('says so when nothing went on a wire', () => {
    const net = lab('surebackup-basic');
    render(<CapturePanel result={traced(net, 'gateway', '203.0.113.9')} network={net} labName="l" />);
    expect(screen.getByTestId('capture-panel').textContent).toMatch(
      /Nothing went on a wire: the packet never left gateway/,
    );
  });
});
