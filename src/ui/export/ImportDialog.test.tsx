/**
 * The Import dialog: a lab file opens (or its problems are listed with their paths), a namespace script
 * becomes a lab (or its problems name the line), a device's dumps go into one drawn device as one undo
 * step. Broken input changes nothing and keeps the pasted text.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LabDocument } from '../../engine/lab/format.ts';
import { loadLab } from '../../lab/load.ts';
import { createLabStore, type LabStore } from '../../state/lab-store.ts';
import { LabStoreProvider } from '../app/store-context.tsx';
import { ImportDialog } from './ImportDialog.tsx';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const read = (p: string) => readFileSync(path.join(ROOT, p), 'utf8');
const SEED_TEXT = read('public/labs/surebackup-basic.lab.json');
const DNAT_TEXT = read('public/labs/dnat-redirect.lab.json');
const SELFTEST = read('src/engine/import/__fixtures__/selftest-style.sh');
const HOSTILE = '<img src=x onerror=alert(1)>';

let onClose: ReturnType<typeof vi.fn<() => void>>;

function renderDialog(): LabStore {
  const store = createLabStore(loadLab(SEED_TEXT).doc!);
  onClose = vi.fn<() => void>();
  render(
    <LabStoreProvider store={store}>
      <ImportDialog onClose={onClose} />
    </LabStoreProvider>,
  );
  return store;
}

const text = () => screen.getByTestId('import-text') as HTMLTextAreaElement;
const paste = (t: string) => fireEvent.change(text(), { target: { value: t } });
const apply = () => fireEvent.click(screen.getByTestId('import-apply'));
const error = () => screen.getByTestId('import-error');
const tab = (id: 'lab' | 'script' | 'device') => fireEvent.click(screen.getByTestId(`import-tab-${id}`));

/** Nothing changed: the same document object, no history, no notice. */
function unchanged(store: LabStore, doc: LabDocument) {
  const s = store.getState();
  expect(s.doc).toBe(doc);
  expect(s.history.past).toHaveLength(0);
  expect(onClose).not.toHaveBeenCalled();
}

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('ImportDialog: lab file', () => {
  it('opens a pasted lab with a fresh history', () => {
    const store = renderDialog();
    store.getState(); // the seed is open
    paste(DNAT_TEXT);
    apply();
    const s = store.getState();
    expect(s.doc.name).toBe(loadLab(DNAT_TEXT).doc!.name);
    expect(s.history.past).toHaveLength(0);
    expect(s.notice).toEqual({ tone: 'info', text: `Opened “${s.doc.name}”.` });
    expect(onClose).toHaveBeenCalled();
  });

  it('reads a chosen file into the text', async () => {
    renderDialog();
    const file = new File([DNAT_TEXT], 'dnat.lab.json', { type: 'application/json' });
    fireEvent.change(screen.getByTestId('import-file'), { target: { files: [file] } });
    await waitFor(() => expect(text().value).toBe(DNAT_TEXT));
  });

  it('broken JSON: the error, nothing changed, the text kept', () => {
    const store = renderDialog();
    const doc = store.getState().doc;
    const broken = '{ "schemaVersion": 2,\n  "name": ';
    paste(broken);
    apply();
    expect(error().textContent).toMatch(/cannot be opened: 1 error/);
    expect(error().textContent).toMatch(/not valid JSON/);
    expect(text().value).toBe(broken);
    expect(text().getAttribute('aria-invalid')).toBe('true');
    unchanged(store, doc);
  });

  it('schema problems are listed with their paths', () => {
    const store = renderDialog();
    const doc = store.getState().doc;
    paste(
      JSON.stringify({
        schemaVersion: 2,
        name: 'x',
        segments: [{ id: 'a', kind: 'bogus' }],
        devices: [{ id: 'd', kind: 'host', interfaces: [{ name: 'eth0', addresses: ['10.0.0.300/24'] }] }],
      }),
    );
    apply();
    const items = within(error())
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(items.some((t) => t!.startsWith('segments[0].kind: '))).toBe(true);
    expect(items.some((t) => t!.startsWith('devices[0].interfaces[0].addresses[0]: '))).toBe(true);
    expect(screen.queryByTestId('import-anyway')).toBeNull(); // not a lab at all
    unchanged(store, doc);
  });

  it('a lab that loads but does not compile: problems listed, and it can be opened anyway', () => {
    const store = renderDialog();
    const doc = store.getState().doc;
    const lab = JSON.parse(DNAT_TEXT) as LabDocument;
    const bad = {
      ...lab,
      devices: lab.devices.map((d, i) =>
        i === 0 ? { ...d, routes: [{ to: 'default', via: '10.99.99.1' }] } : d,
      ),
    };
    paste(JSON.stringify(bad));
    apply();
    expect(error().textContent).toMatch(/devices\[0\]\.routes\[0\]/);
    unchanged(store, doc);
    fireEvent.click(screen.getByTestId('import-anyway'));
    expect(store.getState().doc.name).toBe(lab.name);
    expect(store.getState().notice?.tone).toBe('error');
    expect(onClose).toHaveBeenCalled();
  });

  it('asks for text when there is none', () => {
    const store = renderDialog();
    const doc = store.getState().doc;
    apply();
    expect(error().textContent).toMatch(/Paste a lab file/);
    unchanged(store, doc);
  });
});

