import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ScoreBadge } from './ScoreBadge.tsx';

afterEach(cleanup);

describe('ScoreBadge', () => {
  it('says the score in numbers and words', () => {
    render(<ScoreBadge correct={3} total={4} />);
    const badge = screen.getByTestId('ws-score');
    expect(badge.textContent).toBe('Score 3/4 · 75%');
    expect(badge.getAttribute('aria-label')).toBe('Score: 3 of 4 correct (75%)');
  });

  it('shows 0% when there is nothing to score', () => {
    render(<ScoreBadge correct={0} total={0} />);
    expect(screen.getByTestId('ws-score').textContent).toBe('Score 0/0 · 0%');
  });
});
