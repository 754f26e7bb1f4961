import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cleanup, renderHook } from '@testing-library/react';
import { produce } from 'immer';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LabDocument } from '../../engine/lab/format.ts';
import { loadLab } from '../../lab/load.ts';
import { LINT_IN_WORKER_FROM } from '../../state/derive.ts';
import { createLabStore, labActions } from '../../state/lab-store.ts';
import { useLintResults, useLintWorker } from './lint-results.ts';

/** A Worker stand-in: records what is posted; the test answers. */
class FakeWorker {
  static last: FakeWorker | undefined;
  posted: { seq: number; doc: LabDocument }[] = [];
  onmessage: ((e: MessageEvent) => void) | null = null;
  terminated = false;
  constructor() {
    FakeWorker.last = this;
  }
  postMessage(m: { seq: number; doc: LabDocument }) {
    this.posted.push(m);
  }
  answer(k: number, diagnostics: unknown[]) {
    this.onmessage?.({ data: { seq: this.posted[k]!.seq, diagnostics } } as MessageEvent);
  }
  terminate() {
    this.terminated = true;
  }
}

const seed = loadLab(
  readFileSync(path.resolve(import.meta.dirname, '../../../public/labs/surebackup-basic.lab.json'), 'utf8'),
).doc!;
const big = produce(seed, (d) => {
  for (let k = 0; k < LINT_IN_WORKER_FROM; k++)
    d.devices.push({ id: `h${k}`, kind: 'host', interfaces: [{ name: 'eth0', segment: 'prod' }] });
});

beforeEach(() => vi.stubGlobal('Worker', FakeWorker));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  FakeWorker.last = undefined;
});

describe('the lint worker', () => {
  it('is not used for small labs', () => {
    renderHook(() => useLintWorker(createLabStore(seed)));
    expect(FakeWorker.last).toBeUndefined();
  });

  it('lints big labs off the main thread: one request in flight, the newest waits, drags are skipped', () => {
    const store = createLabStore(big);
    const act = labActions(store);
    const { unmount } = renderHook(() => useLintWorker(store));
    const w = FakeWorker.last!;
    expect(w.posted).toHaveLength(1);
    expect(useLintResults.getState().pending).toBe(true);

    act.setField('segments[0].name', 'A');
    act.setField('segments[0].name', 'AB');
    act.dragMove([{ id: 'vbs', x: 1, y: 1 }]); // layout only: not linted again
    expect(w.posted).toHaveLength(1);

    w.answer(0, [{ code: 'VL-01' }]);
    // the answer is kept for the document it belongs to; the newest edit is sent next (the middle one never)
    expect(useLintResults.getState().diagnostics).toEqual([{ code: 'VL-01' }]);
    expect(w.posted).toHaveLength(2);
    expect(w.posted[1]!.doc.segments[0]!.name).toBe('AB');
    w.answer(1, []);
    expect(useLintResults.getState()).toMatchObject({ diagnostics: [], pending: false });

    unmount();
    expect(w.terminated).toBe(true);
  });

  it('ignores an answer to a request that is no longer the latest', () => {
    const store = createLabStore(big);
    renderHook(() => useLintWorker(store));
    const w = FakeWorker.last!;
    w.onmessage?.({ data: { seq: 99, diagnostics: [{ code: 'X' }] } } as MessageEvent);
    expect(useLintResults.getState().diagnostics).toEqual([]);
  });
});
