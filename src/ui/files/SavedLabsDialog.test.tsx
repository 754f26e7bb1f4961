import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSavedLabs, labKey } from '../../state/persist/saved-labs.ts';
import { emptyLab } from '../../state/lab-store.ts';
import { LabStoreProvider } from '../app/store-context.tsx';
import { autosaveHub } from './autosave-hub.ts';
import { captureDownloads, example, renderWithLab } from './files.test-support.tsx';
import { SavedLabsDialog } from './SavedLabsDialog.tsx';

const HOSTILE = '<img src=x onerror=alert(1)>';

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  localStorage.clear();
  vi.restoreAllMocks();
});

const labs = () => createSavedLabs(localStorage);
const rows = () => screen.queryAllByTestId('saved-lab');
const row = (name: string) => rows().find((r) => within(r).queryByText(name))!;
const names = () => rows().map((r) => r.querySelector('.files__label')!.textContent);

function setup(doc = example('surebackup-basic')) {
  const onClose = vi.fn();
  const r = renderWithLab(<SavedLabsDialog onClose={onClose} />, doc);
  return { ...r, onClose };
}

describe('SavedLabsDialog', () => {
  it('says what to do when nothing is saved yet', () => {
    setup();
    expect(screen.getByTestId('saved-labs-empty').textContent).toMatch(
      /No saved labs yet.*As soon as you change a lab, natlab saves it here/,
    );
  });

  it('lists the saved labs with their size, names shown as text (never as markup)', () => {
    labs().save(emptyLab(HOSTILE));
    labs().save(example('snf-routed'));
    const { view } = setup();
    expect(names()).toEqual([example('snf-routed').name, HOSTILE]);
    expect(row(HOSTILE).textContent).toContain(HOSTILE);
    expect(view.container.ownerDocument.querySelector('dialog img')).toBeNull();
    expect(
      Number(/^(\d+) B$/.exec(within(row(HOSTILE)).getByText(/^\d+ B$/).textContent!)![1]),
    ).toBeGreaterThan(0);
  });

  it('flushes the autosave when it opens: the open lab is listed with its last change, marked open', () => {
    labs().save(emptyLab('Older'));
    const { store, act: actions } = renderWithLab(<></>);
    act(() => actions.setField('name', 'Being edited'));
    expect(
      labs()
        .list()
        .map((m) => m.name),
    ).toEqual(['Older']); // the write is still pending
    render(
      <LabStoreProvider store={store}>
        <SavedLabsDialog onClose={() => undefined} />
      </LabStoreProvider>,
    );
    expect(names()).toEqual(['Being edited', 'Older']);
    expect(within(row('Being edited')).getByText('open').textContent).toBe('open');
    expect(within(row('Older')).queryByText('open')).toBeNull();
  });

  it('opens a saved lab: it becomes the open lab and the autosave goes on writing into it', () => {
    const saved = labs().save({ ...example('snf-routed'), name: 'My routed lab' });
    if (!saved.ok) throw new Error('not saved');
    const { store, act: actions, onClose } = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Open “My routed lab”' }));
    expect(onClose).toHaveBeenCalled();
    expect(store.getState().doc.name).toBe('My routed lab');
    expect(store.getState().notice?.text).toBe('Opened “My routed lab”.');
    expect(autosaveHub.getState().controller?.labId()).toBe(saved.value.id);
    expect(labs().current()).toBe(saved.value.id);
    act(() => actions.setField('name', 'My routed lab, edited'));
    act(() => void autosaveHub.getState().controller?.flush());
    expect(
      labs()
        .list()
        .map((m) => m.name),
    ).toEqual(['My routed lab, edited']);
  });

  it('renames, duplicates and deletes (after a confirmation); the open lab cannot be deleted', () => {
    const a = labs().save(emptyLab('Alpha'));
    if (!a.ok) throw new Error('not saved');
    const { store, act: actions } = setup();
    act(() => actions.setField('name', 'Open one'));
    act(() => void autosaveHub.getState().controller?.flush());
    expect(names()).toEqual(['Open one', 'Alpha']);

    fireEvent.click(screen.getByRole('button', { name: 'Rename “Alpha”' }));
    fireEvent.change(screen.getByTestId('rename-input'), { target: { value: '  Beta  ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(names()).toContain('Beta');
    expect(
      labs()
        .list()
        .find((m) => m.id === a.value.id)?.name,
    ).toBe('Beta');

    // renaming the open lab renames it in the designer too
    fireEvent.click(screen.getByRole('button', { name: 'Rename “Open one”' }));
    fireEvent.change(screen.getByTestId('rename-input'), { target: { value: 'Open, renamed' } });
    fireEvent.submit(screen.getByTestId('rename-input').closest('form')!);
    expect(store.getState().doc.name).toBe('Open, renamed');
    expect(names()).toContain('Open, renamed');

    fireEvent.click(screen.getByRole('button', { name: 'Duplicate “Beta”' }));
    expect(names()).toContain('Beta (copy)');
    expect(screen.getByRole('status').textContent).toBe('Duplicated “Beta”.');

    expect(
      (screen.getByRole('button', { name: 'Delete “Open, renamed”' }) as HTMLButtonElement).disabled,
    ).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Delete “Beta”' }));
    expect(names()).toContain('Beta'); // not yet
    fireEvent.click(screen.getByTestId('confirm-delete'));
    expect(names()).toEqual(expect.not.arrayContaining(['Beta']));
    expect(
      labs()
        .list()
        .map((m) => m.name)
        .sort(),
    ).toEqual(['Beta (copy)', 'Open, renamed']);
  });

  it('downloads a lab as name.lab.json, indented', async () => {
    labs().save({ ...example('dnat-redirect'), name: 'My / DNAT: test?' });
    const dl = captureDownloads();
    setup();
    fireEvent.click(screen.getByRole('button', { name: 'Download “My / DNAT: test?”' }));
    expect(dl.files.map((f) => f.name)).toEqual(['my-dnat-test.lab.json']);
    const text = await dl.files[0]!.text;
    expect(JSON.parse(text)).toEqual({ ...example('dnat-redirect'), name: 'My / DNAT: test?' });
    expect(text).toContain('\n  "schemaVersion": 2');
    dl.restore();
  });

  it('opens a .lab.json file as a new lab; a broken file lists its problems and changes nothing', async () => {
    const { store } = setup();
    const before = store.getState().doc;
    const input = screen.getByTestId('open-file-input') as HTMLInputElement;

    const broken = new File(
      [JSON.stringify({ ...emptyLab('Bad'), devices: [{ id: 'a', kind: 'toaster' }] })],
      'bad.lab.json',
    );
    fireEvent.change(input, { target: { files: [broken] } });
    const problem = await screen.findByTestId('files-problem');
    expect(problem.textContent).toContain('bad.lab.json was not opened; the open lab is unchanged.');
    expect(within(problem).getAllByRole('listitem')[0]!.textContent).toMatch(/^devices\[0\]\.kind: /);
    expect(store.getState().doc).toBe(before);

    const notJson = new File(['{"schemaVersion": 2,'], 'half.lab.json');
    fireEvent.change(input, { target: { files: [notJson] } });
    await waitFor(() =>
      expect(screen.getByTestId('files-problem').textContent).toContain('half.lab.json was not opened'),
    );
    expect(screen.getByTestId('files-problem').textContent).toMatch(/not valid JSON: .*line 1, column 21/);
    expect(store.getState().doc).toBe(before);

    const good = new File([JSON.stringify(example('policy-routing-vrf'))], 'vrf.lab.json');
    fireEvent.change(input, { target: { files: [good] } });
    await waitFor(() => expect(store.getState().doc.name).toBe(example('policy-routing-vrf').name));
    expect(store.getState().notice?.text).toBe('Opened vrf.lab.json.');
    // the file became a saved lab of its own
    expect(
      labs()
        .list()
        .map((m) => m.name),
    ).toEqual([example('policy-routing-vrf').name]);
  });

  it('lists the saves kept aside with the reason and a download of the text exactly as it was', async () => {
    const storage = localStorage;
    storage.setItem(labKey('broken'), '{"schemaVersion":2,"name":"Broken <b>one</b>","segments":[');
    storage.setItem(labKey('future'), JSON.stringify({ ...emptyLab('Future'), schemaVersion: 3 }));
    labs().open('broken');
    labs().open('future');
    const dl = captureDownloads();
    setup();
    const aside = screen.getByTestId('kept-aside');
    const items = within(aside).getAllByTestId('kept-aside-item');
    expect(items.map((i) => i.querySelector('.files__label')!.textContent)).toEqual([
      'Broken <b>one</b>',
      'Future',
    ]);
    expect(items[0]!.textContent).toContain('not valid JSON');
    expect(items[1]!.textContent).toContain('written by a newer natlab (schema version 3');
    expect(screen.getByTestId('saved-labs-empty').textContent).not.toBe('');

    fireEvent.click(
      within(items[0]!).getByRole('button', { name: 'Download “Broken <b>one</b>” (kept aside)' }),
    );
    expect(dl.files[0]!.name).toBe('broken-b-one-b.lab.json');
    expect(await dl.files[0]!.text).toBe('{"schemaVersion":2,"name":"Broken <b>one</b>","segments":[');
    dl.restore();

    fireEvent.click(within(items[1]!).getByRole('button', { name: 'Delete “Future” (kept aside)' }));
    fireEvent.click(within(screen.getByTestId('kept-aside')).getByRole('button', { name: 'Delete' }));
    expect(within(screen.getByTestId('kept-aside')).getAllByTestId('kept-aside-item')).toHaveLength(1);
    expect(storage.getItem(labKey('future'))).toBeNull();
  });
});
