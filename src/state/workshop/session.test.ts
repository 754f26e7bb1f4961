import { describe, expect, it } from 'vitest';
import {
  createWorkshopSession,
  currentQuestion,
  goToQuestion,
  initialSession,
  nextQuestion,
  previousQuestion,
  submitAnswer,
  type SessionState,
} from './session.ts';
import { loaded } from './workshop.test-support.ts';

const x = loaded();
/** Answers every question of the example in turn. */
const play = (answers: string[]) => {
  let s = initialSession(x);
  for (const a of answers) s = nextQuestion(submitAnswer(s, x, a), x);
  return s;
};
const kindOf = (s: SessionState) => currentQuestion(s, x)?.question.kind;

describe('workshop session reducers (the example exercise)', () => {
  it('starts at the first flow’s first question, nothing answered', () => {
    const s = initialSession(x);
    expect(s).toMatchObject({ flow: 0, question: 0, revealed: false, finished: false });
    expect(s.score).toEqual({ correct: 0, total: 6, percent: 0 });
    expect(kindOf(s)).toBe('mark');
  });

  it('scores right and wrong predictions and reveals the engine’s answer', () => {
    let s = submitAnswer(initialSession(x), x, '0x6');
    expect(s.revealed).toBe(true);
    expect(s.answers[0]![0]).toMatchObject({ given: '0x6', correct: true, expected: '0x6' });
    s = submitAnswer(nextQuestion(s, x), x, '192.168.150.36');
    expect(s.answers[0]![1]).toMatchObject({
      given: '192.168.150.36',
      correct: false,
      expected: '192.168.149.36',
    });
    expect(s.answers[0]![1]!.explanation).toContain('NETMAP keeps the host part');
    expect(s.score).toEqual({ correct: 1, total: 6, percent: 17 });
  });

  it('keeps the first answer: a revealed question cannot be answered again', () => {
    const s = submitAnswer(initialSession(x), x, '0x2');
    expect(submitAnswer(s, x, '0x6')).toBe(s);
  });

  it('goes through both flows to the end, and back', () => {
    const all = play([
      '6',
      '192.168.149.36',
      'table 2',
      '192.168.149.2',
      'delivered',
      'neighbour unreachable',
    ]);
    expect(all.finished).toBe(true);
    expect(currentQuestion(all, x)).toBeNull();
    expect(all.score).toEqual({ correct: 6, total: 6, percent: 100 });
    expect(nextQuestion(all, x)).toBe(all);
    const back = previousQuestion(all, x);
    expect(back).toMatchObject({ flow: 1, question: 0, finished: false, revealed: true });
    const firstOfSecond = previousQuestion(back, x);
    expect(firstOfSecond).toMatchObject({ flow: 0, question: 4 });
    expect(kindOf(firstOfSecond)).toBe('verdict');
    const start = initialSession(x);
    expect(previousQuestion(start, x)).toBe(start);
  });

  it('a wrong verdict on the second flow costs one point', () => {
    const s = play(['0x6', '192.168.149.36', '2', '192.168.149.2', 'delivered', 'delivered']);
    expect(s.score).toEqual({ correct: 5, total: 6, percent: 83 });
    expect(s.answers[1]![0]).toMatchObject({ correct: false, expected: 'dropped: neighbour_unreachable' });
  });

  it('jumps to an existing question only', () => {
    const s = initialSession(x);
    expect(goToQuestion(s, x, 1, 0)).toMatchObject({ flow: 1, question: 0 });
    expect(goToQuestion(s, x, 1, 3)).toBe(s);
    expect(goToQuestion(s, x, 5, 0)).toBe(s);
  });
});

describe('createWorkshopSession', () => {
  it('applies the reducers and restarts', () => {
    const store = createWorkshopSession(x);
    store.getState().submit('0x6');
    store.getState().next();
    store.getState().submit('192.168.149.36');
    expect(store.getState()).toMatchObject({ flow: 0, question: 1, revealed: true });
    expect(store.getState().score).toEqual({ correct: 2, total: 6, percent: 33 });
    store.getState().goTo(1, 0);
    expect(store.getState().revealed).toBe(false);
    store.getState().previous();
    expect(store.getState()).toMatchObject({ flow: 0, question: 4 });
    store.getState().restart();
    expect(store.getState()).toMatchObject({ flow: 0, question: 0, revealed: false, finished: false });
    expect(store.getState().score.correct).toBe(0);
    expect(store.getState().exercise).toBe(x);
  });
});