describe('ImportDialog: namespace script', () => {
  it('imports a script as a new lab (named after the file)', async () => {
    const store = renderDialog();
    tab('script');
    fireEvent.change(screen.getByTestId('import-file'), {
      target: { files: [new File([SELFTEST], 'nat-router.sh', { type: 'text/x-shellscript' })] },
    });
    await waitFor(() => expect(text().value).toBe(SELFTEST));
    apply();
    const s = store.getState();
    expect(s.doc.name).toBe('nat-router');
    expect(s.doc.devices.map((d) => d.id)).toEqual(['ns1', 'r1', 'ns2', 'ns3']);
    expect(s.history.past).toHaveLength(0);
    expect(onClose).toHaveBeenCalled();
  });

  it('errors name the line and the command; nothing changes, the script stays', () => {
    const store = renderDialog();
    const doc = store.getState().doc;
    tab('script');
    const script = 'set -e\nip netns add a\nfor n in a b; do ip -n $n link set lo up; done\n';
    paste(script);
    apply();
    const items = within(error()).getAllByRole('listitem');
    expect(items[0]!.textContent).toMatch(/^line 3: loops \(for\) are not supported/);
    expect(items[0]!.querySelector('code')!.textContent).toBe('for n in a b');
    expect(text().value).toBe(script);
    unchanged(store, doc);
  });

  it('warnings are shown after the lab opened', () => {
    const store = renderDialog();
    tab('script');
    paste('ip netns add a\nip -n a link set lo up\necho done\n');
    fireEvent.change(screen.getByPlaceholderText('Imported lab'), { target: { value: 'Mine' } });
    apply();
    expect(store.getState().doc.name).toBe('Mine');
    expect(screen.getByTestId('import-done').textContent).toMatch(/line 3: skipped: echo/);
    expect(onClose).not.toHaveBeenCalled();
  });

  it('each tab keeps its own text', () => {
    renderDialog();
    paste('{ lab');
    tab('script');
    expect(text().value).toBe('');
    paste('ip netns add a');
    tab('lab');
    expect(text().value).toBe('{ lab');
    tab('script');
    expect(text().value).toBe('ip netns add a');
  });
});

const NAT_DUMP = [
  '# Generated by iptables-save v1.8.9',
  '*nat',
  ':PREROUTING ACCEPT [0:0]',
  ':INPUT ACCEPT [0:0]',
  ':OUTPUT ACCEPT [0:0]',
  ':POSTROUTING ACCEPT [0:0]',
  '-A POSTROUTING -o eth0 -j MASQUERADE',
  'COMMIT',
].join('\n');

