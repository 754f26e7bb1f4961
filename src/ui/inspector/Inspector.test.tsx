import { readFileSync } from 'node:fs';
import path from 'node:path';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { loadLab } from '../../lab/load.ts';
import { createLabStore, labActions, type LabStore } from '../../state/lab-store.ts';
import { LabStoreProvider } from '../app/store-context.tsx';
import { ProblemsPanel } from '../problems/ProblemsPanel.tsx';
import { Inspector } from './Inspector.tsx';

const SEED = loadLab(
  readFileSync(path.resolve(import.meta.dirname, '../../../public/labs/surebackup-basic.lab.json'), 'utf8'),
).doc!;
const MASQ = 'virtualLabs[0].isolatedNetworks[0].masquerade';

function setup(): { store: LabStore; actions: ReturnType<typeof labActions> } {
  const store = createLabStore(SEED);
  render(
    <LabStoreProvider store={store}>
      <Inspector />
      <ProblemsPanel />
    </LabStoreProvider>,
  );
  return { store, actions: labActions(store) };
}

const field = (id: string) => screen.getByTestId(id) as HTMLInputElement;
const problemsAt = (id: string) =>
  within(field(id).closest('.field') as HTMLElement)
    .queryAllByTestId('field-problem')
    .map((p) => p.textContent);

afterEach(cleanup);

describe('the inspector', () => {
  it('keeps an invalid value as a draft with how to fix it; the document keeps the last valid value', () => {
    const { store, actions } = setup();
    act(() => actions.selectNodes(['vlab']));
    fireEvent.change(field('field-masquerade-0'), { target: { value: '192.168.150.0' } });
    expect(problemsAt('field-masquerade-0')).toEqual([
      '“192.168.150.0” is not a network — write it as a.b.c.d/len, e.g. 192.168.150.0/24',
    ]);
    expect(field('field-masquerade-0').getAttribute('aria-invalid')).toBe('true');
    expect(store.getState().doc.virtualLabs![0]!.isolatedNetworks[0]!.masquerade).toBe('192.168.150.0/24');
    // the draft survives selecting something else and coming back
    act(() => actions.selectNodes(['vbs']));
    act(() => actions.selectNodes(['vlab']));
    expect(field('field-masquerade-0').value).toBe('192.168.150.0');
    expect(store.getState().history.past).toHaveLength(0);
  });

  it('shows the linter’s error at the field, undo takes it away; a fix is one click', () => {
    const { store, actions } = setup();
    act(() => actions.selectNodes(['vlab']));
    fireEvent.change(field('field-masquerade-0'), { target: { value: '192.168.149.0/24' } });
    expect(problemsAt('field-masquerade-0').join(' ')).toMatch(/^VL-05 .*overlaps/);
    const row = screen.getAllByTestId('problem').find((p) => p.dataset.code === 'VL-05')!;
    // the Problems panel row selects the culprit and its field
    act(() => actions.selectNodes([]));
    fireEvent.click(within(row).getByText(/overlaps/));
    expect(store.getState().selection).toEqual({ nodes: ['vlab'], edges: [], field: MASQ });
    // its fix proposes a free masquerade network
    fireEvent.click(within(row).getByTestId('problem-fix'));
    expect(store.getState().doc.virtualLabs![0]!.isolatedNetworks[0]!.masquerade).not.toBe(
      '192.168.149.0/24',
    );
    expect(screen.queryByTestId('problems-empty')).not.toBeNull();
    act(() => actions.undo()); // the fix
    act(() => actions.undo()); // the edit
    expect(field('field-masquerade-0').value).toBe('192.168.150.0/24');
    expect(problemsAt('field-masquerade-0')).toEqual([]);
  });

  it('renames an id everywhere, and refuses a taken one with the reason', () => {
    const { store, actions } = setup();
    act(() => actions.selectNodes(['prod']));
    const id = field('inspector-id');
    fireEvent.change(id, { target: { value: 'vbs' } });
    fireEvent.blur(id);
    // the reason shows at the id field, which is marked invalid
    const idField = id.closest('.field') as HTMLElement;
    expect(idField.className).toMatch(/field--invalid/);
    expect(idField.querySelector('.field__problem')?.textContent).toBe(
      '"vbs" is already used by another item',
    );
    fireEvent.change(id, { target: { value: 'vm-network' } });
    fireEvent.blur(id);
    expect(store.getState().doc.virtualLabs![0]!.appliance.productionNetwork).toBe('vm-network');
    expect(store.getState().selection.nodes).toEqual(['vm-network']);
  });
});
