import { readFileSync } from 'node:fs';
import path from 'node:path';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceDoc, LabDocument } from '../../engine/lab/format.ts';
import { createLabStore, emptyLab, labActions } from '../../state/lab-store.ts';
import { LabStoreProvider } from '../app/store-context.tsx';
import { AddressPlan } from './AddressPlan.tsx';
import { MACHINE_ROW_LIMIT } from './MachineTable.tsx';

afterEach(cleanup);

const lab = (name: string): LabDocument =>
  JSON.parse(
    readFileSync(path.resolve(import.meta.dirname, `../../../public/labs/${name}.lab.json`), 'utf8'),
  ) as LabDocument;

function show(doc: LabDocument) {
  const store = createLabStore(doc);
  render(
    <LabStoreProvider store={store}>
      <AddressPlan />
    </LabStoreProvider>,
  );
  return { store, act: labActions(store) };
}

const masquerade = () => screen.getAllByTestId('aplan-masquerade')[0] as HTMLInputElement;
const cellOf = (el: HTMLElement) => el.closest('td') as HTMLElement;

describe('AddressPlan', () => {
  it('shows seed 000’s tables: network parameters, production ↔ isolated ↔ masquerade, machines', () => {
    show(lab('surebackup-basic'));
    const net = screen.getAllByTestId('aplan-network');
    expect(net).toHaveLength(1);
    const inputs = within(net[0]!).getAllByRole('textbox') as HTMLInputElement[];
    expect(inputs.map((i) => i.value)).toEqual([
      'VM Network',
      '0',
      '192.168.149.0/24',
      '192.168.149.2',
      '192.168.149.20',
    ]);
    const iso = screen.getAllByTestId('aplan-isolated');
    expect(iso).toHaveLength(1);
    expect(iso[0]!.textContent).toContain('VM Network');
    expect(iso[0]!.textContent).toContain('vLab VM Network');
    expect(masquerade().value).toBe('192.168.150.0/24');
    // the vNIC is left to the engine: its proposal, explained, with Accept
    expect(within(iso[0]!).getByTestId('proposal').textContent).toMatch(/proposed: 192\.168\.149\.2\/24/);
    const machines = screen.getAllByTestId('aplan-machine');
    expect(machines.map((m) => m.dataset.device)).toEqual([
      'gateway',
      'vbs',
      'sf0006',
      'sf0006-copy',
      'vlab',
      'vlab',
    ]);
    expect(machines[4]!.textContent).toMatch(/192\.168\.149\.50\/24.*from the design/);
  });

  it('editing a masquerade cell edits the document; an overlap shows the linter’s error in the cell; undo clears it', () => {
    const { store, act: actions } = show(lab('surebackup-basic'));
    const p = 'virtualLabs[0].isolatedNetworks[0].masquerade';
    fireEvent.change(masquerade(), { target: { value: '192.168.151.0/24' } });
    expect(store.getState().doc.virtualLabs![0]!.isolatedNetworks[0]!.masquerade).toBe('192.168.151.0/24');
    actions.seal();
    fireEvent.change(masquerade(), { target: { value: '192.168.149.0/24' } });
    expect(store.getState().doc.virtualLabs![0]!.isolatedNetworks[0]!.masquerade).toBe('192.168.149.0/24');
    const problem = within(cellOf(masquerade())).getByTestId('field-problem');
    expect(problem.textContent).toMatch(/VL-05.*overlaps production network "prod" \(192\.168\.149\.0\/24\)/);
    expect(masquerade().getAttribute('aria-invalid')).toBe('true');
    expect(masquerade().closest('[data-path]')?.getAttribute('data-path')).toBe(p);

    act(() => actions.undo());
    expect(masquerade().value).toBe('192.168.151.0/24');
    expect(within(cellOf(masquerade())).queryByTestId('field-problem')).toBeNull();
  });

  it('a half-typed value stays in the cell as a draft with how to fix it', () => {
    const { store } = show(lab('surebackup-basic'));
    fireEvent.change(masquerade(), { target: { value: '192.168.150.1/24' } });
    expect(masquerade().value).toBe('192.168.150.1/24');
    expect(store.getState().doc.virtualLabs![0]!.isolatedNetworks[0]!.masquerade).toBe('192.168.150.0/24');
    expect(within(cellOf(masquerade())).getByTestId('field-problem').textContent).toMatch(
      /has host bits set — the network is 192\.168\.150\.0\/24/,
    );
  });

  it('an empty masquerade shows the engine’s proposal; Accept writes it', () => {
    const doc = lab('surebackup-basic');
    const { store } = show({
      ...doc,
      virtualLabs: [
        {
          ...doc.virtualLabs![0]!,
          isolatedNetworks: [{ segment: 'iso', name: 'vLab VM Network', productionNetwork: 'prod' }],
        },
      ],
    });
    const cell = cellOf(masquerade());
    expect(within(cell).getByTestId('proposal').textContent).toMatch(/proposed: 192\.168\.150\.0\/24/);
    fireEvent.click(within(cell).getByRole('button', { name: /Accept 192\.168\.150\.0\/24/ }));
    expect(store.getState().doc.virtualLabs![0]!.isolatedNetworks[0]!.masquerade).toBe('192.168.150.0/24');
    expect(within(cell).queryByTestId('proposal')).toBeNull();
  });

  it('clicking a row’s name selects the item on the canvas', () => {
    const { store } = show(lab('surebackup-basic'));
    fireEvent.click(
      within(screen.getAllByTestId('aplan-network')[0]!).getByRole('button', { name: /VM Network/ }),
    );
    expect(store.getState().selection.nodes).toEqual(['prod']);
    fireEvent.click(
      within(screen.getAllByTestId('aplan-machine')[1]!).getByRole('button', { name: /Veeam Backup Server/ }),
    );
    expect(store.getState().selection.nodes).toEqual(['vbs']);
    fireEvent.click(
      within(screen.getByTestId('aplan-lab')).getByRole('button', { name: /vLab proxy appliance/ }),
    );
    expect(store.getState().selection.nodes).toEqual(['vlab']);
  });

  it('static mappings: add a row (proposed, valid at once), edit and remove it, each one undo step', () => {
    const doc = lab('surebackup-static-mapping');
    const { store } = show(doc);
    const before = store.getState().doc.virtualLabs![0]!.staticMappings ?? [];
    expect(screen.getAllByTestId('aplan-mapping')).toHaveLength(before.length);
    fireEvent.click(screen.getByTestId('aplan-add-mapping'));
    const after = store.getState().doc.virtualLabs![0]!.staticMappings!;
    expect(after).toHaveLength(before.length + 1);
    const added = after[after.length - 1]!;
    expect(added.accessIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(before.some((m) => m.accessIp === added.accessIp)).toBe(false);
    const rows = screen.getAllByTestId('aplan-mapping');
    const last = rows[rows.length - 1]!;
    expect(within(last).queryAllByTestId('field-problem')).toHaveLength(0);
    fireEvent.change(within(last).getByLabelText(/note/), { target: { value: 'test VM' } });
    expect(store.getState().doc.virtualLabs![0]!.staticMappings![before.length]!.note).toBe('test VM');
    fireEvent.click(within(last).getByRole('button', { name: /Remove mapping/ }));
    expect(store.getState().doc.virtualLabs![0]!.staticMappings ?? []).toEqual(before);
  });

  it('says what to do when the lab is empty', () => {
    show(emptyLab());
    expect(screen.getByTestId('address-plan').textContent).toMatch(/No addresses to plan yet/);
    expect(screen.getByRole('button', { name: /New virtual lab/ }).textContent).toMatch(/New virtual lab/);
  });

  it('renders hostile names as text', () => {
    const evil = '<img src=x onerror="window.__pwned=1">';
    const doc = lab('surebackup-basic');
    show({
      ...doc,
      segments: doc.segments.map((s) => ({ ...s, name: evil })),
      devices: doc.devices.map((d) => ({ ...d, name: evil })),
      virtualLabs: [{ ...doc.virtualLabs![0]!, name: evil }],
    });
    const root = screen.getByTestId('address-plan');
    expect(root.querySelector('img')).toBeNull();
    expect(root.textContent).toContain(evil);
  });

  it('a 500-machine lab renders its first rows, and all of them on demand', () => {
    const devices: DeviceDoc[] = Array.from({ length: 500 }, (_, i) => ({
      id: `vm${i}`,
      name: `VM ${i}`,
      kind: 'host',
      interfaces: [{ name: 'eth0', segment: 'prod', addresses: [`10.${i >> 8}.${i & 255}.10/16`] }],
    }));
    const doc: LabDocument = {
      ...emptyLab('big'),
      segments: [{ id: 'prod', name: 'Big', kind: 'production', subnet: '10.0.0.0/16' }],
      devices,
    };
    const t0 = performance.now();
    show(doc);
    expect(screen.getAllByTestId('aplan-machine')).toHaveLength(MACHINE_ROW_LIMIT);
    expect(performance.now() - t0).toBeLessThan(5000);
    fireEvent.click(screen.getByTestId('aplan-show-all'));
    expect(screen.getAllByTestId('aplan-machine')).toHaveLength(500);
  });
});
