import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ipv4 } from '../../engine/addr/ipv4.ts';
import { trace } from '../../engine/sim/trace.ts';
import { questionCandidates } from '../../engine/workshop/candidates.ts';
import { candidateKey } from '../../engine/workshop/question.ts';
import { loadLabValue } from '../../lab/load.ts';
import { ExerciseEditor } from './ExerciseEditor.tsx';

afterEach(cleanup);

function seedCandidates() {
  const r = loadLabValue(
    JSON.parse(
      readFileSync(
        path.resolve(import.meta.dirname, '../../..', 'public/labs/surebackup-basic.lab.json'),
        'utf8',
      ),
    ),
  );
  if (!r.ok) throw new Error('seed does not load');
  const t = trace(r.network, { from: 'vbs', to: ipv4('192.168.150.36') });
  if (!t.ok) throw new Error(t.error);
  return questionCandidates(t.value, r.network);
}
const CANDIDATES = seedCandidates();
const NETMAP = 'request:1:8:nat-address';

function renderEditor(
  chosen: ReadonlySet<string> = new Set(),
  extra: { title?: string; onTitleChange?: (t: string) => void } = {},
) {
  const onChange = vi.fn<(c: ReadonlySet<string>) => void>();
  const onSave = vi.fn<() => void>();
  const onShare = vi.fn<() => void>();
  render(
    <ExerciseEditor
      candidates={CANDIDATES}
      chosen={chosen}
      onChange={onChange}
      onSave={onSave}
      onShare={onShare}
      {...extra}
    />,
  );
  return { onChange, onSave, onShare };
}
const button = (id: string) => screen.getByTestId(id) as HTMLButtonElement;

describe('ExerciseEditor', () => {
  it('lists every candidate by leg and device, in the packet’s order', () => {
    renderEditor();
    const legends = screen.getAllByRole('group').map((g) => g.querySelector('legend')?.textContent);
    expect(legends).toEqual([
      'Request · vbs',
      'Request · vlab',
      'Request · sf0006-copy',
      'Reply · sf0006-copy',
      'Reply · vlab',
      'Reply · vbs',
    ]);
    const vlab = screen.getAllByRole('group')[1]!;
    expect(within(vlab).getByTestId(`ws-pick-${NETMAP}`).parentElement?.textContent).toBe(
      'address after NATvlab nat PREROUTING: what is the destination after NETMAP?',
    );
    expect(screen.getByTestId('ws-chosen-count').textContent).toBe(
      `0 questions of ${CANDIDATES.length} chosen`,
    );
  });

  it('ticks and unticks a point', () => {
    const { onChange } = renderEditor(new Set(['request:1:9:route-table']));
    fireEvent.click(screen.getByTestId(`ws-pick-${NETMAP}`));
    expect([...onChange.mock.calls[0]![0]].sort()).toEqual([NETMAP, 'request:1:9:route-table']);
    fireEvent.click(screen.getByTestId('ws-pick-request:1:9:route-table'));
    expect([...onChange.mock.calls[1]![0]]).toEqual([]);
  });

  it('asks all or none', () => {
    const { onChange } = renderEditor(new Set([NETMAP]));
    fireEvent.click(screen.getByRole('button', { name: 'Ask all' }));
    expect(onChange.mock.calls[0]![0]).toEqual(new Set(CANDIDATES.map(candidateKey)));
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    expect(onChange.mock.calls[1]![0]).toEqual(new Set());
  });

  it('saves and shares only with questions chosen and a title', () => {
    const none = renderEditor();
    expect(button('ws-save').disabled).toBe(true);
    expect(button('ws-share').disabled).toBe(true);
    cleanup();
    const untitled = renderEditor(new Set([NETMAP]), { title: ' ', onTitleChange: () => undefined });
    expect(button('ws-save').disabled).toBe(true);
    expect(screen.getByText('Give the exercise a title to save or share it.').tagName).toBe('SPAN');
    cleanup();
    const onTitleChange = vi.fn<(t: string) => void>();
    const ready = renderEditor(new Set([NETMAP]), { title: 'NETMAP', onTitleChange });
    fireEvent.click(button('ws-save'));
    fireEvent.click(button('ws-share'));
    expect(ready.onSave).toHaveBeenCalledTimes(1);
    expect(ready.onShare).toHaveBeenCalledTimes(1);
    fireEvent.change(screen.getByTestId('ws-title'), { target: { value: 'NETMAP and fwmark' } });
    expect(onTitleChange).toHaveBeenCalledWith('NETMAP and fwmark');
    expect(none.onSave).not.toHaveBeenCalled();
    expect(untitled.onSave).not.toHaveBeenCalled();
  });

  it('says what to do when there is nothing to ask', () => {
    render(
      <ExerciseEditor
        candidates={[]}
        chosen={new Set()}
        onChange={() => undefined}
        onSave={() => undefined}
        onShare={() => undefined}
      />,
    );
    expect(screen.getByText(/^Trace a flow first/).textContent).toBe(
      'Trace a flow first: its steps are the points a question can be asked at.',
    );
  });
});
