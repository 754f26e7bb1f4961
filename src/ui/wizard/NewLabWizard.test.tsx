import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LabDocument } from '../../engine/lab/format.ts';
import { createLabStore, emptyLab, labActions } from '../../state/lab-store.ts';
import { LabStoreProvider } from '../app/store-context.tsx';
import { NewLabWizard } from './NewLabWizard.tsx';

afterEach(cleanup);

const lab = (name: string): LabDocument =>
  JSON.parse(
    readFileSync(path.resolve(import.meta.dirname, `../../../public/labs/${name}.lab.json`), 'utf8'),
  ) as LabDocument;

function open(doc: LabDocument = emptyLab()) {
  const store = createLabStore(doc);
  const onClose = vi.fn();
  render(
    <LabStoreProvider store={store}>
      <NewLabWizard onClose={onClose} />
    </LabStoreProvider>,
  );
  return { store, onClose };
}

const input = (field: string) => screen.getByTestId(`wizard-${field}`) as HTMLInputElement;
const type = (field: string, value: string) => fireEvent.change(input(field), { target: { value } });
const next = () => fireEvent.click(screen.getByTestId('wizard-next'));
const back = () => fireEvent.click(screen.getByTestId('wizard-back'));
const step = () => screen.getByTestId('wizard').querySelector('[aria-current="step"]')?.textContent;

/** Seed 000 up to the Network settings step. */
function seedToSettings() {
  type('name', 'vLab');
  next();
  expect(step()).toMatch(/Proxy appliance/);
  type('production-name', 'VM Network');
  type('production-subnet', '192.168.149.0/24');
  type('production-gateway', '192.168.149.2');
  type('production-dns', '192.168.149.20');
  type('appliance-ip', '192.168.149.50/24');
  type('backupServerIp', '192.168.149.22/24');
  next();
  expect(step()).toMatch(/Networking/);
  next();
  expect(step()).toMatch(/Isolated networks/);
  expect(input('isolated-0-name').value).toBe('vLab VM Network');
  next();
  expect(step()).toMatch(/Network settings/);
}

