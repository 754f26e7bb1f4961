import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSavedLabs } from '../../state/persist/saved-labs.ts';
import { emptyLab } from '../../state/lab-store.ts';
import { autosaveHub } from './autosave-hub.ts';
import { renderWithLab } from './files.test-support.tsx';

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  localStorage.clear();
});

const status = () => screen.getByTestId('save-status');

describe('Autosave and SaveStatus', () => {
  it('saves the lab as it changes and says when', async () => {
    const { act: actions, store } = renderWithLab(null, emptyLab('Fresh'));
    expect(status().textContent).toBe('Autosave on');
    act(() => actions.setField('name', 'Changed'));
    await waitFor(() => expect(status().textContent).toMatch(/^Saved locally · \d\d:\d\d/));
    const labs = createSavedLabs(localStorage);
    const o = labs.open(labs.current()!);
    expect(o.ok && o.doc).toEqual(store.getState().doc);
  });

  it('writes the pending change when the page is hidden or closed', () => {
    vi.useFakeTimers();
    try {
      const { act: actions } = renderWithLab(null, emptyLab('Fresh'));
      act(() => actions.setField('name', 'first'));
      act(() => void vi.advanceTimersByTime(0));
      act(() => actions.setField('name', 'last before closing'));
      const labs = createSavedLabs(localStorage);
      expect(labs.list().map((m) => m.name)).toEqual(['first']);
      act(() => void window.dispatchEvent(new Event('pagehide')));
      expect(labs.list().map((m) => m.name)).toEqual(['last before closing']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports a full storage in the toolbar and once as a notice, without breaking the designer', () => {
    const { act: actions, store } = renderWithLab(null, emptyLab('Fresh'));
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    act(() => actions.setField('name', 'Too much'));
    act(() => void autosaveHub.getState().controller?.flush());
    expect(status().textContent).toBe('Not saved: storage full');
    expect(status().title).toMatch(/storage for natlab is full/);
    expect(store.getState().notice).toEqual({
      tone: 'error',
      text: "Your changes are not saved: the browser's storage for natlab is full: delete saved labs you no longer need (Saved labs) or download this lab.",
    });
    act(() => actions.notify(undefined));
    act(() => actions.setField('name', 'Still too much'));
    act(() => void autosaveHub.getState().controller?.flush());
    expect(store.getState().notice).toBeUndefined(); // said once
    expect(store.getState().doc.name).toBe('Still too much');

    vi.mocked(Storage.prototype.setItem).mockRestore();
    act(() => actions.setField('name', 'Room again'));
    act(() => void autosaveHub.getState().controller?.flush());
    expect(status().textContent).toMatch(/^Saved locally/);
  });

  it('says so when the browser refuses storage', () => {
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    });
    renderWithLab(null, emptyLab('Fresh'));
    expect(status().textContent).toBe('Not saved: storage unavailable');
  });
});
