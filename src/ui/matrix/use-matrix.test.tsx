import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { alikeLab } from '../../engine/whatif/whatif.test-support.ts';
import type { WhatIfToggle } from '../../engine/whatif/toggles.ts';
import { loadLabValue } from '../../lab/load.ts';
import { MatrixPanel } from './MatrixPanel.tsx';
import { computeMatrices, MATRIX_IN_WORKER_FROM } from './matrix-compute.ts';
import type { MatrixReply, MatrixRequest } from './matrix.worker.ts';

/** A stand-in for the module worker: records what it is sent; the test answers. */
class FakeWorker {
  static all: FakeWorker[] = [];
  sent: MatrixRequest[] = [];
  onmessage: ((e: MessageEvent<MatrixReply>) => void) | null = null;
  terminated = false;
  constructor() {
    FakeWorker.all.push(this);
  }
  postMessage(req: MatrixRequest) {
    this.sent.push(req);
  }
  terminate() {
    this.terminated = true;
  }
  reply(data: MatrixReply) {
    act(() => this.onmessage!({ data } as MessageEvent<MatrixReply>));
  }
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  FakeWorker.all = [];
});

const rpf: WhatIfToggle = { kind: 'sysctl', device: 'app', key: 'net.ipv4.conf.all.rp_filter', value: 1 };

describe('MatrixPanel on a big lab', () => {
  it('computes in the worker, shows progress, keeps only the newest request', () => {
    vi.stubGlobal('Worker', FakeWorker);
    const r = loadLabValue(alikeLab(20, 80));
    if (!r.ok) throw new Error('does not load');
    const props = { doc: r.doc, expanded: r.expanded, network: r.network, onTrace: () => {} };
    const ui = render(<MatrixPanel {...props} whatIf={[]} />);
    const w = FakeWorker.all[0]!;
    expect(w.sent).toHaveLength(1);
    const first = w.sent[0]!;
    expect(21 * 80 * 2).toBeGreaterThanOrEqual(MATRIX_IN_WORKER_FROM);
    expect(first.input.toggles).toEqual([]);
    expect(screen.getByTestId('mx-progress').textContent).toBe(
      ' Tracing in the background: 0 of 3,360 cells',
    );
    w.reply({ seq: first.seq, kind: 'progress', done: 1200, total: 3360 });
    expect(screen.getByTestId('mx-progress').textContent).toBe(
      ' Tracing in the background: 1,200 of 3,360 cells',
    );

    // a what-if while the worker is busy waits; a second one replaces it
    ui.rerender(<MatrixPanel {...props} whatIf={[rpf]} />);
    ui.rerender(<MatrixPanel {...props} whatIf={[{ ...rpf, value: 2 }]} />);
    expect(w.sent).toHaveLength(1);
    w.reply({ seq: first.seq, kind: 'answer', answer: computeMatrices(first.input) });
    expect(w.sent).toHaveLength(2);
    const second = w.sent[1]!;
    expect(second.input.toggles).toEqual([{ ...rpf, value: 2 }]);
    // the lab did not change: the worker may keep its compiled lab and matrix
    expect(second.version).toBe(first.version);
    // the answer to an older request is not shown
    expect(screen.queryByTestId('mx-forward')).toBe(null);
    w.reply({ seq: second.seq, kind: 'answer', answer: computeMatrices(second.input) });
    expect(screen.queryByTestId('mx-progress')).toBe(null);
    expect(screen.getAllByTestId('mx-cell').length).toBeGreaterThan(100);
    expect(screen.getByText(/^Showing 21 of 21 clients and 60 of 80 paths/).tagName).toBe('P');
    ui.unmount();
    expect(w.terminated).toBe(true);
  });
});
