import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyLab } from '../../state/lab-store.ts';
import { decodeShare } from '../../state/share/share.ts';
import { example, renderWithLab } from './files.test-support.tsx';
import { ShareDialog } from './ShareDialog.tsx';

beforeEach(() => {
  localStorage.clear();
  window.history.replaceState(null, '', '/natlab/?lab=snf-routed#old');
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const url = () => (screen.getByTestId('share-url') as HTMLInputElement).value;

/** Text deflate cannot shrink much (a deterministic pseudo-random string). */
function noise(n: number): string {
  let x = 42;
  let s = '';
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    s += String.fromCharCode(33 + (x % 90));
  }
  return s;
}

describe('ShareDialog', () => {
  it('builds a link to this page that holds the open lab, and shows its length', async () => {
    const doc = example('surebackup-basic');
    renderWithLab(<ShareDialog onClose={() => undefined} />, doc);
    await waitFor(() => expect(url()).toMatch(/^http:\/\/localhost(:\d+)?\/natlab\/#lab=[A-Za-z0-9_-]+$/));
    const r = await decodeShare(new URL(url()).hash);
    expect(r.ok && r.doc).toEqual(doc);
    expect(screen.getByTestId('share-length').textContent).toBe(
      `${url().length.toLocaleString('en-US')} characters`,
    );
    expect(screen.queryByTestId('share-long')).toBeNull();
  });

  it('follows the lab: an edit makes a new link', async () => {
    const { act: actions } = renderWithLab(<ShareDialog onClose={() => undefined} />, emptyLab('One'));
    await waitFor(() => expect(url()).toContain('#lab='));
    const first = url();
    act(() => actions.setField('name', 'Two'));
    await waitFor(() => expect(url()).toMatch(/#lab=/));
    await waitFor(() => expect(url()).not.toBe(first));
    const r = await decodeShare(new URL(url()).hash);
    expect(r.ok && r.doc.name).toBe('Two');
  });

  it('warns when the link is long enough for mail and chat programs to cut it', async () => {
    renderWithLab(<ShareDialog onClose={() => undefined} />, {
      ...emptyLab('Big'),
      description: noise(9000),
    });
    await waitFor(() => expect(url()).toContain('#lab='));
    expect(url().length).toBeGreaterThan(8000);
    expect(screen.getByTestId('share-long').textContent).toMatch(
      /^This link is [\d,]+ characters long: some mail and chat programs cut links longer than 8,000 characters/,
    );
  });

  it('copies the link to the clipboard', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    renderWithLab(<ShareDialog onClose={() => undefined} />, emptyLab('Copy me'));
    await waitFor(() => expect(url()).toContain('#lab='));
    fireEvent.click(screen.getByTestId('share-copy'));
    await waitFor(() => expect(screen.getByTestId('share-copy').textContent).toBe('Copied'));
    expect(writeText).toHaveBeenCalledWith(url());
    expect(screen.getByRole('status').textContent).toBe('The link is on the clipboard.');
  });

  it('selects the link for Ctrl+C when the browser refuses to copy', async () => {
    vi.stubGlobal('navigator', {
      ...navigator,
      clipboard: { writeText: () => Promise.reject(new Error('denied')) },
    });
    renderWithLab(<ShareDialog onClose={() => undefined} />, emptyLab('No clipboard'));
    await waitFor(() => expect(url()).toContain('#lab='));
    fireEvent.click(screen.getByTestId('share-copy'));
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/press Ctrl\+C/));
    const input = screen.getByTestId('share-url') as HTMLInputElement;
    expect(input.selectionEnd! - input.selectionStart!).toBe(input.value.length);
  });
});
