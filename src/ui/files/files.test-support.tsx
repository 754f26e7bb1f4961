import { readFileSync } from 'node:fs';
import path from 'node:path';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { vi } from 'vitest';
import type { LabDocument } from '../../engine/lab/format.ts';
import { loadLab } from '../../lab/load.ts';
import { createLabStore, labActions } from '../../state/lab-store.ts';
import { LabStoreProvider } from '../app/store-context.tsx';
import { Autosave, SaveStatus } from './Autosave.tsx';

export function example(name: string): LabDocument {
  const text = readFileSync(
    path.resolve(import.meta.dirname, `../../../public/labs/${name}.lab.json`),
    'utf8',
  );
  const r = loadLab(text);
  if (!r.doc) throw new Error(`${name} does not load`);
  return r.doc;
}

/** The workbench's pieces these components need: the store, the autosave and the save status. */
export function renderWithLab(ui: ReactNode, doc: LabDocument = example('surebackup-basic')) {
  const store = createLabStore(doc);
  const act = labActions(store);
  const view = render(
    <LabStoreProvider store={store}>
      <Autosave />
      <SaveStatus />
      {ui}
    </LabStoreProvider>,
  );
  return { store, act, view };
}

/** Records the downloads (file name and text) instead of starting them. */
export function captureDownloads() {
  const files: { name: string; text: Promise<string>; type: string }[] = [];
  const blobs = new Map<string, Blob>();
  let n = 0;
  const saved = { create: URL.createObjectURL, revoke: URL.revokeObjectURL };
  URL.createObjectURL = (b: Blob | MediaSource) => {
    const url = `blob:test/${++n}`;
    blobs.set(url, b as Blob);
    return url;
  };
  URL.revokeObjectURL = () => undefined;
  const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    const b = blobs.get(this.href);
    if (b) files.push({ name: this.download, text: b.text(), type: b.type });
  });
  return {
    files,
    restore() {
      click.mockRestore();
      URL.createObjectURL = saved.create;
      URL.revokeObjectURL = saved.revoke;
    },
  };
}