describe('NewLabWizard', () => {
  it('walks the seed through Veeam’s steps; Finish adds the design as one undo step and selects the appliance', () => {
    const { store, onClose } = open();
    expect(screen.getByTestId('wizard').getAttribute('aria-labelledby')).toBeTruthy();
    seedToSettings();
    // the proposals are filled in and explained
    expect(input('isolated-0-vnicIp').value).toBe('192.168.149.2/24');
    expect(input('isolated-0-masquerade').value).toBe('192.168.150.0/24');
    expect(screen.getByTestId('wizard-settings-0').textContent).toMatch(
      /Proposed by natlab: the first \/24 after 192\.168\.149\.0\/24/,
    );
    expect(screen.getByTestId('wizard-settings-0').textContent).toMatch(
      /A lab VM at 192\.168\.149\.36 is reached from production at 192\.168\.150\.36/,
    );
    next();
    expect(step()).toMatch(/Ready/);
    expect(screen.getByTestId('wizard-ok')).toBeTruthy();
    expect(store.getState().doc).toEqual(emptyLab()); // nothing changed before Finish

    fireEvent.click(screen.getByTestId('wizard-finish'));
    const s = store.getState();
    expect(onClose).toHaveBeenCalledOnce();
    expect(s.history.past).toHaveLength(1);
    expect(s.selection.nodes).toEqual(['vlab']);
    expect(s.doc.segments.map((x) => x.id)).toEqual(['prod', 'iso']);
    expect(s.doc.devices.map((x) => [x.id, x.role])).toEqual([['vbs', 'backup-server']]);
    expect(s.doc.virtualLabs?.[0]).toMatchObject({
      name: 'vLab',
      mode: 'basic-single-host',
      appliance: { id: 'vlab', ip: '192.168.149.50/24', productionNetwork: 'prod' },
      isolatedNetworks: [{ segment: 'iso', masquerade: '192.168.150.0/24', vnicIp: '192.168.149.2/24' }],
      backupServer: 'vbs',
    });
    expect(Object.keys(s.doc.layout ?? {}).sort()).toEqual(['iso', 'prod', 'vbs', 'vlab']);

    labActions(store).undo();
    expect(store.getState().doc).toEqual(emptyLab());
  });

  it('an overlapping masquerade network stops the wizard with the linter’s reason and the fix', () => {
    const { store } = open();
    seedToSettings();
    type('isolated-0-masquerade', '192.168.149.0/24');
    const cell = input('isolated-0-masquerade').closest('.field') as HTMLElement;
    expect(within(cell).getByTestId('wizard-problem').textContent).toMatch(
      /Overlaps production network "VM Network" \(192\.168\.149\.0\/24\).*must be unused anywhere in your network \(VL-05\)/,
    );
    expect(input('isolated-0-masquerade').getAttribute('aria-invalid')).toBe('true');
    next();
    expect(step()).toMatch(/Network settings/);
    expect(document.activeElement).toBe(input('isolated-0-masquerade'));
    expect((screen.getByTestId('wizard-step-ready') as HTMLButtonElement).disabled).toBe(true);
    // the one-click fix
    fireEvent.click(within(cell).getByRole('button', { name: 'Use 192.168.150.0/24' }));
    expect(input('isolated-0-masquerade').value).toBe('192.168.150.0/24');
    next();
    expect(step()).toMatch(/Ready/);
    expect(store.getState().history.past).toHaveLength(0);
  });

  it('the Ready step lints the would-be lab: an error blocks Finish and leads back to its field', () => {
    // the appliance in the DMZ, basic mode, but the backup server is in the VM Network (VL-13)
    const doc: LabDocument = { ...lab('surebackup-multi-network'), virtualLabs: [] };
    const { store } = open(doc);
    next();
    fireEvent.change(screen.getByTestId('wizard-production-choice'), { target: { value: 'dmz' } });
    next();
    next();
    next();
    next();
    expect(step()).toMatch(/Ready/);
    const errors = screen.getByTestId('wizard-errors');
    expect(errors.getAttribute('role')).toBe('alert');
    expect(errors.textContent).toMatch(/VL-13/);
    expect(errors.textContent).toMatch(/basic single-host mode/);
    expect((screen.getByTestId('wizard-finish') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(within(errors).getAllByRole('button', { name: /Fix it in/ })[0]!);
    expect(step()).not.toMatch(/Ready/);
    expect(store.getState().history.past).toHaveLength(0);
  });

  it('Back and Next keep the answers; problems say how to fix them as the user types', () => {
    open();
    next();
    expect(step()).toMatch(/Proxy/);
    type('production-subnet', '192.168.149.0/24');
    type('appliance-ip', '192.168.149.50');
    expect(screen.getByText(/Add the prefix length: 192\.168\.149\.50\/24/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Use 192.168.149.50/24' }));
    expect(input('appliance-ip').value).toBe('192.168.149.50/24');
    back();
    expect(step()).toMatch(/Name/);
    next();
    expect(input('production-subnet').value).toBe('192.168.149.0/24');
    expect(input('appliance-ip').value).toBe('192.168.149.50/24');
    // a required field left empty: said once the user tries to go on
    type('production-subnet', '');
    expect(screen.queryByText(/Give the production network’s subnet/)).toBeNull();
    next();
    expect(screen.getByText(/Give the production network’s subnet/)).toBeTruthy();
    expect(step()).toMatch(/Proxy/);
  });

  it('advanced mode: several isolated networks and static mappings with proposed access IPs', () => {
    const doc: LabDocument = { ...lab('surebackup-multi-network'), virtualLabs: [] };
    open(doc);
    next();
    next();
    fireEvent.click(screen.getByTestId('wizard-mode-advanced-single-host'));
    next();
    fireEvent.click(screen.getByTestId('wizard-add-isolated'));
    expect((screen.getByTestId('wizard-isolated-1-productionNetwork') as HTMLSelectElement).value).toBe(
      'dmz',
    );
    next();
    expect(input('isolated-1-masquerade').value).toBe('10.10.21.0/24');
    next();
    expect(step()).toMatch(/Static IP mapping/);
    fireEvent.click(screen.getByTestId('wizard-add-mapping'));
    expect(input('mappings-0-isolatedIp').value).toBe('192.168.149.36');
    expect(input('mappings-0-accessIp').value).toMatch(/^192\.168\.149\.\d+$/);
    next();
    expect(step()).toMatch(/Ready/);
    expect(screen.getByTestId('wizard-ok')).toBeTruthy();
  });

  it('Escape closes without changing the lab', () => {
    const { store, onClose } = open(lab('surebackup-basic'));
    const before = store.getState().doc;
    next();
    fireEvent(screen.getByTestId('wizard'), new Event('cancel', { cancelable: true }));
    expect(onClose).toHaveBeenCalledOnce();
    expect(store.getState().doc).toBe(before);
  });

  it('renders hostile names as text', () => {
    const evil = '<img src=x onerror="window.__pwned=1">';
    const doc: LabDocument = {
      ...emptyLab(evil),
      segments: [{ id: 'prod', name: evil, kind: 'production', subnet: '10.0.0.0/24', gateway: '10.0.0.1' }],
    };
    open(doc);
    type('name', evil);
    next();
    expect(screen.getByTestId('wizard-production-choice').textContent).toContain(evil);
    next();
    next();
    next();
    next();
    expect(screen.getByTestId('wizard-summary').textContent).toContain(evil);
    expect(screen.getByTestId('wizard').querySelector('img')).toBeNull();
  });
});
