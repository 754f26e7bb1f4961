/**
 * The Export dialog: every format gives the CLI's text byte for byte (the CLI is run as a separate
 * process on the seed lab), the device picker, Copy and Download, the pictures, and a lab that does
 * not compile.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LabDocument } from '../../engine/lab/format.ts';
import { loadLab } from '../../lab/load.ts';
import { createLabStore } from '../../state/lab-store.ts';
import { LabStoreProvider } from '../app/store-context.tsx';
import { useUi } from '../app/ui-state.ts';
import { ExportDialog } from './ExportDialog.tsx';

const png = vi.fn<() => Promise<string>>();
vi.mock('../canvas/use-canvas-image.ts', () => ({ useCanvasImage: () => ({ png }) }));

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SEED_FILE = 'public/labs/surebackup-basic.lab.json';
const SEED_TEXT = readFileSync(path.join(ROOT, SEED_FILE), 'utf8');
const HOSTILE = '<img src=x onerror=alert(1)>';

function seedDoc(): LabDocument {
  const r = loadLab(SEED_TEXT);
  if (!r.doc) throw new Error('the seed lab does not load');
  return r.doc;
}

/** [format, device] → what `natlab export` prints, run as its own process. */
const CASES: [string, string | undefined][] = [
  ['netns-script', undefined],
  ['json', undefined],
  ['json-expanded', undefined],
  ['markdown', undefined],
  ['veeam-powershell', undefined],
  ...['iptables-save', 'nft', 'ip', 'ifupdown', 'linux-routes', 'windows-routes'].flatMap((f) =>
    ['vlab', 'vbs', 'gateway'].map((d) => [f, d] as [string, string]),
  ),
];
type CliOut = Record<string, { code: number; stdout: string; stderr: string }>;
let CLI: CliOut;

beforeAll(() => {
  const script = `
    import { readFileSync } from 'node:fs';
    const { main } = await import(${JSON.stringify(path.join(ROOT, 'src/cli/main.ts'))});
    const cases = ${JSON.stringify(CASES)};
    const out = {};
    for (const [format, device] of cases) {
      const r = { stdout: '', stderr: '' };
      const io = {
        stdout: (s) => (r.stdout += s),
        stderr: (s) => (r.stderr += s),
        readFile: (p) => readFileSync(p, 'utf8'),
        now: () => new Date(0),
      };
      const args = ['export', ${JSON.stringify(SEED_FILE)}, '--format', format, ...(device ? ['--device', device] : [])];
      r.code = main(args, io);
      out[format + ':' + (device ?? '')] = r;
    }
    process.stdout.write(JSON.stringify(out));
  `;
  CLI = JSON.parse(
    execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    }),
  ) as CliOut;
}, 60_000);

let onClose: ReturnType<typeof vi.fn<() => void>>;

function renderDialog(doc: LabDocument = seedDoc()) {
  const store = createLabStore(doc);
  onClose = vi.fn<() => void>();
  render(
    <LabStoreProvider store={store}>
      <ExportDialog onClose={onClose} />
    </LabStoreProvider>,
  );
  return store;
}

const dialog = () => screen.getByTestId('export-dialog');
const preview = () => screen.getByTestId('export-preview');
function choose(format: string, device?: string) {
  fireEvent.change(screen.getByTestId('export-format'), { target: { value: format } });
  if (device) fireEvent.change(screen.getByTestId('export-device'), { target: { value: device } });
}

/** Downloads started by the dialog: file name, and the text of the blob (or the data URL). */
function captureDownloads() {
  const blobs = new Map<string, Blob>();
  let n = 0;
  vi.stubGlobal('URL', {
    ...URL,
    createObjectURL: (b: Blob) => {
      const url = `blob:test/${n++}`;
      blobs.set(url, b);
      return url;
    },
    revokeObjectURL: () => {},
  });
  const got: { name: string; href: string; blob?: Blob }[] = [];
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    const href = this.getAttribute('href') ?? '';
    got.push({ name: this.download, href, ...(blobs.has(href) ? { blob: blobs.get(href)! } : {}) });
  });
  return got;
}

