/** Opening an exercise in the workbench: its lab becomes the lab on the canvas, the session starts. */
import type { LabActions } from '../../state/lab-store.ts';
import type { LoadedExercise } from '../../state/workshop/parse.ts';
import { createWorkshopSession } from '../../state/workshop/session.ts';
import { useUi } from '../app/ui-state.ts';
import { useWorkshop } from './workshop-mode.ts';

export function openExercise(loaded: LoadedExercise, act: LabActions): void {
  act.open(loaded.exercise.lab);
  useWorkshop.getState().start(createWorkshopSession(loaded));
  useUi.getState().showDock('trace');
}
