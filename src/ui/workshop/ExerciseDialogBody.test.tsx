import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Exercise } from '../../engine/workshop/exercise.ts';
import { exerciseToUrlFragment } from '../../state/workshop/link.ts';
import type { LoadedExercise } from '../../state/workshop/parse.ts';
import { ExerciseDialogBody } from './ExerciseDialogBody.tsx';

afterEach(cleanup);

const EXAMPLE = readFileSync(
  path.resolve(import.meta.dirname, '../../..', 'public/exercises/surebackup-basic.exercise.json'),
  'utf8',
);
const example = () => JSON.parse(EXAMPLE) as Exercise;

function renderBody() {
  const onOpen = vi.fn<(x: LoadedExercise) => void>();
  render(<ExerciseDialogBody onOpen={onOpen} />);
  return onOpen;
}
const paste = (t: string) => fireEvent.change(screen.getByTestId('ws-text'), { target: { value: t } });
const open = () => fireEvent.click(screen.getByTestId('ws-open-button'));

describe('ExerciseDialogBody', () => {
  it('opens a pasted exercise', () => {
    const onOpen = renderBody();
    expect((screen.getByTestId('ws-open-button') as HTMLButtonElement).disabled).toBe(true);
    paste(EXAMPLE);
    open();
    expect(onOpen).toHaveBeenCalledTimes(1);
    expect(onOpen.mock.calls[0]![0].exercise.title).toBe('NETMAP and fwmark in a SureBackup virtual lab');
  });

  it('lists every problem with its path, and opens nothing', () => {
    const onOpen = renderBody();
    const ex = example();
    paste(
      JSON.stringify({
        ...ex,
        flows: [
          { ...ex.flows[0]!, questions: [{ at: { leg: 'request', hop: 9, step: 0 }, kind: 'verdict' }] },
        ],
      }),
    );
    open();
    const problems = screen.getByRole('alert');
    expect(problems.textContent).toBe(
      'The exercise cannot be opened:flows[0].questions[0].at.hop the request leg has no hop 9: it has 3 hops (0..2: vbs, vlab, sf0006-copy)',
    );
    expect(problems.querySelector('code')?.textContent).toBe('flows[0].questions[0].at.hop');
    expect(onOpen).not.toHaveBeenCalled();
  });

  it('shows an expected answer the engine disagrees with, and opens on a second click', () => {
    const onOpen = renderBody();
    const ex = example();
    const q = ex.flows[0]!.questions;
    paste(
      JSON.stringify({
        ...ex,
        title: '<b>hostile</b>',
        flows: [{ ...ex.flows[0]!, questions: [{ ...q[2]!, expected: 'main' }] }],
      }),
    );
    open();
    expect(onOpen).not.toHaveBeenCalled();
    const warning = screen.getByRole('alert');
    expect(warning.textContent).toContain('“<b>hostile</b>” opens, but the file disagrees with the engine');
    expect(warning.textContent).toContain(
      `flows[0].questions[0].expected the file expects "main", but the engine's trace says "2"`,
    );
    expect(warning.querySelector('b')).toBeNull();
    fireEvent.click(screen.getByTestId('ws-open-anyway'));
    expect(onOpen).toHaveBeenCalledTimes(1);
  });

  it('opens a pasted share link', async () => {
    const onOpen = renderBody();
    const hash = await exerciseToUrlFragment(example());
    paste(`https://natlab.example/${hash}`);
    open();
    await waitFor(() => expect(onOpen).toHaveBeenCalledTimes(1));
    expect(onOpen.mock.calls[0]![0].flows).toHaveLength(2);
  });

  it('opens a chosen file', async () => {
    const onOpen = renderBody();
    const file = new File([EXAMPLE], 'surebackup-basic.exercise.json', { type: 'application/json' });
    fireEvent.change(screen.getByTestId('ws-file'), { target: { files: [file] } });
    await waitFor(() => expect(onOpen).toHaveBeenCalledTimes(1));
    expect((screen.getByTestId('ws-text') as HTMLTextAreaElement).value).toBe(EXAMPLE);
  });
});