beforeEach(() => {
  png.mockReset();
  useUi.setState({ dockTab: 'rules', dialog: 'export' });
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('ExportDialog', () => {
  it('gives every format exactly as the CLI prints it (surebackup-basic)', () => {
    renderDialog();
    for (const [format, device] of CASES) {
      const cli = CLI[`${format}:${device ?? ''}`]!;
      expect(cli.code, `${format} ${device}: ${cli.stderr}`).toBe(0);
      choose(format, device);
      expect(preview().textContent, `${format} ${device ?? ''}`).toBe(cli.stdout);
      // exporter warnings: what the CLI prints on stderr, shown above the preview
      const warnings = cli.stderr
        .split('\n')
        .filter(Boolean)
        .map((l) => l.replace(/^natlab: warning: /, ''));
      const shown = screen.queryByTestId('export-warnings');
      expect(
        shown
          ? within(shown)
              .getAllByRole('listitem')
              .map((li) => li.textContent)
          : [],
      ).toEqual(warnings);
    }
    // at least one case has warnings, so the comparison above is not vacuous
    expect(CASES.some(([f, d]) => CLI[`${f}:${d ?? ''}`]!.stderr)).toBe(true);
  });

  it('per-device formats pick the appliance by default and list every compiled device', () => {
    renderDialog();
    const device = screen.getByTestId('export-device') as HTMLSelectElement;
    expect(device.value).toBe('vlab');
    expect([...device.options].map((o) => o.value)).toEqual([
      'gateway',
      'vbs',
      'sf0006',
      'sf0006-copy',
      'vlab',
    ]);
    expect(preview().textContent).toContain(
      '-A PREROUTING -d 192.168.150.0/24 -i eth0 -j NETMAP --to 192.168.149.0/24',
    );
    choose('json');
    expect(screen.queryByTestId('export-device')).toBeNull();
  });

  it('netns-script takes a namespace prefix', () => {
    renderDialog();
    choose('netns-script');
    fireEvent.change(screen.getByTestId('export-prefix'), { target: { value: 'ws1-' } });
    expect(preview().textContent).toContain('NSS=(ws1-prod ws1-iso ws1-gateway');
    fireEvent.change(screen.getByTestId('export-prefix'), { target: { value: 'bad prefix!' } });
    expect(screen.queryByTestId('export-preview')).toBeNull();
    expect(screen.getByTestId('export-blocked').textContent).toMatch(/prefix/);
    expect((screen.getByTestId('export-download') as HTMLButtonElement).disabled).toBe(true);
  });

  it('Download saves the preview under a sensible file name', async () => {
    const got = captureDownloads();
    renderDialog();
    const names: string[] = [];
    for (const [format, device] of [
      ['iptables-save', 'vlab'],
      ['nft', 'vlab'],
      ['ip', 'gateway'],
      ['ifupdown', 'vlab'],
      ['netns-script', undefined],
      ['markdown', undefined],
      ['veeam-powershell', undefined],
      ['json', undefined],
    ] as const) {
      choose(format, device);
      const text = preview().textContent;
      fireEvent.click(screen.getByTestId('export-download'));
      const last = got[got.length - 1]!;
      names.push(last.name);
      expect(await last.blob!.text()).toBe(text);
    }
    expect(names).toEqual([
      'surebackup-basic-virtual-lab-vlab.iptables-save',
      'surebackup-basic-virtual-lab-vlab.nft',
      'surebackup-basic-virtual-lab-gateway.sh',
      'surebackup-basic-virtual-lab-vlab.interfaces',
      'surebackup-basic-virtual-lab.sh',
      'surebackup-basic-virtual-lab.md',
      'surebackup-basic-virtual-lab.ps1',
      'surebackup-basic-virtual-lab.lab.json',
    ]);
  });

  it('Copy uses the clipboard, and falls back to execCommand without it', async () => {
    const writeText = vi.fn<(t: string) => Promise<void>>().mockResolvedValue(undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    renderDialog();
    fireEvent.click(screen.getByTestId('export-copy'));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(preview().textContent));
    await screen.findByText('Copied to the clipboard.');

    vi.stubGlobal('navigator', { ...navigator, clipboard: undefined });
    const exec = vi.fn(() => true);
    Object.defineProperty(document, 'execCommand', { value: exec, configurable: true });
    choose('json');
    fireEvent.click(screen.getByTestId('export-copy'));
    await waitFor(() => expect(exec).toHaveBeenCalledWith('copy'));
    await screen.findByText('Copied to the clipboard.');
    // the temporary textarea went inside the modal dialog, and is gone again
    expect(dialog().querySelectorAll('textarea')).toHaveLength(0);
  });

  it('PNG: the canvas picture through useCanvasImage, downloaded as <lab>.png', async () => {
    const got = captureDownloads();
    png.mockResolvedValue('data:image/png;base64,iVBORw0KGgo=');
    renderDialog();
    fireEvent.click(screen.getByTestId('export-png'));
    await waitFor(() => expect(got).toHaveLength(1));
    expect(got[0]).toEqual({
      name: 'surebackup-basic-virtual-lab.png',
      href: 'data:image/png;base64,iVBORw0KGgo=',
    });

    choose('png');
    await waitFor(() =>
      expect(within(preview()).getByRole('img').getAttribute('src')).toMatch(/^data:image\/png/),
    );
    expect(png).toHaveBeenCalledTimes(2);

    png.mockRejectedValue(new Error('the canvas is not shown'));
    choose('json');
    choose('png');
    expect((await screen.findByRole('alert')).textContent).toContain('the canvas is not shown');
  });

  it('SVG: a drawing from the model that parses as XML', async () => {
    const got = captureDownloads();
    renderDialog();
    fireEvent.click(screen.getByTestId('export-svg'));
    expect(got[0]!.name).toBe('surebackup-basic-virtual-lab.svg');
    const svg = await got[0]!.blob!.text();
    const xml = new DOMParser().parseFromString(svg, 'image/svg+xml');
    expect(xml.getElementsByTagName('parsererror')).toHaveLength(0);
    expect(xml.documentElement.localName).toBe('svg');
    expect(xml.documentElement.namespaceURI).toBe('http://www.w3.org/2000/svg');
    expect([...xml.getElementsByTagName('text')].map((t) => t.textContent)).toContain('vLab proxy appliance');

    choose('svg');
    const img = within(preview()).getByRole('img');
    expect(
      decodeURIComponent(img.getAttribute('src')!.replace(/^data:image\/svg\+xml;charset=utf-8,/, '')),
    ).toBe(svg);
  });

  it('a lab that does not compile: compiled formats say why and lead to the Problems panel; json and SVG still work', async () => {
    const doc = seedDoc();
    const broken: LabDocument = {
      ...doc,
      devices: doc.devices.map((d) =>
        d.id === 'vbs' ? { ...d, routes: [{ to: 'default', via: '10.99.99.1' }] } : d,
      ),
    };
    const got = captureDownloads();
    renderDialog(broken);
    const blocked = screen.getByTestId('export-blocked');
    expect(blocked.textContent).toMatch(/does not compile \(\d+ errors?\)/);
    expect(screen.queryByTestId('export-preview')).toBeNull();
    expect((screen.getByTestId('export-copy') as HTMLButtonElement).disabled).toBe(true);
    for (const f of ['netns-script', 'json-expanded', 'markdown', 'veeam-powershell', 'nft']) {
      choose(f);
      expect(screen.getByTestId('export-blocked').textContent, f).toMatch(/Problems panel/);
    }
    choose('json');
    expect(JSON.parse(preview().textContent!)).toEqual(broken);
    choose('svg');
    expect(within(preview()).getByRole('img').getAttribute('src')).toMatch(/^(blob:|data:image\/svg\+xml)/);
    fireEvent.click(screen.getByTestId('export-svg'));
    expect(await got[0]!.blob!.text()).toContain('<svg');

    choose('iptables-save');
    fireEvent.click(screen.getByTestId('export-show-problems'));
    expect(useUi.getState().dockTab).toBe('problems');
    expect(onClose).toHaveBeenCalled();
  });

  it('a lab without a virtual-lab design: the design formats say so', () => {
    const r = loadLab(readFileSync(path.join(ROOT, 'public/labs/dnat-redirect.lab.json'), 'utf8'));
    renderDialog(r.doc!);
    choose('markdown');
    expect(screen.getByTestId('export-blocked').textContent).toMatch(/no virtual-lab design/);
    expect(screen.queryByTestId('export-show-problems')).toBeNull();
  });

  it('hostile names are shown as text, never as markup', async () => {
    const doc = seedDoc();
    const hostile: LabDocument = {
      ...doc,
      name: `${HOSTILE} &"'`,
      devices: doc.devices.map((d) => (d.id === 'gateway' ? { ...d, name: HOSTILE } : d)),
    };
    const got = captureDownloads();
    renderDialog(hostile);
    expect(document.querySelector('img[src="x"]')).toBeNull();
    const option = [...(screen.getByTestId('export-device') as HTMLSelectElement).options].find(
      (o) => o.value === 'gateway',
    )!;
    expect(option.textContent).toContain(HOSTILE);
    choose('json');
    expect(preview().textContent).toContain(JSON.stringify(`${HOSTILE} &"'`));
    choose('svg');
    expect(document.querySelector('img[src="x"]')).toBeNull();
    fireEvent.click(screen.getByTestId('export-svg'));
    // the file name keeps only safe characters
    expect(got[0]!.name).toBe('img-src-x-onerror-alert-1.svg');
    const svg = await got[0]!.blob!.text();
    const xml = new DOMParser().parseFromString(svg, 'image/svg+xml');
    expect(xml.getElementsByTagName('parsererror')).toHaveLength(0);
    expect(xml.getElementsByTagName('img')).toHaveLength(0);
    expect(xml.getElementsByTagName('title')[0]!.textContent).toBe(`${HOSTILE} &"'`);
  });
});
