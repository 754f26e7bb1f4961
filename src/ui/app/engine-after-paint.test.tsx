import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { LabDocument } from '../../engine/lab/format.ts';
import { createLabStore } from '../../state/lab-store.ts';
import { example } from '../files/files.test-support.tsx';
import { playback } from '../trace/playback.ts';
import { useTrace } from '../trace/use-trace.ts';
import { LabProviderAfterPaint } from './engine-after-paint.tsx';
import { useDeferredEngine, useDerived, useLintPending } from './lab-hooks.ts';
import { LabStoreProvider } from './store-context.tsx';

/** The seed with its masquerade network overlapping production: a linter's error (VL-05), not the loader's. */
function overlapping(): LabDocument {
  const doc = example('surebackup-basic');
  const [lab, ...labs] = doc.virtualLabs!;
  const [net, ...nets] = lab!.isolatedNetworks;
  const overlap = { ...net!, masquerade: '192.168.149.0/24' };
  return { ...doc, virtualLabs: [{ ...lab!, isolatedNetworks: [overlap, ...nets] }, ...labs] };
}

function Probe() {
  const codes = useDerived().diagnostics.map((d) => d.code);
  const pending = useLintPending();
  const engine = useDeferredEngine();
  const { view } = useTrace();
  const trace = view === null ? 'no trace' : view.ok ? view.value.result.outcome : 'refused';
  return (
    <p data-testid="probe">
      {[pending ? 'lint pending' : 'linted', engine ? 'engine' : 'no engine', trace, ...codes].join(' | ')}
    </p>
  );
}

const probe = () => screen.getByTestId('probe').textContent;

afterEach(() => {
  cleanup();
  act(() => playback.getState().clear());
});

describe('the designer’s lab provider', () => {
  it('paints before the linter and the tracer arrive, then lints and traces', async () => {
    act(() => playback.getState().start({ from: 'vbs', to: '192.168.150.36', proto: 'icmp' }));
    render(
      <LabProviderAfterPaint store={createLabStore(overlapping())}>
        <Probe />
      </LabProviderAfterPaint>,
    );
    // first paint: the compiled lab, the loader's problems (none here), nothing traced yet
    expect(probe()).toBe('lint pending | no engine | no trace');
    // then the engine's code arrives: the linter's error and the trace show without any action
    // (the overlap drops the ping, as the linter warns)
    expect((await screen.findByText(/^linted/)).textContent).toBe(
      'linted | engine | request-dropped | VL-05',
    );
  });

  it('lints and traces from the first render under LabStoreProvider (components and their tests)', () => {
    act(() => playback.getState().start({ from: 'vbs', to: '192.168.150.36', proto: 'icmp' }));
    render(
      <LabStoreProvider store={createLabStore(overlapping())}>
        <Probe />
      </LabStoreProvider>,
    );
    expect(probe()).toBe('linted | engine | request-dropped | VL-05');
  });
});
