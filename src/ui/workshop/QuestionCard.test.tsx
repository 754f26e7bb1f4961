import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QuestionCard, type QuestionView } from './QuestionCard.tsx';

afterEach(cleanup);

const NETMAP: QuestionView = {
  prompt: 'vlab nat PREROUTING: what is the destination after NETMAP?',
  kind: 'nat-address',
};
const TABLE: QuestionView = {
  prompt: 'vlab route lookup (input): which routing table does the RPDB pick?',
  kind: 'route-table',
  options: [
    { value: 'local', label: 'local (255)' },
    { value: '2', label: 'table 2' },
    { value: 'main', label: 'main (254)' },
  ],
};
const RULE: QuestionView = {
  prompt: 'vlab mangle PREROUTING: which rule matches first?',
  kind: 'rule-match',
  options: [
    { value: '1', label: '1: -d 192.168.150.0/24 -i eth0 -j MARK --set-xmark 0x6/0xffffffff' },
    { value: 'policy', label: 'none: the policy ACCEPT decides' },
  ],
};

const answerBox = () => screen.getByTestId('ws-answer') as HTMLInputElement;

describe('QuestionCard', () => {
  it('asks in words, and Enter submits what was typed', () => {
    const onSubmit = vi.fn<(a: string) => void>();
    render(<QuestionCard question={NETMAP} onSubmit={onSubmit} />);
    expect(screen.getByRole('heading').textContent).toBe(NETMAP.prompt);
    expect(screen.getByTestId('ws-question').textContent).toContain('Predict: address after NAT');
    expect((screen.getByTestId('ws-submit') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.keyDown(answerBox(), { key: 'Enter' });
    expect(onSubmit).not.toHaveBeenCalled();
    fireEvent.change(answerBox(), { target: { value: '192.168.149.36/32' } });
    fireEvent.keyDown(answerBox(), { key: 'Enter' });
    expect(onSubmit).toHaveBeenCalledWith('192.168.149.36/32');
  });

  it('offers a few choices as radio buttons, submitted with Check', () => {
    const onSubmit = vi.fn<(a: string) => void>();
    render(<QuestionCard question={TABLE} onSubmit={onSubmit} />);
    const radios = screen.getAllByRole('radio');
    expect(radios.map((r) => r.parentElement?.textContent)).toEqual(['local (255)', 'table 2', 'main (254)']);
    fireEvent.click(screen.getByTestId('ws-choice-1'));
    fireEvent.click(screen.getByTestId('ws-submit'));
    expect(onSubmit).toHaveBeenCalledWith('2');
  });

  it('offers many choices as a list', () => {
    const onSubmit = vi.fn<(a: string) => void>();
    const options = Array.from({ length: 12 }, (_, i) => ({ value: `v${i}`, label: `choice ${i}` }));
    render(
      <QuestionCard question={{ prompt: 'delivered?', kind: 'verdict', options }} onSubmit={onSubmit} />,
    );
    expect(screen.queryAllByRole('radio')).toHaveLength(0);
    fireEvent.change(answerBox(), { target: { value: 'v7' } });
    fireEvent.submit(answerBox().closest('form')!);
    expect(onSubmit).toHaveBeenCalledWith('v7');
  });

  it('reveals a right answer with ✓ and words, and locks the question', () => {
    render(
      <QuestionCard
        question={TABLE}
        onSubmit={() => undefined}
        revealed={{
          correct: true,
          expected: '2',
          given: 'table 2',
          explanation: 'ip rule 32765 (fwmark 0x2/0x2) → table 2.',
        }}
      />,
    );
    const reveal = screen.getByRole('status');
    expect(reveal.textContent).toContain('✓ Correct');
    expect(screen.getByTestId('ws-given').textContent).toBe('table 2');
    expect(screen.getByTestId('ws-expected').textContent).toBe('table 2');
    expect(screen.getByTestId('ws-explanation').textContent).toBe(
      'ip rule 32765 (fwmark 0x2/0x2) → table 2.',
    );
    expect(screen.queryByTestId('ws-submit')).toBeNull();
    expect((screen.getByTestId('ws-choice-0') as HTMLInputElement).closest('fieldset')!.disabled).toBe(true);
  });

  it('reveals a wrong answer with ✗, what was said and what the kernel did, by the choices’ labels', () => {
    render(
      <QuestionCard
        question={RULE}
        onSubmit={() => undefined}
        revealed={{ correct: false, expected: '1', given: 'policy', explanation: 'rule 1 matches first.' }}
      />,
    );
    expect(screen.getByRole('status').textContent).toContain('✗ Not quite');
    expect(screen.getByTestId('ws-given').textContent).toBe('none: the policy ACCEPT decides');
    expect(screen.getByTestId('ws-expected').textContent).toBe(
      '1: -d 192.168.150.0/24 -i eth0 -j MARK --set-xmark 0x6/0xffffffff',
    );
  });

  it('starts a new question empty', () => {
    const { rerender } = render(<QuestionCard question={NETMAP} onSubmit={() => undefined} />);
    fireEvent.change(answerBox(), { target: { value: '10.0.0.1' } });
    rerender(
      <QuestionCard
        question={{ ...NETMAP, prompt: 'vlab nat POSTROUTING: what is the source?' }}
        onSubmit={() => undefined}
      />,
    );
    expect(answerBox().value).toBe('');
  });

  it('shows hostile text as text', () => {
    const { container } = render(
      <QuestionCard
        question={{ prompt: '<img src=x onerror=alert(1)>', kind: 'mark' }}
        onSubmit={() => undefined}
      />,
    );
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByRole('heading').textContent).toBe('<img src=x onerror=alert(1)>');
  });
});
