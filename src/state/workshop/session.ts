/**
 * A workshop session: the learner goes through the exercise's flows, question by question, predicts,
 * and the answer is revealed and scored. Ephemeral (never in the lab or its history). The reducers are
 * pure functions of (state, exercise); the store only applies them.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { checkAnswer, scoreOf } from '../../engine/workshop/check.ts';
import type { Check, Score } from '../../engine/workshop/question.ts';
import type { LoadedExercise, PlayQuestion } from './parse.ts';

export interface GivenAnswer extends Check {
  /** What the learner submitted, as typed. */
  readonly given: string;
}

export interface SessionState {
  /** Index of the current flow in `exercise.flows`. */
  readonly flow: number;
  /** Index of the current question in that flow's play order. */
  readonly question: number;
  /** Per flow, per question (play order): the answer given, or null. */
  readonly answers: readonly (readonly (GivenAnswer | null)[])[];
  /** Whether the current question's answer is shown. */
  readonly revealed: boolean;
  /** Past the last question. */
  readonly finished: boolean;
  /** Correct answers over all questions of the exercise (unanswered ones count as wrong). */
  readonly score: Score;
}

const derive = (s: Omit<SessionState, 'revealed' | 'score'>): SessionState => ({
  ...s,
  revealed: !s.finished && (s.answers[s.flow]?.[s.question] ?? null) !== null,
  score: scoreOf(s.answers.flat()),
});

export function initialSession(x: LoadedExercise): SessionState {
  return derive({
    flow: 0,
    question: 0,
    answers: x.flows.map((f) => f.questions.map(() => null)),
    finished: false,
  });
}

/** The question being asked, or null when the session is finished. */
export function currentQuestion(s: SessionState, x: LoadedExercise): PlayQuestion | null {
  if (s.finished) return null;
  return x.flows[s.flow]?.questions[s.question] ?? null;
}

/** Checks `given` against the engine's answer and reveals it; an answered question keeps its first answer. */
export function submitAnswer(s: SessionState, x: LoadedExercise, given: string): SessionState {
  const q = currentQuestion(s, x);
  if (!q || s.revealed) return s;
  const check = checkAnswer(q.question, given, x.flows[s.flow]!.result);
  const answers = s.answers.map((row, f) =>
    f === s.flow ? row.map((a, i) => (i === s.question ? { ...check, given } : a)) : row,
  );
  return derive({ ...s, answers });
}

/** Moves to the next question (the next flow's first after a flow's last), then to the end. */
export function nextQuestion(s: SessionState, x: LoadedExercise): SessionState {
  if (s.finished) return s;
  if (s.question + 1 < (x.flows[s.flow]?.questions.length ?? 0))
    return derive({ ...s, question: s.question + 1 });
  for (let f = s.flow + 1; f < x.flows.length; f++)
    if (x.flows[f]!.questions.length) return derive({ ...s, flow: f, question: 0 });
  return derive({ ...s, finished: true });
}

export function previousQuestion(s: SessionState, x: LoadedExercise): SessionState {
  if (s.finished) return derive({ ...s, finished: false });
  if (s.question > 0) return derive({ ...s, question: s.question - 1 });
  for (let f = s.flow - 1; f >= 0; f--) {
    const n = x.flows[f]!.questions.length;
    if (n) return derive({ ...s, flow: f, question: n - 1 });
  }
  return s;
}

/** Jumps to a question (ignored when it does not exist). */
export function goToQuestion(
  s: SessionState,
  x: LoadedExercise,
  flow: number,
  question: number,
): SessionState {
  if (!x.flows[flow]?.questions[question]) return s;
  return derive({ ...s, flow, question, finished: false });
}

export interface SessionActions {
  submit(given: string): void;
  next(): void;
  previous(): void;
  goTo(flow: number, question: number): void;
  restart(): void;
}

export type WorkshopSession = StoreApi<SessionState & SessionActions & { readonly exercise: LoadedExercise }>;

export function createWorkshopSession(exercise: LoadedExercise): WorkshopSession {
  return createStore<SessionState & SessionActions & { readonly exercise: LoadedExercise }>()((set) => ({
    exercise,
    ...initialSession(exercise),
    submit: (given) => set((s) => submitAnswer(s, exercise, given)),
    next: () => set((s) => nextQuestion(s, exercise)),
    previous: () => set((s) => previousQuestion(s, exercise)),
    goTo: (flow, question) => set((s) => goToQuestion(s, exercise, flow, question)),
    restart: () => set(initialSession(exercise)),
  }));
}