describe('ImportDialog: into a device', () => {
  it('lists the drawn devices, and applies the dumps to the picked one as one undo step', () => {
    const store = renderDialog();
    const before = store.getState().doc;
    tab('device');
    const device = screen.getByTestId('import-device') as HTMLSelectElement;
    expect([...device.options].map((o) => o.value)).toEqual(['gateway', 'vbs', 'sf0006', 'sf0006-copy']);
    expect(device.value).toBe('gateway');
    paste(NAT_DUMP);
    fireEvent.click(screen.getByTestId('import-dump-ip-route'));
    expect(text().value).toBe('');
    paste(
      'default via 192.168.149.1 dev eth0\n192.168.149.0/24 dev eth0 proto kernel scope link src 192.168.149.2\n',
    );
    expect(screen.getByTestId('import-dump-iptables-save').textContent).toBe('iptables-save8'); // lines pasted there
    apply();
    const s = store.getState();
    const gw = s.doc.devices.find((d) => d.id === 'gateway')!;
    expect(gw.iptables).toEqual({ nat: { POSTROUTING: ['-o eth0 -j MASQUERADE'] } });
    expect(gw.routes).toEqual([{ to: 'default', via: '192.168.149.1', dev: 'eth0' }]);
    expect(s.history.past).toHaveLength(1);
    expect(s.history.past[0]!.label).toBe('Import iptables-save, ip route into gateway');
    expect(s.notice?.text).toMatch(/Imported iptables-save, ip route into Production gateway/);
    expect(onClose).toHaveBeenCalled();
    // one undo restores the device as it was
    expect(s.doc.devices.filter((d) => d.id !== 'gateway')).toEqual(
      before.devices.filter((d) => d.id !== 'gateway'),
    );
  });

  it('undo takes the whole import back', async () => {
    const store = renderDialog();
    const before = store.getState().doc;
    tab('device');
    fireEvent.change(screen.getByTestId('import-device'), { target: { value: 'vbs' } });
    paste(NAT_DUMP);
    apply();
    expect(store.getState().doc).not.toEqual(before);
    const { labActions } = await import('../../state/lab-store.ts');
    labActions(store).undo();
    expect(store.getState().doc).toEqual(before);
  });

  it('an error names the dump and the line; nothing changes, the text stays', () => {
    const store = renderDialog();
    const doc = store.getState().doc;
    tab('device');
    const bad = `*nat\n:POSTROUTING ACCEPT [0:0]\n-A POSTROUTING ${HOSTILE}\nCOMMIT`;
    paste(bad);
    apply();
    const items = within(error()).getAllByRole('listitem');
    expect(items[0]!.textContent).toMatch(/^iptables-save line 3: /);
    expect(items[0]!.querySelector('code')!.textContent).toBe(`-A POSTROUTING ${HOSTILE}`);
    expect(document.querySelector('img[src="x"]')).toBeNull(); // shown as text
    expect(text().value).toBe(bad);
    unchanged(store, doc);
  });

  it('a configuration the lab cannot compile is refused (it can be imported anyway)', () => {
    const store = renderDialog();
    const doc = store.getState().doc;
    tab('device');
    fireEvent.click(screen.getByTestId('import-dump-ip-route'));
    paste('10.8.0.0/24 via 10.9.9.9 dev eth0\n');
    apply();
    expect(error().textContent).toMatch(/natlab cannot build gateway/);
    unchanged(store, doc);
    fireEvent.click(screen.getByTestId('import-anyway'));
    expect(store.getState().history.past).toHaveLength(1);
  });

  it('asks for a dump when none was pasted', () => {
    const store = renderDialog();
    const doc = store.getState().doc;
    tab('device');
    apply();
    expect(error().textContent).toMatch(/Paste the output/);
    unchanged(store, doc);
  });
});
