/**
 * Workshop mode in the workbench: the exercise being played (its session: current flow and question,
 * answers, score) and the instructor's draft (flows with chosen questions). Ephemeral: never in the
 * lab, its history or saved files — the exercise file is the saved form.
 */
import { create } from 'zustand';
import type { ExerciseFlow } from '../../engine/workshop/exercise.ts';
import type { WorkshopSession } from '../../state/workshop/session.ts';

interface WorkshopState {
  readonly session: WorkshopSession | null;
  /** Flows the instructor added to the exercise being made (the current trace is the next one). */
  readonly draft: readonly ExerciseFlow[];
  readonly title: string;
  /** Plays a session (open-exercise.ts creates it: the answer checker stays out of the initial load). */
  start(session: WorkshopSession): void;
  leave(): void;
  addDraftFlow(flow: ExerciseFlow): void;
  clearDraft(): void;
  setTitle(title: string): void;
}

export const useWorkshop = create<WorkshopState>()((set) => ({
  session: null,
  draft: [],
  title: '',
  start: (session) => set({ session }),
  leave: () => set({ session: null }),
  addDraftFlow: (flow) => set((s) => ({ draft: [...s.draft, flow] })),
  clearDraft: () => set({ draft: [] }),
  setTitle: (title) => set({ title }),
}));
